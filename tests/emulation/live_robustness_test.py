#!/usr/bin/env python3
"""The live Map-Server under abuse, on loopback (docs/emulation.md):
- bad framing gets an Error Notification, then a close, and the server keeps serving;
- in the ietf profile a TCP connection without a UDP `r` registration is refused;
- a client that floods messages and never reads what comes back does not make the server grow without bound;
- many ETRs at once (--instances) all get every Registration answered;
- an ETR replayed from a capture (--from) registers what the capture's ETR registered.

usage: live_robustness_test.py MSRT [SOURCE_DIR] [--sanitized]
  --sanitized  msrt carries ASan/UBSan, whose quarantine keeps up to 256 MB of freed memory resident: the
               flood still runs, but the server's growth is not held to the bound
"""
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "support"))
from live_process import wait_for  # noqa: E402

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "live")

# Fixed test vectors, not an encoder: a header with Length 5 (below 12), and an empty message of unassigned type 99.
BAD_LENGTH = bytes.fromhex("0011000500000007")
UNKNOWN = bytes.fromhex("0063000c000000009facade9")


class Server:
    def __init__(self, msrt, policy, tmp, name):
        self.err = os.path.join(tmp, name + ".err")
        self.proc = subprocess.Popen([msrt, "emulate", "ms", "--listen", "127.0.0.1:0", "--policy",
                                      os.path.join(HERE, policy)],
                                     stdout=subprocess.DEVNULL, stderr=open(self.err, "w"))
        self.port = int(wait_for(self.err, r"listening on 127\.0\.0\.1:(\d+)", 10).group(1))

    def rss_kib(self):
        for line in open(f"/proc/{self.proc.pid}/status"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        return 0

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        if self.proc.wait(timeout=10) != 0:
            sys.exit(f"the Map-Server exited with {self.proc.returncode}")


def recv_all(sock, timeout=5):
    sock.settimeout(timeout)
    data = b""
    try:
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                return data, "closed"
            data += chunk
    except ConnectionResetError:
        return data, "reset"
    except socket.timeout:
        return data, "open"


def bad_framing(srv):
    s = socket.create_connection(("127.0.0.1", srv.port))
    s.sendall(BAD_LENGTH)
    data, end = recv_all(s)
    if end != "closed":
        sys.exit(f"bad framing: the connection ended '{end}', expected a close")
    wait_for(srv.err, r"-> Error Notification id=1 code=bad_length offending type=17 length=5 id=7", 5)
    print("bad framing: Error Notification quoting the header, then a close")


def unauthorised(srv):
    s = socket.create_connection(("127.0.0.1", srv.port))
    data, end = recv_all(s)
    if data or end == "open":
        sys.exit(f"ietf: a connection without UDP authorisation got {data!r} and stayed {end}")
    wait_for(srv.err, r"TCP refused: no UDP authorisation", 5)
    print("ietf: TCP without a UDP `r` registration refused")


def flood(srv, sanitized):
    before = srv.rss_kib()
    s = socket.create_connection(("127.0.0.1", srv.port))
    s.setblocking(False)
    sent, burst, end = 0, UNKNOWN * 5000, time.time() + 3
    while time.time() < end:
        try:
            sent += s.send(burst)
        except BlockingIOError:
            time.sleep(0.01)
    grown = srv.rss_kib() - before
    print(f"flood: {sent // len(UNKNOWN)} unknown messages accepted by the socket, answers unread; "
          f"server grew {grown} KiB")
    if grown > 64 * 1024 and not sanitized:
        sys.exit("the server's memory grew beyond the per-session bounds")
    s.close()


def many_etrs(msrt, srv, tmp):
    out = subprocess.run([msrt, "emulate", "etr", "--connect", f"127.0.0.1:{srv.port}", "--config",
                          os.path.join(HERE, "load-etr.txt"), "--instances", "50", "--prefixes", "20", "--spread",
                          "0.5", "--quiet", "--exit-when-settled", "--duration", "60"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, timeout=90)
    m = re.search(r"registrations: (\d+) sent, (\d+) answered \((\d+) ACK", out.stderr)
    if out.returncode != 0 or not m or m.group(1) != "1000" or m.group(2) != "1000" or m.group(3) != "1000":
        sys.exit(f"50 ETRs x 20 prefixes: exit {out.returncode}\n{out.stderr}")
    print("many ETRs:", m.group(0))


def replay(msrt, source, tmp):
    """samples/basic.pcapng's ETR, replayed against a Map-Server with the policy of its scenario."""
    policy = os.path.join(tmp, "basic.policy")
    with open(policy, "w") as f:
        subprocess.run([sys.executable, os.path.join(os.path.dirname(HERE), "offline", "scenario_policy.py"),
                        os.path.join(source, "samples", "scenarios", "basic.scn")], stdout=f, check=True)
    config = os.path.join(tmp, "replay.etr")
    with open(config, "w") as f:
        f.write("profile kouvelas-06\nkey example-key\n")
    srv = Server(msrt, policy, tmp, "replay")
    out = subprocess.run([msrt, "emulate", "etr", "--connect", f"127.0.0.1:{srv.port}", "--config", config, "--from",
                          os.path.join(source, "samples", "basic.pcapng"), "--quiet", "--json",
                          "--exit-when-settled", "--duration", "20"], capture_output=True, text=True, timeout=60)
    srv.stop()
    if out.returncode != 0:
        sys.exit(f"replay: exit {out.returncode}\n{out.stderr}")
    got = sorted((r["iid"], r["eid"], r["status"]) for r in json.loads(out.stdout)["etrs"][0]["registrations"])
    manifest = json.load(open(os.path.join(source, "samples", "basic.manifest.json")))
    want = sorted((r["iid"], r["eid"], r["status"]) for r in manifest["sessions"][0]["registrations"])
    if got != want:
        sys.exit(f"replay: {got} != manifest {want}")
    print(f"replay: the capture's ETR registered {len(got)} prefixes again, as its manifest says")


def main():
    sanitized = "--sanitized" in sys.argv
    args = [a for a in sys.argv[1:] if a != "--sanitized"]
    msrt = args[0]
    source = args[1] if len(args) > 1 else os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
    tmp = tempfile.mkdtemp(prefix="msrt-robust-")
    servers = []
    try:
        plain = Server(msrt, "robust-policy.txt", tmp, "plain")
        servers.append(plain)
        bad_framing(plain)
        flood(plain, sanitized)
        bad_framing(plain)  # still serving
        ietf = Server(msrt, "ietf-policy.txt", tmp, "ietf")
        servers.append(ietf)
        unauthorised(ietf)
        many_etrs(msrt, ietf, tmp)
        replay(msrt, source, tmp)
        for s in servers:
            s.stop()
    finally:
        for s in servers:
            if s.proc.poll() is None:
                s.proc.kill()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
