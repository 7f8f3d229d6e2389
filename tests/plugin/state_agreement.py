#!/usr/bin/env python3
"""One state machine (issue #5 item 3): on every capture, `msrt sessions --json` and `tshark -z lisp-msrt,state`
with the plugin must give the same final registration table per session: each (IID, EID prefix) with its status
and NACK reason. Both come from protocol/'s session tracker; this catches a caller that feeds it differently
(reassembly, direction, profile, what counts as the end of a session). Unlike the manifest checks it also
covers captures with capture loss, where no manifest says what the table should be. The UDP authentication
each session consumed (r bit, Map-Notify seen; protocol/'s UdpAuthTracker) must agree as well.

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
    out, auth = {}, {}
    for line in p.stdout.splitlines():
        s = json.loads(line)
        out[(s["etr"], s["ms"])] = {(r["iid"], r["eid"]): (r["status"], r["reason"]) for r in s["registrations"]}
        a = s["udp_auth"]
        auth[(s["etr"], s["ms"])] = (a["r_bit"], a["map_notify"]) if a else None
    return out, auth


def from_plugin(ts, capture, opts):
    return state_tables(ts.run(["-r", ts.share(capture), "-q", "-z", "lisp-msrt,state"] + opts).stdout)


AUTH_FIELDS = ["ip.src", "ipv6.src", "tcp.srcport", "ip.dst", "ipv6.dst", "tcp.dstport", "lisp-msrt.udp_auth.r",
               "lisp-msrt.udp_auth.notified"]


def plugin_auth(ts, capture, opts):
    """{the two endpoints, either way round: (r bit, Map-Notify seen)} of every session with a UDP
    authentication, from the fields the plugin puts on each of its messages when a filter asks for them."""
    args = ["-r", ts.share(capture), "-2", "-Y", "lisp-msrt.udp_auth.r", "-T", "fields", "-E", "occurrence=f"]
    p = ts.run(args + sum((["-e", f] for f in AUTH_FIELDS), []) + opts)
    out = {}
    for line in p.stdout.splitlines():
        src4, src6, sport, dst4, dst6, dport, r, notified = line.split("\t")
        src = src4 or "[%s]" % src6
        dst = dst4 or "[%s]" % dst6
        flag = lambda v: v in ("1", "True")
        out[frozenset(("%s:%s" % (src, sport), "%s:%s" % (dst, dport)))] = (flag(r), flag(notified))
    return out


def compare_auth(name, mine, theirs):
    problems = ["session %s: msrt sessions %s, plugin %s" % (key, a, theirs.get(frozenset(key)))
                for key, a in sorted(mine.items()) if a != theirs.get(frozenset(key))]
    if problems:
        print("FAIL %s UDP authentication: %s" % (name, "; ".join(problems[:5])))
    return not problems


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
            mine, auth = {}, {}
            for port in sorted(ports):
                tables, auths = from_sessions(msrt, capture, profile, port)
                mine.update(tables)
                auth.update(auths)
            ok = compare(os.path.basename(capture), mine, theirs) and ok
            ok = compare_auth(os.path.basename(capture), auth, plugin_auth(ts, capture, opts)) and ok
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
