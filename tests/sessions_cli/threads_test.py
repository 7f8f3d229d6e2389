"""`--threads 2` (reading on one thread, interpreting on another) writes exactly what `--threads 1` writes.

usage: threads_test.py PATH/TO/msrt SAMPLES_DIR

For every sample, and for captures synthesised here that span many of the pipeline's batches (one with
retransmissions and capture loss), `msrt sessions`, `msrt events` and `msrt state --at` are run in both modes,
as tables, JSON and CSV, with and without filters: standard output, standard error and the exit status must be
the same.
"""
import glob
import json
import os
import subprocess
import sys
import tempfile
import unittest

MSRT = None
SAMPLES = None


def run(*args):
    p = subprocess.run([MSRT, *args], capture_output=True)
    return p.returncode, p.stdout, p.stderr


def moments(capture):
    """A few --at times inside the capture: session starts and ends, between them, relative to the first
    frame, and the end (resolved by the reader's last call, which the pipeline has to pass on)."""
    rc, out, _ = run("sessions", "--json", "--threads", "1", capture)
    assert rc in (0, 1), rc
    times = sorted(t for line in out.splitlines() for s in [json.loads(line)] for t in (s["start"], s["end"]))
    if not times:
        return ["1700000000"]
    picks = [times[0], times[len(times) // 2], (times[0] + times[-1]) / 2, times[-1] + 1000]
    return ["%.6f" % t for t in picks] + ["+%.6f" % ((times[-1] - times[0]) / 3), "end"]


class ThreadsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.captures = sorted(glob.glob(os.path.join(SAMPLES, "*.pcap")) +
                              glob.glob(os.path.join(SAMPLES, "*.pcapng")))
        synth = [
            ("many.pcap", ["--sessions", "300", "--prefixes", "60", "--detail", "counts", "--seed", "5"]),
            ("lossy.pcapng", ["--sessions", "150", "--prefixes", "80", "--detail", "counts", "--seed", "9",
                              "--impair", "retransmission=5%,out-of-order=3%,capture-loss=1%"]),
        ]
        for name, args in synth:
            path = os.path.join(cls.tmp.name, name)
            rc, _, err = run("synth", "-q", "--no-manifest", "-o", path, *args)
            assert rc == 0, err
            cls.captures.append(path)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def same(self, *args):
        one = run(*args, "--threads", "1")
        two = run(*args, "--threads", "2")
        self.assertEqual(one[0], two[0], "exit status of %s" % (args,))
        self.assertEqual(one[2].decode(), two[2].decode(), "stderr of %s" % (args,))
        self.assertTrue(one[1] == two[1], "stdout of %s differs" % (args,))
        return one

    def test_sessions_events_state(self):
        formats = [[], ["--json"], ["--csv"]]
        filters = [[], ["--iid", "1000"], ["--eid", "10.0.0.0/8"]]
        for capture in self.captures:
            name = os.path.basename(capture)
            with self.subTest(capture=name):
                outputs = 0
                for fmt in formats:
                    for flt in filters:
                        for cmd in ("sessions", "events"):
                            rc, out, _ = self.same(cmd, "--no-progress", *fmt, *flt, capture)
                            self.assertIn(rc, (0, 1))
                            outputs += len(out) > 0
                for at in moments(capture):
                    for fmt in formats:
                        self.same("state", "--no-progress", "--all", "--at", at, *fmt, capture)
                self.assertGreater(outputs, 0, "%s: nothing was written" % name)

    def test_several_inputs(self):
        self.same("sessions", "--json", "--no-progress", *self.captures)
        self.same("events", "--csv", "--no-progress", *self.captures)

    def test_input_errors(self):
        missing = os.path.join(self.tmp.name, "missing.pcap")
        rc, _, err = self.same("sessions", "--no-progress", missing)
        self.assertEqual(rc, 2)
        self.assertIn(b"missing.pcap", err)
        # A capture cut in the middle of a record: an input problem, said on stderr, exit status 1.
        truncated = os.path.join(self.tmp.name, "truncated.pcap")
        with open(os.path.join(self.tmp.name, "many.pcap"), "rb") as f:
            data = f.read()
        with open(truncated, "wb") as f:
            f.write(data[: len(data) // 2 + 7])
        rc, _, err = self.same("sessions", "--json", "--no-progress", truncated)
        self.assertEqual(rc, 1)
        self.assertIn(b"input problem", err)

    def test_bad_thread_count(self):
        rc, _, err = run("sessions", "--threads", "3", self.captures[0])
        self.assertEqual(rc, 2)
        self.assertIn(b"--threads", err)


if __name__ == "__main__":
    MSRT = sys.argv.pop(1)
    SAMPLES = sys.argv.pop(1)
    unittest.main(verbosity=1)
