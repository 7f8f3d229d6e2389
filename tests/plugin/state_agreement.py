#!/usr/bin/env python3
"""One state machine (issue #5 item 3): on every capture, `msrt sessions --json` and `tshark -z lisp-msrt,state`
with the plugin must give the same final registration table per session: each (IID, EID prefix) with its status
and NACK reason. Both come from protocol/'s session tracker; this catches a caller that feeds it differently
(reassembly, direction, profile, what counts as the end of a session). Unlike the manifest checks it also
covers captures with capture loss, where no manifest says what the table should be.

usage: state_agreement.py MSRT PLUGIN_SO CAPTURE...
"""
import json
import os
import subprocess
import sys

from tshark_env import Tshark
from check_manifest import manifest_path, tcp_options
from plugin_view import state_tables


def profile_of(capture):
    try:
        with open(manifest_path(capture)) as f:
            manifest = json.load(f)
    except FileNotFoundError:
        return "kouvelas-06", []
    return manifest.get("profile", "kouvelas-06"), tcp_options(manifest)


def from_sessions(msrt, capture, profile, port):
    p = subprocess.run([msrt, "sessions", "--json", "--no-progress", "--profile", profile, "--port", port, capture],
                       capture_output=True, text=True, timeout=300)
    if p.returncode not in (0, 1):
        raise RuntimeError("msrt sessions %s: exit %d: %s" % (capture, p.returncode, p.stderr[-500:]))
    out = {}
    for line in p.stdout.splitlines():
        s = json.loads(line)
        out[(s["etr"], s["ms"])] = {(r["iid"], r["eid"]): (r["status"], r["reason"]) for r in s["registrations"]}
    return out


def from_plugin(ts, capture, opts):
    return state_tables(ts.run(["-r", ts.share(capture), "-q", "-z", "lisp-msrt,state"] + opts).stdout)


def compare(name, mine, theirs):
    problems = []
    for key in sorted(set(mine) | set(theirs)):
        a, b = mine.get(key), theirs.get(key)
        if a is None or b is None:
            problems.append("session %s only in %s" % (key, "msrt sessions" if b is None else "the plugin"))
            continue
        for k in sorted(set(a) | set(b)):
            if a.get(k) != b.get(k):
                problems.append("session %s %s: msrt sessions %s, plugin %s" % (key, k, a.get(k), b.get(k)))
    rows = sum(len(v) for v in mine.values())
    print("%s %s: %d sessions, %d registrations%s" % ("ok  " if not problems else "FAIL", name, len(mine), rows,
                                                      "" if not problems else "; " + "; ".join(problems[:5])))
    return not problems and rows > 0


def main():
    msrt, plugin, captures = sys.argv[1], sys.argv[2], sys.argv[3:]
    ok = True
    with Tshark(plugin) as ts:
        for capture in captures:
            profile, opts = profile_of(capture)
            theirs = from_plugin(ts, capture, opts)
            # The plugin also finds sessions on other ports by heuristics; msrt sessions is told the port.
            ports = {ms.rsplit(":", 1)[1] for _, ms in theirs} or {"4342"}
            mine = {}
            for port in sorted(ports):
                mine.update(from_sessions(msrt, capture, profile, port))
            ok = compare(os.path.basename(capture), mine, theirs) and ok
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
