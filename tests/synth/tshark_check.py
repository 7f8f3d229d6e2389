#!/usr/bin/env python3
"""Independent check of `msrt synth` captures with tshark's built-in dissectors only (issue #3, part 3).

For every capture given (its manifest sits beside it, CAPTURE-stem.manifest.json):
  1. no malformed packet, no lisp-tcp framing complaint, every IP/TCP/UDP checksum good;
  2. tshark's TCP analysis flags exactly the impairments the manifest says were injected and nothing
     elsewhere (duplicate ACKs only in sessions with a retransmission, duplicate or reordering; "ACKed
     unseen segment" only in sessions with capture loss);
  3. per session and direction, the message types lisp-tcp decodes equal the manifest's messages that
     are in the capture (frames tshark marks as retransmissions carry bytes already counted). tshark hands
     an out-of-order segment to lisp-tcp only with tcp.reassemble_out_of_order, and with it never decodes
     past a hole that capture loss left, so sessions with reordering are counted with that preference and
     the others without; a session with both is not counted;
  4. every session's UDP authentication (nonce, r bit, Map-Notify) is where the manifest says.
Exit status 0 when every capture passes, 1 otherwise; each problem is printed.
"""
import argparse
import collections
import glob
import json
import os
import subprocess
import sys

TYPE_KEYS = {
    16: "error_notification", 17: "registration", 18: "registration_ack", 19: "registration_nack",
    20: "registration_refresh", 21: "mapping_notification", 22: "membership_subscribe",
    23: "membership_subscribe_ack", 24: "membership_subscribe_nack", 25: "membership_unsubscribe",
    26: "membership_element_add", 27: "membership_element_remove", 28: "membership_refresh_request",
    29: "membership_refresh_begin", 30: "membership_refresh_end",
}
ANALYSIS = ["retransmission", "fast_retransmission", "spurious_retransmission", "out_of_order",
            "lost_segment", "ack_lost_segment", "duplicate_ack", "window_update", "window_full",
            "keep_alive", "keep_alive_ack", "zero_window", "zero_window_probe", "zero_window_probe_ack",
            "reused_ports"]
FIELDS = (["frame.number", "tcp.stream", "tcp.srcport", "udp.srcport", "_ws.malformed",
           "ip.checksum.status", "tcp.checksum.status", "udp.checksum.status", "lisp-tcp.message.type",
           "lisp-tcp.invalid_length", "lisp-tcp.invalid_marker", "lisp-tcp.unexpected_afi", "lisp.type",
           "lisp.nonce", "lisp.mreg.res", "ip.src", "ipv6.src"]
          + ["tcp.analysis." + a for a in ANALYSIS])
PREFS = ["-o", "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE"]
MS_PORT = "4342"


def read_frames(tshark, capture, prefs=()):
    cmd = [tshark, "-n", "-r", capture] + PREFS + list(prefs) + ["-T", "fields", "-E", "separator=\t", "-E", "occurrence=a",
                                                 "-E", "aggregator=,"]
    for f in FIELDS:
        cmd += ["-e", f]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    frames = []
    for line in out.splitlines():
        values = line.split("\t")
        frames.append(dict(zip(FIELDS, values + [""] * (len(FIELDS) - len(values)))))
    return frames


def manifest_path(capture):
    return os.path.splitext(capture)[0] + ".manifest.json"


