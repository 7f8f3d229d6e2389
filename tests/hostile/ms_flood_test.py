#!/usr/bin/env python3
"""The live Map-Server emulator under a connection flood, on loopback only (issue #7).

While a flood hits `msrt emulate ms`, well-behaved ETRs (`msrt emulate etr --instances`) must still get every
Registration answered, the garbage senders must be cut off, and the server's memory must stay bounded. The
flood, bounded in count and time:
  - IDLE connections that never send a byte and never read (half-open from the protocol's view);
  - STALLED connections that send a header declaring 65,535 octets, a little of the body, then nothing;
  - garbage senders that connect, write random octets and wait to be closed, one after another, for the
    length of the ETR run.
Then a flood past the server's session limit (10,000): LIMIT + 500 idle connections. The oldest silent
sessions must make room, so that the ETRs are still served (skipped, with a note, when the file descriptor
limit cannot hold that many). After the floods the server must still serve a new ETR and exit cleanly on
SIGTERM.

Usage: ms_flood_test.py MSRT [--sanitized]
  --sanitized  msrt carries ASan/UBSan: its memory is not held to the bound (shadow memory)
"""
import os
import random
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "support"))
from live_process import wait_for  # noqa: E402

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "flood")
IDLE = int(os.environ.get("MSRT_FLOOD_IDLE", 2000))
SESSION_LIMIT = 10_000  # MsLiveOptions::max_sessions
STALLED = 200
ETRS, PREFIXES = 20, 10
RSS_BOUND_MIB = 128
LOOPBACK = "127.0.0.1"


SANITIZED = "--sanitized" in sys.argv


def fail(msg):
    sys.exit("ms_flood_test: " + msg)


def rss_mib(pid):
    for line in open("/proc/%d/status" % pid):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0


def connect(port):
    s = socket.create_connection((LOOPBACK, port), timeout=10)
    s.setblocking(False)
    return s


class Garbage(threading.Thread):
    """Connection after connection of random octets, each left until the server closes it."""

    def __init__(self, port):
        super().__init__(daemon=True)
        self.port, self.stop, self.connections, self.closed_by_server, self.left_open = port, False, 0, 0, 0
        self.rng = random.Random(7)

    def one(self):
        s = socket.create_connection((LOOPBACK, self.port), timeout=10)
        try:
            # Random octets behind a header whose Length (1-7) no message can have: the framing is broken
            # at once, so the server must not wait for more. Every other connection also ends its side, so
            # that a server which missed the broken header still sees the end.
            header = bytes([0, self.rng.randrange(256), 0, self.rng.randrange(1, 8)])
            s.sendall(header + bytes(self.rng.getrandbits(8) for _ in range(2044)))
            if self.connections % 2:
                s.shutdown(socket.SHUT_WR)
            s.settimeout(5)
            while s.recv(65536):
                pass
            self.closed_by_server += 1
        except ConnectionResetError:
            self.closed_by_server += 1
        except (socket.timeout, BrokenPipeError):
            self.left_open += 1
        finally:
            s.close()
        self.connections += 1

    def run(self):
        while not self.stop:
            self.one()


