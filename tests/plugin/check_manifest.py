#!/usr/bin/env python3
"""The plugin against the ground truth: for each capture, tshark (two passes, the plugin loaded) must decode
every message the manifest says is in the capture with the manifest's fields, pair every answered Registration
with its ACK/NACK, rebuild the final registration table and message counts (-z lisp-msrt,state / ,stat), and
report zero expert errors on a capture without framing impairments.

Usage: check_manifest.py PLUGIN_SO CAPTURE [CAPTURE...]   (CAPTURE.manifest.json beside each capture)
"""
import json
import os
import re
import sys

import plugin_view as pv
from tshark_env import Tshark

FRAMING_IMPAIRMENTS = {"framing", "bad_framing", "corrupt", "garbage", "truncated", "truncation"}


def manifest_path(capture):
    base = capture
    for ext in (".pcapng", ".pcap"):
        if base.endswith(ext):
            base = base[: -len(ext)]
    return base + ".manifest.json"


class Checker:
    def __init__(self, name):
        self.name, self.passed, self.failures = name, 0, []

    def expect(self, ok, what):
        if ok:
            self.passed += 1
        else:
            self.failures.append("%s: %s" % (self.name, what))


def eid_of(text):
    return pv.parse_eid(text) if text else None


def same_eid(manifest_eid, shown):
    if manifest_eid is None:
        return not shown
    return bool(shown) and eid_of(manifest_eid) == eid_of(shown[0])


def message_fields_match(c, where, want, got):
    c.expect(got["id"] == want["id"], "%s: id %s, manifest %s" % (where, got["id"], want["id"]))
    c.expect(got["type"] == want["type"], "%s: type %s, manifest %s" % (where, got["type"], want["type"]))
    if "eid" in want:
        c.expect(same_eid(want["eid"], got["eids"]), "%s: EID %s, manifest %s" % (where, got["eids"], want["eid"]))
    for key in ("scope", "rejected_only", "reason"):
        if key in want and want[key] is not None:
            c.expect(got[key] == want[key], "%s: %s %s, manifest %s" % (where, key, got[key], want[key]))


def check_session_messages(c, sess, shown):
    """Per direction, the messages in the capture, in order, with the manifest's fields."""
    by_key = {}
    for d in ("etr_to_ms", "ms_to_etr"):
        want = [m for m in sess["messages"] if m["dir"] == d and m.get("in_capture", True)]
        got = [m for m in shown if m["dir"] == d and m["framing_error"] is None and not m["short_form"]]
        c.expect(len(got) == len(want), "session %s %s: %d messages shown, manifest %d" % (sess["etr"], d, len(got),
                                                                                          len(want)))
        for i, (w, g) in enumerate(zip(want, got)):
            message_fields_match(c, "session %s %s message %d (frame %d)" % (sess["etr"], d, i, g["frame"]), w, g)
            by_key[(d, w["id"])] = g
    return by_key


def check_pairing(c, sess, by_key):
    for m in sess["messages"]:
        if m["type"] != "registration" or (m["dir"], m["id"]) not in by_key:
            continue
        reg = by_key[(m["dir"], m["id"])]
        where = "session %s registration id %d (frame %d)" % (sess["etr"], m["id"], reg["frame"])
        ans = m.get("answer")
        if ans and ("ms_to_etr", ans["id"]) in by_key:
            want_frame = by_key[("ms_to_etr", ans["id"])]["frame"]
            c.expect(reg["response_in"] == want_frame,
                     "%s: response_in %s, its %s id %d is in frame %d" % (where, reg["response_in"], ans["type"],
                                                                          ans["id"], want_frame))
        elif not ans:
            c.expect(reg["response_in"] is None, "%s: never answered, but response_in %s" % (where, reg["response_in"]))
            c.expect(any(n == "lisp-msrt.unanswered" for n, _ in reg["experts"]),
                     "%s: never answered, but no lisp-msrt.unanswered expert" % where)
    for m in sess["messages"]:
        if "answers" not in m or (m["dir"], m["id"]) not in by_key or ("etr_to_ms", m["answers"]) not in by_key:
            continue
        got = by_key[(m["dir"], m["id"])]
        want_frame = by_key[("etr_to_ms", m["answers"])]["frame"]
        c.expect(got["response_to"] == want_frame,
                 "session %s %s id %d (frame %d): response_to %s, manifest registration in frame %d" %
                 (sess["etr"], m["type"], m["id"], got["frame"], got["response_to"], want_frame))


def check_state(c, sess, lines):
    rows = {(iid, eid, status, reason) for (iid, eid), (status, reason) in pv.state_rows(lines).items()}
    want = {(r["iid"], r["eid"], r["status"], r.get("reason")) for r in sess["registrations"]}
    c.expect(rows == want, "session %s final table: missing %s, unexpected %s" % (sess["etr"], sorted(want - rows),
                                                                                  sorted(rows - want)))


