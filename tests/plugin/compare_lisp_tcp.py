#!/usr/bin/env python3
"""The plugin against Wireshark's built-in lisp-tcp, run against run on the same captures: wherever both decode
a frame cleanly, the messages must agree in type, length, Message ID, NACK reason, refresh scope and EID.

Run 1 has the plugin on port 4342; run 2 gives the port back with `-d tcp.port==4342,lisp-tcp` and
`--disable-protocol lisp-msrt`.

Usage: compare_lisp_tcp.py PLUGIN_SO CAPTURE [CAPTURE...]
"""
import sys

import plugin_view as pv
from tshark_env import Tshark

BUILTIN = ["-d", "tcp.port==4342,lisp-tcp", "--disable-protocol", "lisp-msrt"]
# Types whose EID lisp-tcp shows (a Registration's through the built-in lisp dissector).
EID_TYPES = {17, 18, 19, 20, 21}


def by_frame(records):
    out = {}
    for r in records:
        out.setdefault(r["frame"], []).append(r)
    return out


def clean_builtin(msgs):
    return all(sev < pv.SEVERITY_ERROR for m in msgs for _, sev in m["experts"]) and all(
        m["length"] and m["length"] >= 12 for m in msgs)


def compare_frame(frame, ours, theirs, failures):
    what = "frame %d" % frame
    if [(m["type_code"], m["length"], m["id"]) for m in ours] != [(m["type_code"], m["length"], m["id"])
                                                                  for m in theirs]:
        failures.append("%s: lisp-msrt %s, lisp-tcp %s" % (what, [(m["type_code"], m["length"], m["id"]) for m in ours],
                                                         [(m["type_code"], m["length"], m["id"]) for m in theirs]))
        return 1
    checks = 1
    for o, t in zip(ours, theirs):
        if o["type_code"] == 19:
            checks += 1
            if o["reason_code"] != t["reason_code"]:
                failures.append("%s id %d: reason %s vs %s" % (what, o["id"], o["reason_code"], t["reason_code"]))
        if o["type_code"] == 20:
            checks += 1
            if o["scope"] != t["scope"]:
                failures.append("%s id %d: scope %s vs %s" % (what, o["id"], o["scope"], t["scope"]))
        single = o["type_code"] != 17 or len(o["eids"]) == 1  # several records: lisp-tcp shows each apart
        if o["type_code"] in EID_TYPES and single and (o["type_code"] != 20 or o["scope"] != 0):
            checks += 1
            mine = pv.parse_eid(o["eids"][0]) if o["eids"] else None
            if mine != t["eid"]:
                failures.append("%s id %d: EID %s vs %s" % (what, o["id"], mine, t["eid"]))
    return checks


def compare(ts, capture, failures):
    ours = by_frame(r for r in pv.msrt_messages(ts.json(capture)) if r["src"].endswith(":4342") or
                    r["dst"].endswith(":4342"))
    theirs = by_frame(pv.lisp_tcp_messages(ts.json(capture, BUILTIN)))
    checks = frames = 0
    for frame, msgs in sorted(theirs.items()):
        mine = ours.get(frame, [])
        if not clean_builtin(msgs) or any(m["framing_error"] is not None or m["short_form"] or m["malformed"]
                                          for m in mine):
            continue
        frames += 1
        checks += compare_frame(frame, mine, msgs, failures)
    return frames, checks


def main():
    plugin, captures = sys.argv[1], sys.argv[2:]
    failures, total = [], 0
    with Tshark(plugin) as ts:
        for cap in captures:
            before = len(failures)
            frames, checks = compare(ts, cap, failures)
            print("%s: %d frames compared, %d checks, %d differences" % (cap, frames, checks, len(failures) - before))
            total += checks
    for f in failures:
        print("FAIL " + f)
    print("%d passed, %d failed" % (total - len(failures), len(failures)))
    sys.exit(1 if failures or total == 0 else 0)


if __name__ == "__main__":
    main()
