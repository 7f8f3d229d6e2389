#!/usr/bin/env python3
"""The live ETR against the live Map-Server on loopback (docs/emulation.md).

The ETR registers one prefix per outcome (accepted, NACK reasons 1 to 4), withdraws one, and the Map-Server's
policy is then changed (SIGHUP), which causes scoped Refreshes (scope 4 with R=0 and R=1, scope 3 with R=1).
Both final states must equal live/expected.json.

usage: live_loopback_test.py MSRT [--capture OUT.pcap]
With --capture, tcpdump records the exchange on the loopback interface (for the capture tests).
"""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "support"))
from live_process import compare_state, wait_for  # noqa: E402

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "live")
DEADLINE = 30  # seconds for the whole exchange


def wait_quiet(path, settle=0.7, timeout=10):
    """Waits until the log stops growing for `settle` seconds."""
    end = time.time() + timeout
    size, since = -1, time.time()
    while time.time() < end:
        now = os.path.getsize(path)
        if now != size:
            size, since = now, time.time()
        elif time.time() - since >= settle:
            return
        time.sleep(0.05)


def start_capture(port, out, tmp):
    log = os.path.join(tmp, "tcpdump.err")
    p = subprocess.Popen(["tcpdump", "-i", "lo", "-U", "--immediate-mode", "-w", out, f"port {port}"],
                         stdout=subprocess.DEVNULL, stderr=open(log, "w"))
    wait_for(log, r"listening on", 10)
    return p


def final_state(path, role):
    with open(path) as f:
        doc = json.load(f)
    rows = doc["registrations"] if role == "ms" else doc["etrs"][0]["registrations"]
    return {f"[{r['iid']}] {r['eid']}": [r["status"], r["reason"]] for r in rows}


def main():
    msrt = sys.argv[1]
    capture = sys.argv[sys.argv.index("--capture") + 1] if "--capture" in sys.argv else None
    tmp = tempfile.mkdtemp(prefix="msrt-live-")
    policy = os.path.join(tmp, "policy.txt")
    shutil.copy(os.path.join(HERE, "policy-v1.txt"), policy)
    ms_err, etr_err = os.path.join(tmp, "ms.err"), os.path.join(tmp, "etr.err")
    ms_state, etr_state = os.path.join(tmp, "ms.json"), os.path.join(tmp, "etr.json")
    procs = []
    try:
        ms = subprocess.Popen([msrt, "emulate", "ms", "--listen", "127.0.0.1:0", "--policy", policy,
                               "--state-out", ms_state], stdout=subprocess.DEVNULL, stderr=open(ms_err, "w"))
        procs.append(ms)
        port = wait_for(ms_err, r"listening on 127\.0\.0\.1:(\d+)", 10).group(1)
        print("Map-Server port:", port, flush=True)
        if capture:
            procs.append(start_capture(port, capture, tmp))
        etr = subprocess.Popen([msrt, "emulate", "etr", "--connect", f"127.0.0.1:{port}", "--config",
                                os.path.join(HERE, "etr.txt"), "--state-out", etr_state],
                               stdout=subprocess.DEVNULL, stderr=open(etr_err, "w"))
        procs.append(etr)
        # Ten Registrations answered, then the withdrawal answered: the ETR is where the policy change finds it.
        wait_for(etr_err, r"<- Registration (?:N?ACK)", DEADLINE, count=11)
        shutil.copy(os.path.join(HERE, "policy-v2.txt"), policy)
        ms.send_signal(signal.SIGHUP)
        wait_for(ms_err, r"policy reloaded", 10)
        wait_for(etr_err, r"<- Registration (?:N?ACK)", DEADLINE, count=11 + 6)
        wait_quiet(etr_err)
        refreshes = re.findall(r"-> Registration Refresh id=\d+ (.*)", open(ms_err).read())
        expected_refreshes = ["all", "exact [1000] 10.3.0.0/16 (rejected only)", "exact [1000] 10.5.0.0/16",
                              "exact [1000] 10.7.0.0/16 (rejected only)",
                              "covering [1000] 10.8.0.0/13 (rejected only)"]
        if refreshes != expected_refreshes:
            sys.exit(f"Refreshes sent: {refreshes}, expected {expected_refreshes}")
        print("Refreshes as expected:", "; ".join(refreshes))
        for p in (etr, ms):
            p.send_signal(signal.SIGTERM)
            if p.wait(timeout=10) != 0:
                sys.exit(f"{p.args[:3]} exited with {p.returncode}")
        expected = json.load(open(os.path.join(HERE, "expected.json")))
        compare_state("ETR", final_state(etr_state, "etr"), expected)
        compare_state("Map-Server", final_state(ms_state, "ms"), expected)
        if capture:
            time.sleep(0.5)  # tcpdump stops at once on SIGTERM: let it read the closing segments first
    finally:
        for p in procs:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
                try:
                    p.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    p.kill()
        if os.environ.get("MSRT_KEEP_TMP"):
            print("logs kept in", tmp)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
