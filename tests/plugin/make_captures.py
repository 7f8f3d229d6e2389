#!/usr/bin/env python3
"""Writes the plugin's own test captures with ground-truth manifests (the docs/manifest.md format, plus a
"plugin_expect" key for what only the plugin reports: framing errors, expert counts).

Usage: make_captures.py OUTDIR
"""
import json
import os
import sys

import msrt_pcap as m

ETR, ETR2, MS = "192.0.2.10", "192.0.2.20", "192.0.2.1"


def eid_key(iid, prefix, length):
    return "[%d] %s/%d" % (iid, prefix, length)


class Session:
    """A TcpSession that also writes the manifest entry of everything it sends."""

    def __init__(self, scenario, etr, etr_port, ms_port=4342, handshake=True, first_ids=(0, 0)):
        self.tcp = m.TcpSession(scenario.pcap, etr, etr_port, MS, ms_port, handshake)
        self.ids = {"etr_to_ms": first_ids[0], "ms_to_etr": first_ids[1]}
        self.entry = {"etr": "%s:%d" % (etr, etr_port), "ms": "%s:%d" % (MS, ms_port), "messages": [],
                      "registrations": [], "udp_auth": None, "counts": {"etr_to_ms": {}, "ms_to_etr": {}}}
        self.table = {}
        self.pending = {}
        scenario.manifest["sessions"].append(self.entry)

    def next_id(self, d):
        i = self.ids[d]
        self.ids[d] += 1
        return i

    def record(self, d, kind, msg_id, in_capture=True, **fields):
        e = {"dir": d, "id": msg_id, "type": kind, "in_capture": in_capture}
        e.update(fields)
        self.entry["messages"].append(e)
        c = self.entry["counts"][d]
        c[kind] = c.get(kind, 0) + 1
        return e

    # Message builders: return bytes and record the manifest entry.
    def registration(self, iid, prefix, length, rlocs=("192.0.2.10",), ttl=1440, in_capture=True):
        i = self.next_id("etr_to_ms")
        key = eid_key(iid, prefix, length)
        e = self.record("etr_to_ms", "registration", i, in_capture, eid=key)
        self.pending.setdefault(key, []).append(e)
        row = self.table.setdefault(key, {"iid": iid, "eid": "%s/%d" % (prefix, length)})
        row.update({"status": "pending", "reason": None, "ttl": ttl, "rlocs": list(rlocs), "withdraw": ttl == 0})
        return m.registration(i, iid, prefix, length, list(rlocs), ttl)

    def answer(self, kind, key, reason=None, in_capture=True):
        i = self.next_id("ms_to_etr")
        req = self.pending[key].pop(0)
        req["answer"] = {"id": i, "type": kind}
        fields = {"eid": key, "answers": req["id"]}
        if reason:
            fields["reason"] = reason
        self.record("ms_to_etr", kind, i, in_capture, **fields)
        row = self.table[key]
        if kind == "registration_ack":
            row["status"] = "withdrawn" if row["withdraw"] else "registered"
        else:
            row["status"], row["reason"] = "rejected", reason
        return i

    def ack(self, iid, prefix, length, **kw):
        i = self.answer("registration_ack", eid_key(iid, prefix, length), **kw)
        return m.ack(i, iid, prefix, length)

    def nack(self, reason, iid, prefix, length, **kw):
        i = self.answer("registration_nack", eid_key(iid, prefix, length), reason, **kw)
        return m.nack(i, m.REASONS[reason], iid, prefix, length)

    def mapping(self, iid, prefix, length, rlocs=("192.0.2.10",)):
        i = self.next_id("ms_to_etr")
        self.record("ms_to_etr", "mapping_notification", i, eid=eid_key(iid, prefix, length))
        return m.mapping_notification(i, iid, prefix, length, list(rlocs))

    def refresh(self, scope, rejected_only=False, iid=0, prefix=None, length=0):
        i = self.next_id("ms_to_etr")
        eid = None if scope == 0 else eid_key(iid, prefix or "*", length) if prefix else "[%d] *" % iid
        self.record("ms_to_etr", "registration_refresh", i, scope=scope, rejected_only=rejected_only, eid=eid)
        return m.refresh(i, scope, rejected_only, iid, prefix, length)

    def error(self, d, code, off_type, off_len, off_id):
        i = self.next_id(d)
        self.record(d, "error_notification", i, code=code, offending_id=off_id)
        return m.error_notification(i, code, off_type, off_len, off_id)

    def send(self, d, *messages, parts=1):
        data = b"".join(messages)
        step = -(-len(data) // parts)
        frames = [self.tcp.send(d, data[k:k + step]) for k in range(0, len(data), step)]
        return frames

    def finish(self):
        self.tcp.close()
        rows = sorted(self.table.values(), key=lambda r: (r["iid"], r["eid"]))
        for r in rows:
            r.pop("withdraw")
        self.entry["registrations"] = rows


class Scenario:
    def __init__(self, name, impairments=()):
        self.name = name
        self.pcap = m.Pcap()
        self.manifest = {"generator": "tests/plugin/make_captures.py", "scenario": name, "seed": 0,
                         "profile": "kouvelas-06", "capture": name + ".pcap", "impairments": list(impairments),
                         "sessions": [], "plugin_expect": {"framing_errors": 0, "expert_errors": 0}}

    def write(self, outdir):
        self.pcap.write(os.path.join(outdir, self.name + ".pcap"))
        with open(os.path.join(outdir, self.name + ".manifest.json"), "w") as f:
            json.dump(self.manifest, f, indent=1)


def udp_auth(sc, etr, nonce, r_bit=True, notify=True):
    rec = m.eid_record(1000, "10.1.0.0", 16, ["192.0.2.10"])
    sc.pcap.udp(etr, 4342, MS, 4342, m.map_register([rec], nonce=nonce, r_bit=r_bit))
    if notify:
        sc.pcap.udp(MS, 4342, etr, 4342, m.map_register([rec], nonce=nonce, notify=True))
    return {"r_bit": r_bit, "nonce": "0x%016x" % nonce, "map_notify": notify, "authenticated": notify}


def basic(outdir):
    """Everything a healthy session does: refresh, batched and split registrations, ACK/NACK, notifications,
    a rejected-only refresh, a withdrawal, an Error Notification, and one Registration never answered."""
    sc = Scenario("plugin-basic")
    auth = udp_auth(sc, ETR, 0x0123456789ABCDEF)
    s = Session(sc, ETR, 40001)
    s.entry["udp_auth"] = auth
    s.send("ms_to_etr", s.refresh(0))
    s.send("etr_to_ms", s.registration(1000, "10.1.0.0", 16), s.registration(1000, "10.2.0.0", 16),
           s.registration(1000, "10.9.0.0", 16))
    s.send("ms_to_etr", s.ack(1000, "10.1.0.0", 16), s.mapping(1000, "10.1.0.0", 16))
    s.send("ms_to_etr", s.ack(1000, "10.2.0.0", 16), s.mapping(1000, "10.2.0.0", 16),
           s.nack("invalid_site_prefix", 1000, "10.9.0.0", 16))
    s.send("ms_to_etr", s.refresh(1, True, 1000))
    s.send("etr_to_ms", s.registration(1000, "10.9.0.0", 16))
    s.send("ms_to_etr", s.nack("invalid_site_prefix", 1000, "10.9.0.0", 16))
    # Plain-AFI IPv6 registration (IID 0 by normalisation), split over three segments; the MS answers with LCAF.
    s.send("etr_to_ms", s.registration(0, "2001:db8::", 32), parts=3)
    s.send("ms_to_etr", s.ack(0, "2001:db8::", 32), s.mapping(0, "2001:db8::", 32))
    s.send("etr_to_ms", s.registration(1000, "10.2.0.0", 16, ttl=0))
    s.send("ms_to_etr", s.ack(1000, "10.2.0.0", 16))
    s.send("etr_to_ms", s.error("etr_to_ms", 5, 20, 30, 3))
    s.send("etr_to_ms", s.registration(1000, "10.3.0.0", 16))
    s.finish()
    sc.manifest["plugin_expect"].update({"unanswered": 1, "nacks": 2})
    sc.write(outdir)


def framing(outdir):
    """Broken framing mid-segment: Length 0, 5, 8 (short form), 10, a bad end marker, and a message cut by
    FIN. Each is followed by good messages in the same segment, which must still be dissected."""
    sc = Scenario("plugin-framing")
    s = Session(sc, ETR, 40002)
    s.send("ms_to_etr", s.refresh(0))
    bad = [m.message(17, 0, b"", length=0)[:4], m.message(17, 0, b"\x01", length=5)[:5],
           m.message(17, 0, b"", length=10)[:10]]
    for junk in bad:
        s.send("etr_to_ms", junk + s.registration(1000, "10.%d.0.0" % len(s.entry["messages"]), 16))
    short = bytes.fromhex("0011 0008 9FACADE9")  # Length 8: the short form, flagged but decoded
    s.send("etr_to_ms", short + s.registration(1000, "10.77.0.0", 16))
    wrong = bytearray(m.ack(99, 1000, "10.200.0.0", 16))
    wrong[-4:] = b"\xde\xad\xbe\xef"
    s.send("ms_to_etr", bytes(wrong) + s.ack(1000, "10.1.0.0", 16))
    cut = s.registration(1000, "10.5.0.0", 16, in_capture=False)
    s.tcp.send("etr_to_ms", cut[:20], flags=m.PSH | m.ACK | m.FIN)
    sc.manifest["sessions"][0]["registrations"] = []
    s.finish_rows = False
    s.tcp.p.tcp(MS, 4342, ETR, 40002, s.tcp.seq["ms_to_etr"], s.tcp.seq["etr_to_ms"] + 1, m.FIN | m.ACK)
    rows = sorted(s.table.values(), key=lambda r: (r["iid"], r["eid"]))
    for r in rows:
        r.pop("withdraw")
    s.entry["registrations"] = [r for r in rows if r["eid"] != "10.5.0.0/16"]
    # Length 0, 5, 10, the short form, the bad marker, the cut message.
    sc.manifest["plugin_expect"].update({"framing_errors": 5, "short_forms": 1, "expert_errors": 6})
    sc.write(outdir)


def transport(outdir):
    """TCP trouble that Wireshark's reassembly absorbs: a retransmitted segment, two segments swapped, and a
    message split across segments whose middle part is retransmitted."""
    sc = Scenario("plugin-transport", ["retransmission", "out_of_order"])
    s = Session(sc, ETR2, 40003)
    s.send("ms_to_etr", s.refresh(0))
    t = s.tcp
    data = s.registration(1000, "10.1.0.0", 16) + s.registration(1000, "10.2.0.0", 16)
    seq = t.seq["etr_to_ms"]
    t.send("etr_to_ms", data)
    t.send("etr_to_ms", data, advance=False, seq=seq)  # retransmission
    s.send("ms_to_etr", s.ack(1000, "10.1.0.0", 16), s.mapping(1000, "10.1.0.0", 16))
    s.send("ms_to_etr", s.ack(1000, "10.2.0.0", 16), s.mapping(1000, "10.2.0.0", 16))
    a, b = s.registration(1000, "10.3.0.0", 16), s.registration(1000, "10.4.0.0", 16)
    seq = t.seq["etr_to_ms"]
    t.send("etr_to_ms", b, advance=False, seq=seq + len(a))  # arrives first
    t.send("etr_to_ms", a, advance=False, seq=seq)
    t.seq["etr_to_ms"] = seq + len(a) + len(b)
    s.send("ms_to_etr", s.ack(1000, "10.3.0.0", 16), s.ack(1000, "10.4.0.0", 16))
    c = s.registration(1000, "10.5.0.0", 16)
    seq = t.seq["etr_to_ms"]
    t.send("etr_to_ms", c[:30])
    t.send("etr_to_ms", c[30:60])
    t.send("etr_to_ms", c[30:60], advance=False, seq=seq + 30)  # retransmitted middle
    t.send("etr_to_ms", c[60:])
    s.send("ms_to_etr", s.ack(1000, "10.5.0.0", 16))
    s.finish()
    sc.write(outdir)


def other_port(outdir):
    """A session on TCP port 9342: only the heuristic can find it."""
    sc = Scenario("plugin-heuristic")
    s = Session(sc, ETR, 40004, ms_port=9342)
    s.send("ms_to_etr", s.refresh(0))
    s.send("etr_to_ms", s.registration(1000, "10.1.0.0", 16))
    s.send("ms_to_etr", s.ack(1000, "10.1.0.0", 16), s.mapping(1000, "10.1.0.0", 16))
    s.finish()
    sc.write(outdir)


def loss(outdir):
    """Capture loss: the segment with ID 1 of the ETR is not in the capture, and the session was picked up
    mid-stream (no SYN, first IDs 40 and 70)."""
    sc = Scenario("plugin-loss", ["capture_loss", "mid_stream"])
    s = Session(sc, ETR, 40005, handshake=False, first_ids=(40, 70))
    s.send("etr_to_ms", s.registration(1000, "10.1.0.0", 16))
    lost = s.registration(1000, "10.2.0.0", 16, in_capture=False)
    s.tcp.skip("etr_to_ms", len(lost))
    s.send("etr_to_ms", s.registration(1000, "10.3.0.0", 16))
    s.send("ms_to_etr", s.ack(1000, "10.1.0.0", 16), s.mapping(1000, "10.1.0.0", 16))
    s.send("ms_to_etr", s.nack("authentication_failure", 1000, "10.2.0.0", 16))
    s.send("ms_to_etr", s.ack(1000, "10.3.0.0", 16), s.mapping(1000, "10.3.0.0", 16))
    s.finish()
    sc.manifest["plugin_expect"].update({"id_gaps": 1, "nacks": 1})
    sc.write(outdir)


def udp_padding(outdir):
    """A Map-Notify with 4 octets of padding after the message: the whole no longer decodes, but its header
    still answers the Map-Register (nonce), so the session is UDP-authorised in both tools."""
    sc = Scenario("plugin-udp-padding")
    rec = m.eid_record(1000, "10.1.0.0", 16, ["192.0.2.10"])
    nonce = 0x1122334455667788
    sc.pcap.udp(ETR, 4342, MS, 4342, m.map_register([rec], nonce=nonce, r_bit=True))
    sc.pcap.udp(MS, 4342, ETR, 4342, m.map_register([rec], nonce=nonce, notify=True) + bytes(4))
    s = Session(sc, ETR, 40006)
    s.entry["udp_auth"] = {"r_bit": True, "nonce": "0x%016x" % nonce, "map_notify": True, "authenticated": True}
    s.send("etr_to_ms", s.registration(1000, "10.1.0.0", 16))
    s.send("ms_to_etr", s.ack(1000, "10.1.0.0", 16), s.mapping(1000, "10.1.0.0", 16))
    s.finish()
    sc.write(outdir)


def main():
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    for build in (basic, framing, transport, other_port, loss, udp_padding):
        build(outdir)


if __name__ == "__main__":
    main()
