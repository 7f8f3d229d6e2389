#!/usr/bin/env python3
"""The live loopback exchange (live_loopback_test.py), captured by tcpdump, then decoded offline: `msrt sessions`
and tshark with the lisp-msrt plugin must both rebuild the final state both emulators ended with
(live/expected.json). Three independent views of one conversation: the emulators' own tables, the capture tool's
reassembly and the plugin's reassembly inside Wireshark.

usage: live_capture_test.py MSRT PLUGIN_SO
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "plugin"))
from plugin_view import state_tables  # noqa: E402
from tshark_env import Tshark  # noqa: E402
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "support"))
from live_process import compare_state  # noqa: E402


def from_sessions(msrt, capture, port):
    p = subprocess.run([msrt, "sessions", "--json", "--no-progress", "--profile", "ietf", "--port", port, capture],
                       capture_output=True, text=True, timeout=60)
    if p.returncode not in (0, 1):
        sys.exit(f"msrt sessions failed ({p.returncode}): {p.stderr}")
    sessions = [json.loads(line) for line in p.stdout.splitlines() if line.strip()]
    if len(sessions) != 1:
        sys.exit(f"msrt sessions found {len(sessions)} sessions in the loopback capture, expected 1:\n{p.stdout}")
    if sessions[0]["end_reason"] != "fin":
        sys.exit(f"the session ended by {sessions[0]['end_reason']}, expected fin")
    return {f"[{r['iid']}] {r['eid']}": [r["status"], r["reason"]] for r in sessions[0]["registrations"]}


def from_plugin(plugin, capture):
    """The -z lisp-msrt,state table; the port is not 4342, so this also exercises the heuristic."""
    with Tshark(plugin) as ts:
        out = ts.run(["-r", ts.share(capture), "-q", "-z", "lisp-msrt,state"]).stdout
    tables = state_tables(out)
    if len(tables) != 1:
        sys.exit(f"tshark -z lisp-msrt,state shows {len(tables)} sessions, expected 1:\n{out}")
    rows = next(iter(tables.values()))
    return {f"[{iid}] {eid}": [status, reason] for (iid, eid), (status, reason) in rows.items()}


def main():
    msrt, plugin = sys.argv[1], sys.argv[2]
    if os.geteuid() != 0:
        print("SKIP: capturing on the loopback interface needs root")
        sys.exit(77)
    tmp = tempfile.mkdtemp(prefix="msrt-live-capture-")
    try:
        capture = os.path.join(tmp, "live.pcap")
        p = subprocess.run([sys.executable, os.path.join(HERE, "live_loopback_test.py"), msrt, "--capture", capture],
                           capture_output=True, text=True, timeout=180)
        print(p.stdout, end="")
        if p.returncode != 0:
            sys.exit(f"the live exchange failed ({p.returncode}): {p.stderr}")
        port = re.search(r"Map-Server port: (\d+)", p.stdout).group(1)
        expected = json.load(open(os.path.join(HERE, "live", "expected.json")))
        compare_state("msrt sessions", from_sessions(msrt, capture, port), expected)
        compare_state("tshark -z lisp-msrt,state", from_plugin(plugin, capture), expected)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