class Checker:
    def __init__(self, capture, frames, reordered_frames, manifest):
        self.capture = os.path.basename(capture)
        self.frames = frames
        self.reordered_frames = reordered_frames
        self.m = manifest
        self.sessions = manifest["sessions"]
        self.problems = []

    def fail(self, what):
        self.problems.append(f"{self.capture}: {what}")

    def run(self):
        if len(self.frames) != self.m["frames"]:
            self.fail(f"{len(self.frames)} frames, manifest says {self.m['frames']}")
        self.check_wellformed()
        self.check_analysis()
        self.check_counts()
        self.check_udp_auth()
        return self.problems

    def check_wellformed(self):
        for f in self.frames:
            n = f["frame.number"]
            if f["_ws.malformed"]:
                self.fail(f"frame {n} is malformed")
            for k in ("lisp-tcp.invalid_length", "lisp-tcp.invalid_marker", "lisp-tcp.unexpected_afi"):
                if f[k]:
                    self.fail(f"frame {n}: {k}")
            for k in ("ip.checksum.status", "tcp.checksum.status", "udp.checksum.status"):
                bad = [v for v in f[k].split(",") if v and v != "1"]
                if bad:
                    self.fail(f"frame {n}: {k} = {f[k]}")

    def flags(self):
        """tshark's TCP analysis flags per frame number."""
        out = {}
        for f in self.frames:
            out[int(f["frame.number"])] = {a for a in ANALYSIS if f["tcp.analysis." + a]}
        return out

    def stream_of(self):
        return {int(f["frame.number"]): int(f["tcp.stream"]) for f in self.frames if f["tcp.stream"]}

    def expected(self):
        """Frames each flag must be on, from the manifest's impairment events."""
        want = collections.defaultdict(set)   # frame -> set of acceptable-flag groups, each must hold
        allowed_lost = set()
        for s in self.sessions:
            for e in s.get("impairment_events", []):
                fr = e["frame"]
                if e["kind"] in ("retransmission", "duplicate"):
                    want[fr].add("retransmission")
                elif e["kind"] == "out_of_order":
                    want[fr].add("out_of_order")
                    if "overtaken_by" in e:  # absent when the overtaking segment starts the capture
                        want[e["overtaken_by"]].add("lost_segment")
                        allowed_lost.add(e["overtaken_by"])
                elif e["kind"] == "capture_loss" and fr:  # frame 0: the hole is at the end
                    want[fr].add("lost_segment")
                    allowed_lost.add(fr)
        return want, allowed_lost

    def check_analysis(self):
        flags = self.flags()
        stream = self.stream_of()
        want, _ = self.expected()
        kinds_by_session = collections.defaultdict(set)
        for i, s in enumerate(self.sessions):
            for e in s.get("impairment_events", []):
                kinds_by_session[i].add(e["kind"])
        for fr, groups in want.items():
            for g in groups:
                if g not in flags.get(fr, set()):
                    self.fail(f"frame {fr}: manifest injected {g}, tshark shows {sorted(flags.get(fr, set()))}")
        for fr, fl in flags.items():
            sid = stream.get(fr)
            kinds = kinds_by_session.get(sid, set())
            for a in fl:
                if a in ("retransmission", "fast_retransmission", "spurious_retransmission"):
                    ok = "retransmission" in want.get(fr, set())
                elif a in ("out_of_order", "lost_segment"):
                    ok = a in want.get(fr, set())
                elif a == "duplicate_ack":
                    ok = bool(kinds & {"retransmission", "duplicate", "out_of_order"})
                elif a == "ack_lost_segment":
                    ok = "capture_loss" in kinds
                else:
                    ok = False
                if not ok:
                    self.fail(f"frame {fr} (session {sid}): tshark flags {a}, nothing injected there")

    def session_kinds(self, i):
        return {e["kind"] for e in self.sessions[i].get("impairment_events", [])}

    def decoded(self, frames):
        seen = collections.Counter()
        for f in frames:
            if not f["lisp-tcp.message.type"] or f["tcp.analysis.retransmission"]:
                continue
            d = "ms_to_etr" if f["tcp.srcport"] == MS_PORT else "etr_to_ms"
            for t in f["lisp-tcp.message.type"].split(","):
                seen[(int(f["tcp.stream"]), d, TYPE_KEYS.get(int(t), t))] += 1
        return seen

    def check_counts(self):
        if any("messages" not in s for s in self.sessions):
            return
        plain = self.decoded(self.frames)
        reordered = self.decoded(self.reordered_frames)
        for i, s in enumerate(self.sessions):
            if s["index"] != i:
                self.fail(f"session {i} has index {s['index']}")
            kinds = self.session_kinds(i)
            if "out_of_order" in kinds and "capture_loss" in kinds:
                continue
            source = reordered if "out_of_order" in kinds else plain
            seen = collections.Counter({(d, t): n for (sid, d, t), n in source.items() if sid == i})
            truth = collections.Counter((m["dir"], m["type"]) for m in s["messages"] if m["in_capture"])
            for key in sorted(set(seen) | set(truth)):
                if seen[key] != truth[key]:
                    self.fail(f"session {i} {key[0]} {key[1]}: tshark decodes {seen[key]}, "
                              f"manifest has {truth[key]} in the capture")

    def check_udp_auth(self):
        registers = collections.defaultdict(list)
        notifies = set()
        for f in self.frames:
            if not f["lisp.type"] or not f["lisp.nonce"]:
                continue
            nonce = int(f["lisp.nonce"], 0)
            if f["lisp.type"].startswith("3") or f["lisp.type"] == "0x300000" or f["lisp.type"] == "3":
                registers[nonce].append(f)
            elif f["lisp.type"] in ("4", "0x400000"):
                notifies.add(nonce)
        for i, s in enumerate(self.sessions):
            ua = s["udp_auth"]
            if ua is None:
                continue
            nonce = int(ua["nonce"], 16)
            if nonce not in registers:
                self.fail(f"session {i}: no Map-Register with nonce {ua['nonce']}")
                continue
            res = registers[nonce][0]["lisp.mreg.res"]
            r_bit = int(res, 16) != 0 if res else False
            if r_bit != ua["r_bit"]:
                self.fail(f"session {i}: Map-Register reserved bits {res}, manifest r_bit {ua['r_bit']}")
            if ua["map_notify"] != (nonce in notifies):
                self.fail(f"session {i}: Map-Notify presence differs from the manifest")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("captures", nargs="+", help="capture files, or directories of them")
    ap.add_argument("--tshark", default="tshark")
    args = ap.parse_args()
    problems = []
    captures = []
    for c in args.captures:
        if os.path.isdir(c):
            captures += sorted(glob.glob(os.path.join(c, "*.pcap")) + glob.glob(os.path.join(c, "*.pcapng")))
        else:
            captures.append(c)
    for c in captures:
        with open(manifest_path(c)) as fh:
            manifest = json.load(fh)
        frames = read_frames(args.tshark, c)
        reordered = read_frames(args.tshark, c, ["-o", "tcp.reassemble_out_of_order:TRUE"])
        problems += Checker(c, frames, reordered, manifest).run()
        print(f"checked {c}", file=sys.stderr)
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
