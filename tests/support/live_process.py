"""What the tests that drive live msrt processes share: waiting for a line in a process's log, and comparing
a final registration state with the expected one.

Imported by tests/emulation/live_*_test.py and tests/hostile/ms_flood_test.py (each puts this folder on
sys.path)."""
import json
import re
import sys
import time


def wait_for(path, pattern, timeout, count=1):
    """Waits until `pattern` matches `count` times in the file at `path`; returns the last match. On timeout
    the test fails with the pattern and the file's end."""
    end = time.time() + timeout
    while time.time() < end:
        with open(path) as f:
            found = list(re.finditer(pattern, f.read()))
        if len(found) >= count:
            return found[-1]
        time.sleep(0.05)
    with open(path) as f:
        tail = f.read()[-3000:]
    sys.exit(f"timed out waiting for {pattern!r} x{count} in {path}:\n{tail}")


def compare_state(name, got, expected):
    """Fails the test unless two {key: value} states are equal, listing each key that differs."""
    if got != expected:
        keys = sorted(set(got) | set(expected))
        diff = {k: (got.get(k), expected.get(k)) for k in keys if got.get(k) != expected.get(k)}
        sys.exit(f"{name}: final state differs from the expected one (got, expected): {json.dumps(diff, indent=1)}")
    print(f"{name}: {len(got)} keys as expected")
