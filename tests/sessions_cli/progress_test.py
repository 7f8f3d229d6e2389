"""The progress line of a long read: shown on standard error when it is a terminal, never otherwise.

usage: progress_test.py PATH/TO/msrt

A capture of a few MB reads in a blink, so the tests make the read long: the capture is fed through a pipe
(standard input, or a named pipe) in two halves with a pause between them, longer than the line's first
delay (0.7 s). Standard error is a pseudo-terminal, or a pipe for the cases where no line may appear.
`msrt state --at end-S` reads its inputs twice, first to find their end: that first pass has a line of its
own, checked through a named pipe written twice.
"""
import errno
import fcntl
import os
import pty
import subprocess
import sys
import tempfile
import threading
import time
import unittest

MSRT = None
PAUSE = 1.2  # seconds between the halves


def read_all(fd, into):
    """Everything written to the terminal until its last writer is gone (EIO on Linux)."""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            return
        if not chunk:
            return
        into.append(chunk)


def feed_in_halves(write, data):
    half = len(data) // 2
    write(data[:half])
    time.sleep(PAUSE)
    write(data[half:])


class Stderr:
    """Standard error of a child: a pseudo-terminal (terminal=True) or a pipe, and what it received."""

    def __init__(self, terminal):
        self.chunks = []
        self.master, self.slave = pty.openpty() if terminal else os.pipe()
        self.reader = threading.Thread(target=read_all, args=(self.master, self.chunks))

    def started(self):
        os.close(self.slave)  # the child holds it now: reading ends when the child exits
        self.reader.start()

    def text(self):
        self.reader.join(timeout=30)
        os.close(self.master)
        return b"".join(self.chunks).decode(errors="replace")


def fd_open_on(pid, path):
    """Whether process `pid` holds a file descriptor on `path`."""
    fd_dir = "/proc/%d/fd" % pid
    try:
        names = os.listdir(fd_dir)
    except FileNotFoundError:
        return False
    for name in names:
        try:
            if os.readlink(os.path.join(fd_dir, name)) == path:
                return True
        except OSError:
            pass
    return False


def open_writer(fifo, p):
    """The named pipe opened for writing once `p` opened it for reading; None if `p` exited first (a blocking
    open would then wait forever)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        except OSError as e:
            if e.errno != errno.ENXIO or p.poll() is not None:
                return None
            time.sleep(0.01)
            continue
        fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) & ~os.O_NONBLOCK)
        return os.fdopen(fd, "wb")
    return None


class ProgressTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        try:  # a container without /dev/pts cannot give a terminal
            for fd in pty.openpty():
                os.close(fd)
        except OSError as e:
            raise unittest.SkipTest("no pseudo-terminal here: %s" % e)
        cls.dir = tempfile.TemporaryDirectory()
        cls.capture = os.path.join(cls.dir.name, "long.pcap")
        # About 14,000 frames: the line is looked at every 4096 frames, so some of those looks come after
        # the pause.
        subprocess.run([MSRT, "synth", "-q", "--detail", "counts", "--no-manifest", "--sessions", "200",
                        "--prefixes", "150", "-o", cls.capture], check=True)
        with open(cls.capture, "rb") as f:
            cls.data = f.read()

    @classmethod
    def tearDownClass(cls):
        cls.dir.cleanup()

    def from_stdin(self, terminal, *args):
        err = Stderr(terminal)
        p = subprocess.Popen([MSRT, *args, "-"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                             stderr=err.slave)
        err.started()

        def write(chunk):
            p.stdin.write(chunk)
            p.stdin.flush()

        feed_in_halves(write, self.data)
        p.stdin.close()
        rc = p.wait(timeout=60)
        return rc, err.text()

    def test_on_a_terminal_a_line_is_drawn_then_cleared(self):
        rc, text = self.from_stdin(True, "sessions", "--json")
        self.assertEqual(rc, 0, text)
        self.assertIn("\rmsrt sessions: read ", text)
        # Standard input has no size to give a share of: amounts only.
        self.assertNotIn(" of ", text)
        self.assertTrue(text.endswith("\r\x1b[K"), repr(text[-40:]))

    def test_each_command_names_itself(self):
        for command, extra in (("events", ()), ("state", ("--at", "end"))):
            rc, text = self.from_stdin(True, command, "--json", *extra)
            self.assertIn(rc, (0, 1), text)
            self.assertIn("\rmsrt %s: read " % command, text)

    def test_no_line_without_a_terminal(self):
        rc, text = self.from_stdin(False, "sessions", "--json")
        self.assertEqual(rc, 0, text)
        self.assertEqual(text, "")

    def test_no_line_when_asked_for_none(self):
        rc, text = self.from_stdin(True, "sessions", "--json", "--no-progress")
        self.assertEqual(rc, 0, text)
        self.assertEqual(text, "")

    def test_state_at_the_end_minus_a_duration_shows_its_first_pass(self):
        fifo = os.path.join(self.dir.name, "capture.fifo")
        os.mkfifo(fifo)
        err = Stderr(True)
        p = subprocess.Popen([MSRT, "state", "--json", "--at", "end-5", fifo], stdout=subprocess.PIPE,
                             stderr=err.slave)
        err.started()
        try:
            w = open_writer(fifo, p)  # the first pass, slowly
            self.assertIsNotNone(w, "msrt state did not open the pipe")
            with w:

                def write(chunk):
                    w.write(chunk)
                    w.flush()

                feed_in_halves(write, self.data)
            # The second pass opens the pipe again: wait until the first let go of it, or this writer would
            # feed the first pass's end.
            deadline = time.monotonic() + 30
            while fd_open_on(p.pid, fifo) and time.monotonic() < deadline:
                time.sleep(0.01)
            w = open_writer(fifo, p)
            self.assertIsNotNone(w, "msrt state did not open the pipe a second time")
            with w:
                w.write(self.data)
            out, _ = p.communicate(timeout=60)
            text = err.text()
        finally:
            if p.poll() is None:
                p.kill()
            os.unlink(fifo)
        self.assertIn(p.returncode, (0, 1), text)
        self.assertIn("\rmsrt state (finding the end): read ", text)
        self.assertTrue(out.strip(), "no state written")


if __name__ == "__main__":
    MSRT = sys.argv.pop(1)
    unittest.main(verbosity=1)
