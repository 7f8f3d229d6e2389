#!/usr/bin/env python3
"""Offline emulation finds exactly the faults `msrt synth --fault` injects (docs/emulation.md):
- a Map-Server that NACKs wrongly (wrong_nack) or leaves a Registration unanswered (skip_answer) shows in
  `msrt emulate ms` as a different answer or a missing one, for that EID;
- an ETR that ignores a Refresh (ignore_refresh) shows in `msrt emulate etr` as the Registrations that Refresh
  asked for, missing, naming the Refresh by its Message ID.
Every fault the manifest lists is found, and every verifiable difference is a fault the manifest lists.

usage: offline_faults_test.py MSRT SAMPLES_DIR
"""
import collections
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SCENARIOS = ["refresh-scopes", "mixed", "withdrawals", "nack-reasons", "session-loss"]
SEEDS = [1, 2, 3]
FAULTS = "wrong-nack=0.15,skip-answer=0.1,ignore-refresh=0.3"


def run(cmd):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


def differences(msrt, role, conf, capture):
    p = run([msrt, "emulate", role, "--policy" if role == "ms" else "--config", conf, "--json", capture])
    if p.returncode not in (0, 1):
        sys.exit(f"emulate {role} failed: {p.stderr}")
    return [json.loads(l) for l in p.stdout.splitlines() if l.strip() and not json.loads(l).get("summary")]


def expected_faults(manifest):
    ms, etr = collections.Counter(), collections.Counter()
    for s in manifest["sessions"]:
        for f in s.get("faults", []):
            if f["kind"] == "ignore_refresh":
                etr[(s["etr"], f["id"])] += 1
            else:
                ms[(s["etr"], f["eid"], "different" if f["kind"] == "wrong_nack" else "missing")] += 1
    return ms, etr


def check(name, found, verifiable, want):
    """Every fault is found; every verifiable difference is a fault."""
    missing = want - found
    extra = verifiable - want
    if missing or extra:
        print(f"FAIL {name}: faults not found {dict(missing)}; differences that are no fault {dict(extra)}")
        return False
    return True


def one(msrt, samples, scenario, seed, tmp):
    scn = os.path.join(samples, "scenarios", scenario + ".scn")
    capture = os.path.join(tmp, f"{scenario}-{seed}.pcapng")
    p = run([msrt, "synth", "-s", scn, "--seed", str(seed), "--fault", FAULTS, "-o", capture, "-q"])
    if p.returncode != 0:
        sys.exit(f"synth failed: {p.stderr}")
    manifest = json.load(open(capture.replace(".pcapng", ".manifest.json")))
    policy = os.path.join(tmp, scenario + ".policy")
    with open(policy, "w") as f:
        subprocess.run([sys.executable, os.path.join(HERE, "offline", "scenario_policy.py"), scn], stdout=f, check=True)
    config = os.path.join(tmp, scenario + ".etr")
    with open(config, "w") as f:
        f.write("profile ietf\n" if "profile ietf" in open(scn).read() else "profile kouvelas-06\n")
    want_ms, want_etr = expected_faults(manifest)
    ms_diffs = differences(msrt, "ms", policy, capture)
    key = lambda d: (d["etr"], d["eid"], d["difference"])
    ms_found = collections.Counter(key(d) for d in ms_diffs)
    ms_verifiable = collections.Counter(key(d) for d in ms_diffs if d["verifiable"])
    etr_diffs = differences(msrt, "etr", config, capture)
    ekey = lambda d: (d["etr"], d.get("trigger_id"))
    etr_found = collections.Counter(ekey(d) for d in etr_diffs if d["difference"] == "missing")
    etr_verifiable = collections.Counter(ekey(d) for d in etr_diffs if d["verifiable"])
    ok = check(f"{scenario} seed {seed} (Map-Server)", ms_found, ms_verifiable, want_ms)
    ok = check(f"{scenario} seed {seed} (ETR)", etr_found, etr_verifiable, want_etr) and ok
    print(f"{'ok  ' if ok else 'FAIL'} {scenario} seed {seed}: {sum(want_ms.values())} Map-Server and "
          f"{sum(want_etr.values())} ETR fault(s) injected, found")
    return ok, sum(want_ms.values()) + sum(want_etr.values())


def main():
    msrt, samples = sys.argv[1], sys.argv[2]
    failures, total = 0, 0
    with tempfile.TemporaryDirectory() as tmp:
        for scenario in SCENARIOS:
            for seed in SEEDS:
                ok, n = one(msrt, samples, scenario, seed, tmp)
                failures += not ok
                total += n
    if total < 20:
        sys.exit(f"only {total} faults injected: the test lost its power")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
