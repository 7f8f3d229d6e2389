#!/usr/bin/env python3
"""Bounded resources under adversarial captures (issue #7).

Each scenario: hostile_captures writes the capture, `msrt sessions --json` reads it under /usr/bin/time -v,
and the test checks that it finished (no crash, exit status 0 or 1), stayed under its memory bound, and
reported every anomaly the capture holds.

Usage: adversarial_test.py MSRT HOSTILE_CAPTURES [--sanitized] [--scale F] [--only NAME] [--keep DIR]
  --sanitized  the binaries carry ASan/UBSan: memory bounds are not asserted (shadow memory) and the counts
               are divided by 10 to keep the run short
  --scale F    multiply every count (local experiments)
Prints one line per scenario: name, packets, sessions, max RSS, wall time, bound.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

MIB = 1024 * 1024

# Full-size counts (the figures) and the memory bounds stated in README "Hostile input". A bound is
# in MiB of maximum resident set size of `msrt sessions`; see the README for how each was set.
SCENARIOS = {
    # flat: peak memory must not grow with the count (checked again at twice the count)
    "syn-flood": dict(count=1_000_000, bound_mib=400, flat=True),
    "huge-header": dict(count=100, bound_mib=64),
    "retransmissions": dict(count=100_000, bound_mib=64),
    "concurrent": dict(count=100_000, bound_mib=400),
    # Past the limit of connections followed at once: the oldest are given up, once each.
    "over-limit": dict(count=160_000, bound_mib=400, generator="concurrent"),
}
LIMIT = 150_000  # connections msrt sessions follows at once (README "Hostile input")


class Failure(Exception):
    pass


def expect(cond, what):
    if not cond:
        raise Failure(what)


def run_sessions(msrt, capture, workdir):
    """Runs msrt sessions --json; returns (sessions as dicts, max RSS in KiB, seconds, exit status)."""
    timing = os.path.join(workdir, "time.txt")
    out = os.path.join(workdir, "sessions.jsonl")
    start = time.monotonic()
    with open(out, "w") as f:
        p = subprocess.run(["/usr/bin/time", "-v", "-o", timing, msrt, "sessions", "--json", capture],
                           stdout=f, stderr=subprocess.PIPE, text=True)
    seconds = time.monotonic() - start
    text = open(timing).read()
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
    rss = int(m.group(1)) if m else 0
    status = p.returncode
    sig = re.search(r"Command terminated by signal (\d+)", text)
    if sig:
        status = 128 + int(sig.group(1))
    expect(status in (0, 1), "msrt sessions exit status %d: %s" % (status, p.stderr[-500:]))
    sessions = []
    with open(out) as f:
        for line in f:
            sessions.append(json.loads(line))
    os.remove(out)
    return sessions, rss, seconds, status


def notes(s):
    return s["incidents"]["transport_notes"]


def check_syn_flood(sessions, count, facts):
    # Every SYN is a connection; none was answered. Each one must be reported, as half-open.
    expect(len(sessions) == count, "%d sessions reported, %d SYNs sent" % (len(sessions), count))
    silent = [s["session"] for s in sessions if notes(s) < 1]
    expect(not silent, "%d half-open sessions without a transport note, e.g. %s" % (len(silent), silent[:5]))
    expect(all(s["start_reason"] == "syn" and not s["counts"]["etr_to_ms"] for s in sessions),
           "a SYN-only session shows messages")


def check_huge_header(sessions, count, facts):
    expect(len(sessions) == count, "%d sessions reported, %d in the capture" % (len(sessions), count))
    for s in sessions:
        inc = s["incidents"]
        expect(inc["gap_octets_etr_to_ms"] >= 65535 - 1400, "session %d: the gap is not reported" % s["session"])
        truncated = [f for f in s["framing_errors"] if f["problem"] == "truncated message" and f["value"] == 65535]
        expect(truncated, "session %d: the 65,535-octet message is not reported as truncated" % s["session"])
        if s["session"] % 2 == 0:  # these resume after the gap with a Registration and its ACK
            expect(s["summary"]["registered"] == 1 and inc["unmatched"] == 0,
                   "session %d: the Registration after the gap is not paired with its ACK: %s %s"
                   % (s["session"], s["summary"], inc))


def check_retransmissions(sessions, count, facts):
    expect(len(sessions) == 1, "%d sessions, expected 1" % len(sessions))
    s = sessions[0]
    c, inc = s["counts"], s["incidents"]
    # The first copy of every octet wins: the stream is intact despite 100k overlapping copies.
    expect(c["etr_to_ms"].get("registration") == 1000, "registrations: %s" % c)
    expect(s["summary"]["registered"] == 1000, "summary: %s" % s["summary"])
    expect(inc["framing_errors"] == 0 and inc["malformed"] == 0 and inc["gaps"] == 0, "incidents: %s" % inc)
    # Each copy that changed octets is an anomaly to report.
    expect(notes(s) >= facts["altered"], "%d retransmissions with changed octets, %d reported"
           % (facts["altered"], notes(s)))


def check_concurrent(sessions, count, facts):
    expect(len(sessions) == count, "%d sessions reported, %d in the capture" % (len(sessions), count))
    given_up = {s["session"] for s in sessions if s["end_reason"] == "capture_end" and notes(s) >= 1}
    expect(len(given_up) == max(0, count - LIMIT),
           "%d sessions given up at the limit, expected %d" % (len(given_up), max(0, count - LIMIT)))
    bad = [s["session"] for s in sessions if s["session"] not in given_up and
           (s["summary"]["registered"] != 1 or s["end_reason"] != "fin" or s["findings"] != 0)]
    expect(not bad, "%d sessions not registered/closed cleanly, e.g. %s" % (len(bad), bad[:5]))


CHECKS = {"syn-flood": check_syn_flood, "huge-header": check_huge_header,
          "retransmissions": check_retransmissions, "concurrent": check_concurrent, "over-limit": check_concurrent}


def run_scenario(name, args, workdir):
    spec = SCENARIOS[name]
    count = max(1, int(spec["count"] * args.scale / (10 if args.sanitized else 1)))
    capture = os.path.join(workdir, name + ".pcap")
    g = subprocess.run([args.hostile, spec.get("generator", name), capture, str(count)], capture_output=True,
                       text=True, check=True)
    facts = {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", g.stdout)}
    sessions, rss, seconds, status = run_sessions(args.msrt, capture, workdir)
    if not args.keep:
        os.remove(capture)
    bound = spec["bound_mib"]
    print("%-16s packets=%-9d sessions=%-8d max_rss=%.0f MiB (bound %s) time=%.1f s exit=%d"
          % (name, facts.get("packets", 0), len(sessions), rss / 1024,
             "not checked" if args.sanitized else "%d MiB" % bound, seconds, status), flush=True)
    CHECKS[name](sessions, count, facts)
    if not args.sanitized:
        expect(rss <= bound * 1024, "%s: max RSS %.0f MiB over the %d MiB bound" % (name, rss / 1024, bound))
        if spec.get("flat"):
            check_flat(name, spec, args, workdir, count, rss)


def check_flat(name, spec, args, workdir, count, rss):
    """The same flood at twice the count may not need more than 5% more memory: state is bounded, not
    proportional to the packets seen."""
    capture = os.path.join(workdir, name + "-2x.pcap")
    subprocess.run([args.hostile, spec.get("generator", name), capture, str(2 * count)], capture_output=True,
                   check=True)
    _, rss2, seconds, _ = run_sessions(args.msrt, capture, workdir)
    os.remove(capture)
    print("%-16s at twice the count: max_rss=%.0f MiB time=%.1f s" % (name, rss2 / 1024, seconds), flush=True)
    expect(rss2 <= rss * 1.05, "%s: max RSS grows with the count: %.0f MiB, then %.0f MiB at twice the count"
           % (name, rss / 1024, rss2 / 1024))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("msrt")
    ap.add_argument("hostile")
    ap.add_argument("--sanitized", action="store_true")
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--only", action="append")
    ap.add_argument("--keep")
    args = ap.parse_args()
    failures = []
    workdir = args.keep or tempfile.mkdtemp(prefix="msrt-hostile-")
    os.makedirs(workdir, exist_ok=True)
    for name in args.only or list(SCENARIOS):
        try:
            run_scenario(name, args, workdir)
        except Failure as e:
            failures.append("%s: %s" % (name, e))
            print("FAIL %s: %s" % (name, e), flush=True)
    if not args.keep:
        shutil.rmtree(workdir, ignore_errors=True)
    print("%d scenarios, %d failed" % (len(args.only or SCENARIOS), len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
