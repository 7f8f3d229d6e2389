"""`msrt sessions --json` against the ground truth `msrt synth` wrote beside every sample (docs/manifest.md).

usage: manifest_test.py PATH/TO/msrt SAMPLES_DIR

For each session of each manifest: endpoints, start/end, end_reason, UDP authentication and the message counts
must match exactly, except that messages the generator kept out of the capture (in_capture false) cannot be
counted. The registration table must match exactly (status, reason, rlocs, xTR-ID, Site-ID, TTL) for every key
whose messages all made it into the capture; where some did not, the session must name the loss (a capture
gap, a Message-ID gap, or a mid-stream start).
"""
import collections
import glob
import json
import os
import subprocess
import sys
import unittest

MSRT = None
SAMPLES = None
REG_KEYS = ("iid", "eid", "status", "reason", "rlocs", "xtr_id", "site_id", "ttl")
AUTH_KEYS = ("r_bit", "nonce", "map_notify", "authenticated")


def eid_without_iid(text):
    return text.split("] ", 1)[1] if text and text.startswith("[") else text


def iid_of(text):
    return int(text[1:text.index("]")]) if text and text.startswith("[") else 0


def captured_counts(messages):
    counts = {"etr_to_ms": collections.Counter(), "ms_to_etr": collections.Counter()}
    for m in messages:
        if m.get("in_capture", True):
            counts[m["dir"]][m["type"]] += 1
    return {d: dict(c) for d, c in counts.items()}


def damaged_keys(messages):
    """(iid, eid) of every key named by a message that is not in the capture."""
    keys = set()
    for m in messages:
        if not m.get("in_capture", True) and m.get("eid"):
            keys.add((iid_of(m["eid"]), eid_without_iid(m["eid"])))
    return keys


STATS = collections.Counter()


class ManifestTest(unittest.TestCase):
    def check_sample(self, manifest_path):
        with open(manifest_path) as f:
            manifest = json.load(f)
        capture = os.path.join(os.path.dirname(manifest_path), manifest["capture"])
        p = subprocess.run([MSRT, "sessions", "--json", "--no-progress", "--profile", manifest["profile"], capture],
                           capture_output=True, text=True)
        self.assertIn(p.returncode, (0, 1), p.stderr)
        ours = [json.loads(line) for line in p.stdout.splitlines()]
        by_endpoints = collections.defaultdict(list)
        for s in ours:
            by_endpoints[(s["etr"], s["ms"])].append(s)
        self.assertEqual(len(ours), len(manifest["sessions"]))
        for want in manifest["sessions"]:
            candidates = by_endpoints[(want["etr"], want["ms"])]
            self.assertTrue(candidates, "no session %s -> %s" % (want["etr"], want["ms"]))
            got = min(candidates, key=lambda s: abs(s["start"] - want["start"]))
            candidates.remove(got)
            with self.subTest(session="%s -> %s" % (want["etr"], want["ms"])):
                self.check_session(want, got)
                STATS["sessions"] += 1

    def check_session(self, want, got):
        messages = want.get("messages", [])
        lost = any(not m.get("in_capture", True) for m in messages)
        self.assertAlmostEqual(got["start"], want["start"], places=6)
        self.assertAlmostEqual(got["end"], want["end"], places=6)
        self.assertEqual(got["end_reason"], want["end_reason"])
        if want.get("udp_auth") is None:
            self.assertIsNone(got["udp_auth"])
        else:
            self.assertEqual({k: got["udp_auth"][k] for k in AUTH_KEYS}, {k: want["udp_auth"][k] for k in AUTH_KEYS})
        if messages:
            self.assertEqual(got["counts"], captured_counts(messages))
        else:
            self.assertEqual(got["counts"], want["counts"])
        if lost:
            named = got["gaps"] or got["id_gaps"] or got["start_reason"] == "mid_stream"
            self.assertTrue(named, "messages were lost but the session names no gap")
        skip = damaged_keys(messages)
        want_regs = {(r["iid"], r["eid"]): r for r in want["registrations"]}
        got_regs = {(r["iid"], r["eid"]): r for r in got["registrations"]}
        for key in sorted(set(want_regs) | set(got_regs)):
            if key in skip:
                STATS["registrations skipped (messages not captured)"] += 1
                continue
            STATS["registrations compared"] += 1
            self.assertIn(key, got_regs, "registration missing")
            self.assertIn(key, want_regs, "registration not in the manifest")
            w, g = want_regs[key], got_regs[key]
            self.assertEqual({k: g.get(k) for k in REG_KEYS if k in w}, {k: w[k] for k in REG_KEYS if k in w},
                             "registration %s" % (key,))

    def test_samples(self):
        manifests = sorted(glob.glob(os.path.join(SAMPLES, "*.manifest.json")))
        print("%d sample manifest(s)" % len(manifests), file=sys.stderr)
        for path in manifests:
            with self.subTest(sample=os.path.basename(path)):
                self.check_sample(path)
        print(", ".join("%d %s" % (n, k) for k, n in sorted(STATS.items())), file=sys.stderr)


if __name__ == "__main__":
    MSRT = sys.argv.pop(1)
    SAMPLES = sys.argv.pop(1)
    unittest.main(verbosity=1)