def run_etrs(msrt, port, instances, prefixes):
    p = subprocess.run([msrt, "emulate", "etr", "--connect", "%s:%d" % (LOOPBACK, port), "--config",
                        os.path.join(HERE, "etr.txt"), "--instances", str(instances), "--prefixes", str(prefixes),
                        "--spread", "1", "--quiet", "--exit-when-settled", "--duration", "60"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, timeout=120)
    m = re.search(r"registrations: (\d+) sent, (\d+) answered \((\d+) ACK", p.stderr)
    want = str(instances * prefixes)
    if p.returncode != 0 or not m or m.groups() != (want, want, want):
        fail("%d ETRs x %d prefixes during the flood: exit %d\n%s" % (instances, prefixes, p.returncode,
                                                                     p.stderr[-2000:]))
    return m.group(0)


def closed_by_server(s):
    """Reads what the server sent (its Refresh) up to the end of the stream, if it has ended."""
    try:
        while s.recv(65536):
            pass
        return True
    except BlockingIOError:
        return False
    except OSError:
        return True


def over_the_limit(msrt, port, pid, held, fd_limit):
    count = SESSION_LIMIT + 500
    if fd_limit < count + 256:
        print("over the session limit: skipped (%d file descriptors allowed, %d needed)" % (fd_limit, count + 256))
        return
    refused = 0
    for _ in range(count):
        try:
            held.append(connect(port))
        except ConnectionResetError:
            refused += 1  # a server that refuses newcomers at its limit: the ETRs below will fail too
    if refused:
        print("over the session limit: %d of %d connections refused" % (refused, count))
    served = run_etrs(msrt, port, ETRS, PREFIXES)
    time.sleep(0.5)
    evicted = sum(1 for s in held if closed_by_server(s))
    rss = rss_mib(pid)
    print("over the session limit: %d idle connections, %d of them closed to make room; %s; RSS %.0f MiB"
          % (count, evicted, served, rss))
    if evicted < count - SESSION_LIMIT:
        fail("only %d silent sessions made room for %d new ones" % (evicted, count - SESSION_LIMIT))
    if rss > RSS_BOUND_MIB and not SANITIZED:
        fail("the Map-Server grew to %.0f MiB" % rss)


def main():
    msrt = sys.argv[1]
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    if hard < IDLE + STALLED + 256:
        fail("needs %d file descriptors, the limit is %d" % (IDLE + STALLED + 256, hard))
    tmp = tempfile.mkdtemp(prefix="msrt-flood-")
    err = os.path.join(tmp, "ms.err")
    ms = subprocess.Popen([msrt, "emulate", "ms", "--listen", LOOPBACK + ":0", "--policy",
                           os.path.join(HERE, "policy.txt"), "--quiet"],
                          stdout=subprocess.DEVNULL, stderr=open(err, "w"))
    held = []
    try:
        port = int(wait_for(err, r"listening on 127\.0\.0\.1:(\d+)", 10).group(1))
        start = time.time()
        for _ in range(IDLE):
            held.append(connect(port))
        stalled_header = bytes.fromhex("0011ffff00000000") + bytes(100)
        for _ in range(STALLED):
            s = connect(port)
            s.send(stalled_header)
            held.append(s)
        garbage = Garbage(port)
        garbage.start()
        served = run_etrs(msrt, port, ETRS, PREFIXES)
        garbage.stop = True
        garbage.join(timeout=30)
        peak = rss_mib(ms.pid)
        if ms.poll() is not None:
            fail("the Map-Server died during the flood (exit %s)" % ms.returncode)
        print("flood: %d idle + %d stalled connections held, %d garbage connections (%d closed by the server)"
              % (IDLE, STALLED, garbage.connections, garbage.closed_by_server))
        print("served during the flood: " + served)
        print("Map-Server RSS after the flood: %.0f MiB (bound %d MiB); %.1f s" % (peak, RSS_BOUND_MIB,
                                                                                  time.time() - start))
        if garbage.connections == 0 or garbage.left_open:
            fail("%d garbage connections were left open by the server" % garbage.left_open)
        if peak > RSS_BOUND_MIB and not SANITIZED:
            fail("the Map-Server grew to %.0f MiB" % peak)
        for s in held:
            s.close()
        held.clear()
        over_the_limit(msrt, port, ms.pid, held, hard)
        for s in held:
            s.close()
        held.clear()
        print("after the floods: " + run_etrs(msrt, port, 1, PREFIXES))
        ms.send_signal(signal.SIGTERM)
        if ms.wait(timeout=20) != 0:
            fail("the Map-Server exited with %d" % ms.returncode)
    finally:
        for s in held:
            s.close()
        if ms.poll() is None:
            ms.kill()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
