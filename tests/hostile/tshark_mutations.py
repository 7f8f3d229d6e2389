#!/usr/bin/env python3
"""tshark with the lisp-msrt plugin over mutated captures (issue #7).

COUNT variants made with `editcap -E RATE --seed N` are spread over the inputs (the bundled samples, the public
captures, the plugin tests' captures and small hostile captures), with error rates from light to heavy. tshark
reads each variant with the plugin (two passes, full tree, both statistics) under a time limit. A variant fails
when tshark dies on a signal, prints "Dissector bug", exits with an unexpected status, or runs past the limit.

Usage: tshark_mutations.py PLUGIN_SO COUNT CAPTURE...
The plugin is loaded the way the plugin tests load it (tests/plugin/tshark_env.py: uid 65534, temp HOME).
A failing variant is kept and its editcap command printed, so it can be reproduced.
"""
import concurrent.futures
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "plugin"))
from tshark_env import Tshark  # noqa: E402

RATES = ["0.001", "0.01", "0.05", "0.2"]  # editcap -E: probability that each octet is changed
TIME_LIMIT = 60  # seconds per variant: a small capture takes well under 2 s, so only a hang reaches this
KEEP = os.environ.get("MSRT_MUTATION_KEEP", tempfile.gettempdir())


def check(p):
    out = p.stdout + p.stderr
    if p.returncode < 0 or p.returncode >= 128:
        return "killed by signal %d" % (-p.returncode if p.returncode < 0 else p.returncode - 128)
    if "Dissector bug" in out:
        return "Dissector bug: " + next(l for l in out.splitlines() if "Dissector bug" in l).strip()
    if p.returncode not in (0, 2):  # 2: tshark's own "capture file appears damaged" ending
        return "exit status %d: %s" % (p.returncode, p.stderr[-300:].strip())
    return None


def run_variant(ts, workdir, capture, seed, rate):
    name = "%s.E%s.s%d%s" % (os.path.basename(capture), rate, seed, os.path.splitext(capture)[1])
    out = os.path.join(workdir, name)
    cmd = ["editcap", "-E", rate, "--seed", str(seed), capture, out]
    subprocess.run(cmd, check=True, capture_output=True)
    os.chmod(out, 0o644)
    args = ["-r", out, "-2", "-V", "-z", "lisp-msrt,state", "-z", "lisp-msrt,stat"]
    try:
        # Bytes, decoded leniently: a mutated capture makes tshark print octets that are not UTF-8.
        p = subprocess.run(ts.command(args), capture_output=True, timeout=TIME_LIMIT, cwd=ts.home)
        p.stdout = p.stdout.decode("utf-8", "replace")
        p.stderr = p.stderr.decode("utf-8", "replace")
        problem = check(p)
    except subprocess.TimeoutExpired:
        problem = "no result within %d s (hang)" % TIME_LIMIT
    if problem is None:
        os.remove(out)
        return None
    kept = os.path.join(KEEP, "msrt-mutation-" + name)
    shutil.copy(out, kept)
    return "%s: %s (variant kept as %s; made by: %s)" % (name, problem, kept, " ".join(cmd))


def main():
    plugin, count, captures = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    if not captures:
        print("tshark_mutations: no input captures", file=sys.stderr)
        return 2
    # Variant i: input i mod n, error rate cycling, seed i: fixed, so every run makes the same variants.
    jobs = [(captures[i % len(captures)], i + 1, RATES[(i // len(captures)) % len(RATES)]) for i in range(count)]
    failures = []
    with Tshark(plugin) as ts:
        loaded = ts.run(["-G", "plugins"], check=False).stdout
        if "lisp-msrt" not in loaded:
            print("tshark_mutations: the plugin did not load", file=sys.stderr)
            return 1
        workdir = tempfile.mkdtemp(dir=ts.home)
        os.chmod(workdir, 0o755)
        inputs = {c: ts.share(c) for c in captures}
        with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
            for result in pool.map(lambda j: run_variant(ts, workdir, inputs[j[0]], j[1], j[2]), jobs):
                if result:
                    failures.append(result)
                    print("FAIL " + result, flush=True)
    print("tshark mutations: %d variants of %d captures (editcap -E %s), %d failed"
          % (len(jobs), len(captures), "/".join(RATES), len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
