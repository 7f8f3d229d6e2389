#!/usr/bin/env python3
"""Fuzz pass: `editcap -E 0.02` variants of each capture through tshark with the plugin (two passes, full
tree, both statistics). tshark must never crash, never print "Dissector bug" and never hang.

Usage: fuzz.py PLUGIN_SO CAPTURE [CAPTURE...]
Variants per capture: $MSRT_FUZZ_VARIANTS (the full local pass is MSRT_FUZZ_VARIANTS=200 on the samples, about
20 minutes on 2 cores); otherwise, as ctest runs it, a budget of 200 runs in all, spread over the captures (at
least 5 each), to stay within a few minutes. Seeds are fixed, so a failure is reproducible with
`editcap -E 0.02 --seed N`.
"""
import concurrent.futures
import os
import subprocess
import sys
import tempfile

from tshark_env import Tshark

TIMEOUT = 120  # seconds for one small capture: far beyond a normal run, so only a hang reaches it


def variants(captures):
    if os.environ.get("MSRT_FUZZ_VARIANTS"):
        return int(os.environ["MSRT_FUZZ_VARIANTS"])
    return max(5, 200 // max(1, captures))


def run_one(ts, capture, seed, workdir):
    out = os.path.join(workdir, "%s.%d.pcap" % (os.path.basename(capture), seed))
    subprocess.run(["editcap", "-E", "0.02", "--seed", str(seed), capture, out], check=True, capture_output=True)
    os.chmod(out, 0o644)
    ooo = "TRUE" if seed % 2 else "FALSE"  # both TCP reassembly modes
    args = ["-r", out, "-2", "-V", "-o", "tcp.reassemble_out_of_order:" + ooo, "-z", "lisp-msrt,state",
            "-z", "lisp-msrt,stat"]
    try:
        p = ts.run(args, timeout=TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        return "%s seed %d: tshark hung (over %d s)" % (capture, seed, TIMEOUT)
    problem = None
    if p.returncode < 0:
        problem = "crashed with signal %d" % -p.returncode
    elif "Dissector bug" in p.stdout or "Dissector bug" in p.stderr:
        line = next(l for l in (p.stdout + p.stderr).splitlines() if "Dissector bug" in l)
        problem = "Dissector bug: " + line.strip()
    elif p.returncode not in (0, 2):
        problem = "exit status %d: %s" % (p.returncode, p.stderr[-300:])
    os.remove(out)
    return None if problem is None else "%s seed %d: %s" % (capture, seed, problem)


def main():
    plugin, captures = sys.argv[1], sys.argv[2:]
    n = variants(len(captures))
    failures = []
    with Tshark(plugin) as ts:
        workdir = tempfile.mkdtemp(dir=ts.home)
        os.chmod(workdir, 0o755)
        jobs = [(cap, seed) for cap in captures for seed in range(1, n + 1)]
        with concurrent.futures.ThreadPoolExecutor(max_workers=2 * (os.cpu_count() or 2)) as pool:
            for result in pool.map(lambda job: run_one(ts, job[0], job[1], workdir), jobs):
                if result:
                    failures.append(result)
                    print("FAIL " + result, flush=True)
    print("fuzz: %d variants of %d captures" % (len(jobs), len(captures)))
    print("%d passed, %d failed" % (len(jobs) - len(failures), len(failures)))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