def check_counts(c, sess, lines):
    names = {v: k for k, v in NAME_TO_KEY.items()}
    got = {"etr_to_ms": {}, "ms_to_etr": {}}
    for line in lines:
        mt = re.match(r"\s+(.+?)\s+(\d+)\s+(\d+)$", line)
        if mt and mt.group(1) in NAME_TO_KEY:
            key = NAME_TO_KEY[mt.group(1)]
            for d, n in (("etr_to_ms", int(mt.group(2))), ("ms_to_etr", int(mt.group(3)))):
                if n:
                    got[d][key] = n
    del names
    want = {d: {k: v for k, v in sess["counts"].get(d, {}).items() if v} for d in got}
    c.expect(got == want, "session %s counts %s, manifest %s" % (sess["etr"], got, want))


NAME_TO_KEY = {"Error Notification": "error_notification", "Registration": "registration",
               "Registration ACK": "registration_ack", "Registration NACK": "registration_nack",
               "Registration Refresh": "registration_refresh", "Mapping Notification": "mapping_notification",
               "Membership Subscribe": "membership_subscribe", "Membership Subscribe ACK": "membership_subscribe_ack",
               "Membership Subscribe NACK": "membership_subscribe_nack",
               "Membership Unsubscribe": "membership_unsubscribe", "Membership Element Add": "membership_element_add",
               "Membership Element Remove": "membership_element_remove",
               "Membership Refresh Request": "membership_refresh_request",
               "Membership Refresh Begin": "membership_refresh_begin",
               "Membership Refresh End": "membership_refresh_end"}


def check_experts(c, manifest, shown, frames):
    errors = [e for e in pv.all_experts(frames) if e[2] >= pv.SEVERITY_ERROR]
    expect = manifest.get("plugin_expect", {})
    clean = not (set(manifest.get("impairments", [])) & FRAMING_IMPAIRMENTS) and "expert_errors" not in expect
    if "expert_errors" in expect:
        clean = expect["expert_errors"] == 0
    if clean:
        c.expect(not errors, "clean capture, but expert errors: %s" % errors[:5])
    elif "expert_errors" in expect:
        c.expect(len(errors) == expect["expert_errors"], "%d expert errors, expected %d: %s" %
                 (len(errors), expect["expert_errors"], errors))
    counts = {"framing_errors": sum(1 for m in shown if m["framing_error"] is not None),
              "short_forms": sum(1 for m in shown if m["short_form"]),
              "nacks": sum(1 for m in shown for n, _ in m["experts"] if n == "lisp-msrt.nack"),
              "unanswered": sum(1 for m in shown for n, _ in m["experts"] if n == "lisp-msrt.unanswered"),
              "id_gaps": sum(1 for m in shown for n, _ in m["experts"] if n == "lisp-msrt.id_gap")}
    for key, n in counts.items():
        if key in expect:
            c.expect(n == expect[key], "%s: %d shown, expected %d" % (key, n, expect[key]))


def tcp_options(manifest):
    """Wireshark's TCP reassembly puts reordered segments back in order only with reassemble_out_of_order,
    which in turn waits forever for data lost from the capture: on only where reordering is the issue."""
    imp = set(manifest.get("impairments", []))
    on = "out_of_order" in imp and "capture_loss" not in imp
    return ["-o", "tcp.reassemble_out_of_order:%s" % ("TRUE" if on else "FALSE")]


def check_capture(ts, capture):
    with open(manifest_path(capture)) as f:
        manifest = json.load(f)
    c = Checker(os.path.basename(capture))
    opts = tcp_options(manifest)
    frames = ts.json(capture, opts)
    shown = pv.msrt_messages(frames)
    state = pv.z_sections(ts.run(["-r", ts.share(capture), "-q", "-z", "lisp-msrt,state"] + opts).stdout)
    stat = pv.z_sections(ts.run(["-r", ts.share(capture), "-q", "-z", "lisp-msrt,stat"] + opts).stdout)
    for sess in manifest["sessions"]:
        mine = [m for m in shown if m["etr"] == sess["etr"] and m["ms"] == sess["ms"]]
        by_key = check_session_messages(c, sess, mine)
        check_pairing(c, sess, by_key)
        complete = all(m.get("in_capture", True) for m in sess["messages"])
        key = (sess["etr"], sess["ms"])
        if complete:
            c.expect(key in state, "session %s missing from -z lisp-msrt,state" % sess["etr"])
            c.expect(key in stat, "session %s missing from -z lisp-msrt,stat" % sess["etr"])
            check_state(c, sess, state.get(key, []))
            check_counts(c, sess, stat.get(key, []))
    check_experts(c, manifest, shown, frames)
    return c


def main():
    plugin, captures = sys.argv[1], sys.argv[2:]
    passed, failures = 0, []
    with Tshark(plugin) as ts:
        for cap in captures:
            c = check_capture(ts, cap)
            print("%s: %d checks passed, %d failed" % (c.name, c.passed, len(c.failures)))
            passed += c.passed
            failures += c.failures
    for f in failures:
        print("FAIL " + f)
    print("%d passed, %d failed" % (passed, len(failures)))
    sys.exit(1 if failures or not passed else 0)


if __name__ == "__main__":
    main()
