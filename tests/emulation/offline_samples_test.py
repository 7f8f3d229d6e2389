#!/usr/bin/env python3
"""Offline emulation on every bundled sample (docs/emulation.md): with the policy that says what the sample's
Map-Server decided (offline/scenario_policy.py, from its scenario), `msrt emulate ms` reports no difference;
`msrt emulate etr` reports none either. One sample is also written back with --write and emulated again.

usage: offline_samples_test.py MSRT SAMPLES_DIR
"""
import glob
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def summary(out):
    lines = [json.loads(l) for l in out.splitlines() if l.strip()]
    return lines[-1], [l for l in lines if not l.get("summary")]


def emulate(msrt, role, conf, capture, extra=()):
    flag = "--policy" if role == "ms" else "--config"
    p = subprocess.run([msrt, "emulate", role, flag, conf, "--json", capture, *extra], capture_output=True,
                       text=True, timeout=120)
    return p.returncode, p.stdout, p.stderr


def scenario_files(samples, capture, tmp):
    name = os.path.splitext(os.path.basename(capture))[0]
    scn = os.path.join(samples, "scenarios", name + ".scn")
    policy = os.path.join(tmp, name + ".policy")
    with open(policy, "w") as f:
        subprocess.run([sys.executable, os.path.join(HERE, "offline", "scenario_policy.py"), scn], stdout=f, check=True)
    profile = "ietf" if any(l.split()[:2] == ["profile", "ietf"] for l in open(scn)) else "kouvelas-06"
    config = os.path.join(tmp, name + ".etr")
    with open(config, "w") as f:
        f.write(f"profile {profile}\n")  # mappings are learned from the capture (docs/emulation.md)
    return name, policy, config


def main():
    msrt, samples = sys.argv[1], sys.argv[2]
    captures = sorted(glob.glob(os.path.join(samples, "*.pcap")) + glob.glob(os.path.join(samples, "*.pcapng")))
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for capture in captures:
            name, policy, config = scenario_files(samples, capture, tmp)
            for role, conf in (("ms", policy), ("etr", config)):
                rc, out, err = emulate(msrt, role, conf, capture)
                s, diffs = summary(out) if rc in (0, 1) else ({}, [])
                ok = rc == 0 and s.get("differences") == 0
                print(f"{'ok  ' if ok else 'FAIL'} {role:3} {name}: {s.get('messages_compared')} compared, "
                      f"{s.get('differences')} differences, {s.get('unverifiable')} unverifiable")
                if not ok:
                    failures += 1
                    print(out, err)
        # --write: the emulated conversation, emulated again, agrees with itself.
        name, policy, _ = scenario_files(samples, os.path.join(samples, "nack-reasons.pcapng"), tmp)
        written = os.path.join(tmp, "written.pcapng")
        rc1, _, _ = emulate(msrt, "ms", policy, os.path.join(samples, "nack-reasons.pcapng"), ["--write", written])
        rc2, out, _ = emulate(msrt, "ms", policy, written)
        s, _ = summary(out)
        if rc1 != 0 or rc2 != 0 or s["messages_compared"] != 9 or s["differences"] != 0:
            failures += 1
            print("FAIL --write round trip:", rc1, rc2, s)
        else:
            print("ok   --write round trip: the written conversation emulates with no difference")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
