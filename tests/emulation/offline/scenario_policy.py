#!/usr/bin/env python3
"""Writes the Map-Server policy (docs/emulation.md) that makes the emulator decide as a `msrt synth` scenario
says its Map-Server decides (docs/scenario.md): one site per ETR with the ETR's key and every EID it ever
registers; `nack=R` becomes `deny EID R`; a per-EID `key=` gets a site of its own with that key; the timeline's
`accept` and `reject` start new `at` sections, timed from the capture's first packet.

It reads the scenario format only (statements and options), never capture bytes.
usage: scenario_policy.py SCENARIO.scn > POLICY
"""
import re
import sys

REASONS = {"1": "1", "2": "2", "3": "3", "4": "4", "invalid_site_prefix": "1", "authentication_failure": "2",
           "locator_set_not_allowed": "3", "unspecified": "4"}


def seconds(text):
    m = re.fullmatch(r"([0-9.]+)(us|ms|s|m)?", text)
    value, unit = float(m.group(1)), m.group(2) or "s"
    return value * {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}[unit]


def options(words):
    return dict(w.split("=", 1) for w in words if "=" in w)


def eid_and_rest(words):
    """An EID is '[IID] PREFIX' (two words) or 'PREFIX'."""
    if words[0].startswith("[") and words[0].endswith("]"):
        return f"{words[0]} {words[1]}", words[2:]
    return words[0], words[1:]


class Scenario:
    def __init__(self, text):
        self.profile, self.etrs, self.eids, self.changes = None, {}, [], []
        self.origin, self.etr_order = None, []
        for raw in text.splitlines():
            words = raw.split("#", 1)[0].split()
            if words:
                self.statement(words)

    def statement(self, w):
        if w[0] == "profile":
            self.profile = w[1]
        elif w[0] == "impair" and w[1] == "mid-stream":
            self.origin = seconds(w[2])
        elif w[0] == "etr":
            o = options(w[2:])
            self.etrs[w[1]] = {"key": o.get("key", "msrt-" + w[1]), "start": o.get("start")}
            self.etr_order.append(w[1])
        elif w[0] == "eid":
            eid, rest = eid_and_rest(w[2:])
            self.eids.append((w[1], eid, options(rest)))
        elif w[0] == "at" and len(w) > 3:
            self.timeline(seconds(w[1]), w[2], w[3], w[4:])

    def timeline(self, t, actor, action, rest):
        if action == "register":
            eid, more = eid_and_rest(rest)
            self.eids.append((actor, eid, options(more)))
        elif action in ("accept", "reject"):
            eid, more = eid_and_rest(rest[1:])
            reason = REASONS[options(more).get("reason", "4")] if action == "reject" else None
            self.changes.append((t, rest[0], eid, reason))

    def first_packet(self):
        """When the capture starts, in scenario time: the first ETR's first UDP Map-Register."""
        if self.origin is not None:
            return self.origin
        starts = []
        for i, name in enumerate(self.etr_order):
            s = self.etrs[name]["start"]
            starts.append(seconds(s) if s else 0.1 + 0.25 * i)
        return min(starts) if starts else 0.0


def policy(sc, denied):
    lines = [f"profile {sc.profile}"] if sc.profile else []
    for name, etr in sc.etrs.items():
        own = [(e, o) for (n, e, o) in sc.eids if n == name]
        lines += [f"site {name}", f"  key {etr['key']}"]
        for eid, o in own:
            if "key" not in o or o.get("nack") == "2":
                lines.append(f"  eid {eid}")
        for eid, reason in sorted(denied.get(name, {}).items()):
            lines.append(f"  deny {eid} {reason}")
        for i, (eid, o) in enumerate(x for x in own if "key" in x[1] and x[1].get("nack") != "2"):
            lines += [f"site {name}-key{i}", f"  key {o['key']}", f"  eid {eid}"]
            if eid in denied.get(name, {}):
                lines.append(f"  deny {eid} {denied[name][eid]}")
    return lines


def main():
    sc = Scenario(open(sys.argv[1]).read())
    denied = {}
    for name, eid, o in sc.eids:
        if "nack" in o:
            denied.setdefault(name, {})[eid] = REASONS[o["nack"]]
    out = policy(sc, denied)
    origin = sc.first_packet()
    for t, etr, eid, reason in sorted(sc.changes):
        if reason is None:
            denied.get(etr, {}).pop(eid, None)
        else:
            denied.setdefault(etr, {})[eid] = reason
        out += [f"at {max(t - origin, 0):.3f}"] + policy(sc, denied)
    print("\n".join(out))


if __name__ == "__main__":
    main()
