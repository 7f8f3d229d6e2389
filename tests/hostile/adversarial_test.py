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


def run_sessions(msrt, capture, workdir, check=None):
    """Runs msrt sessions --json and shows each session to `check` as it is read: a million sessions held as
    dicts would take gigabytes. Returns (sessions read, max RSS in KiB, seconds, exit status)."""
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
    n = 0
    with open(out) as f:
        for line in f:
            n += 1
            if check:
                check.see(json.loads(line))
    os.remove(out)
    return n, rss, seconds, status


def notes(s):
    return s["incidents"]["transport_notes"]


class Tally:
    """Sessions that fail one condition: how many, and the first few to name in the message."""

    def __init__(self, what):
        self.what, self.count, self.examples = what, 0, []

    def add(self, session):
        self.count += 1
        if len(self.examples) < 5:
            self.examples.append(session["session"])

    def expect_none(self):
        expect(self.count == 0, "%d %s, e.g. %s" % (self.count, self.what, self.examples))


class Check:
    """One scenario's expectations. see() takes each session as it is read and keeps only tallies; finish()
    checks the count of sessions, then what the tallies say."""

    def __init__(self, count, facts):
        self.count, self.facts = count, facts

    def see(self, s):
        pass

    def finish(self, n):
        expect(n == self.count, "%d sessions reported, %d in the capture" % (n, self.count))
        self.conclude()

    def conclude(self):
        pass


class SynFlood(Check):
    # Every SYN is a connection; none was answered. Each one must be reported, as half-open.
    def __init__(self, count, facts):
        super().__init__(count, facts)
        self.silent = Tally("half-open sessions without a transport note")
        self.talking = Tally("SYN-only sessions that show messages or another start")

    def see(self, s):
        if notes(s) < 1:
            self.silent.add(s)
        if s["start_reason"] != "syn" or s["counts"]["etr_to_ms"]:
            self.talking.add(s)

    def conclude(self):
        self.silent.expect_none()
        self.talking.expect_none()


class HugeHeader(Check):
    def __init__(self, count, facts):
        super().__init__(count, facts)
        self.no_gap = Tally("sessions whose gap is not reported")
        self.not_truncated = Tally("sessions whose 65,535-octet message is not reported as truncated")
        self.unpaired = Tally("sessions whose Registration after the gap is not paired with its ACK")

    def see(self, s):
        inc = s["incidents"]
        if inc["gap_octets_etr_to_ms"] < 65535 - 1400:
            self.no_gap.add(s)
        if not any(f["problem"] == "truncated message" and f["value"] == 65535 for f in s["framing_errors"]):
            self.not_truncated.add(s)
        # The even ones resume after the gap with a Registration and its ACK.
        if s["session"] % 2 == 0 and (s["summary"]["registered"] != 1 or inc["unmatched"] != 0):
            self.unpaired.add(s)

    def conclude(self):
        self.no_gap.expect_none()
        self.not_truncated.expect_none()
        self.unpaired.expect_none()


class Retransmissions(Check):
    def __init__(self, count, facts):
        super().__init__(1, facts)  # one session, whatever the count of copies
        self.first = None

    def see(self, s):
        self.first = self.first or s

    def conclude(self):
        s = self.first
        c, inc = s["counts"], s["incidents"]
        # The first copy of every octet wins: the stream is intact despite 100k overlapping copies.
        expect(c["etr_to_ms"].get("registration") == 1000, "registrations: %s" % c)
        expect(s["summary"]["registered"] == 1000, "summary: %s" % s["summary"])
        expect(inc["framing_errors"] == 0 and inc["malformed"] == 0 and inc["gaps"] == 0, "incidents: %s" % inc)
        # Each copy that changed octets is an anomaly to report.
        altered = self.facts["altered"]
        expect(notes(s) >= altered, "%d retransmissions with changed octets, %d reported" % (altered, notes(s)))


class Concurrent(Check):
    def __init__(self, count, facts):
        super().__init__(count, facts)
        self.given_up = 0
        self.unclean = Tally("sessions not registered/closed cleanly")

    def see(self, s):
        if s["end_reason"] == "capture_end" and notes(s) >= 1:
            self.given_up += 1
        elif s["summary"]["registered"] != 1 or s["end_reason"] != "fin" or s["findings"] != 0:
            self.unclean.add(s)

    def conclude(self):
        expected = max(0, self.count - LIMIT)
        expect(self.given_up == expected,
               "%d sessions given up at the limit, expected %d" % (self.given_up, expected))
        self.unclean.expect_none()


CHECKS = {"syn-flood": SynFlood, "huge-header": HugeHeader, "retransmissions": Retransmissions,
          "concurrent": Concurrent, "over-limit": Concurrent}


def run_scenario(name, args, workdir):
    spec = SCENARIOS[name]
    count = max(1, int(spec["count"] * args.scale / (10 if args.sanitized else 1)))
    capture = os.path.join(workdir, name + ".pcap")
    g = subprocess.run([args.hostile, spec.get("generator", name), capture, str(count)], capture_output=True,
                       text=True, check=True)
    facts = {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", g.stdout)}
    check = CHECKS[name](count, facts)
    n, rss, seconds, status = run_sessions(args.msrt, capture, workdir, check)
    if not args.keep:
        os.remove(capture)
    bound = spec["bound_mib"]
    print("%-16s packets=%-9d sessions=%-8d max_rss=%.0f MiB (bound %s) time=%.1f s exit=%d"
          % (name, facts.get("packets", 0), n, rss / 1024,
             "not checked" if args.sanitized else "%d MiB" % bound, seconds, status), flush=True)
    check.finish(n)
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
