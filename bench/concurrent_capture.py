"""Writes a capture of N concurrent reliable-transport sessions x M prefixes (all open at once, none closed):
the memory case of bench/sessions.sh when `msrt synth` is not available. usage: concurrent_capture.py OUT N M
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "sessions_cli"))
from capture_builder import Capture, TcpSession, ack, eid_record, mapping_notification, refresh, registration  # noqa

out, n, m = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
cap = Capture(1700000000.0)
sessions = []
for i in range(n):
    etr = "10.%d.%d.%d" % (i >> 16 & 255, i >> 8 & 255, i & 255 or 1)
    s = TcpSession(cap, etr, 20000 + i % 40000, "192.0.2.1")
    s.handshake()
    sessions.append((etr, s))
    cap.tick(0.0001)
for i, (etr, s) in enumerate(sessions):
    xtr = i.to_bytes(16, "big")
    loc = [{"address": etr, "priority": 1, "weight": 100, "m_priority": 255, "m_weight": 0, "flags": 5}]
    s.send(1, refresh(0))
    recs = [(i, "172.%d.%d.0" % (p >> 8 & 255, p & 255), 24) for p in range(m)]
    s.send(0, b"".join(registration(k, eid_record(iid, pfx, ln, 1440, loc), i, xtr, 0)
                       for k, (iid, pfx, ln) in enumerate(recs)))
    answers = b""
    for k, (iid, pfx, ln) in enumerate(recs):
        answers += ack(1 + 2 * k, iid, pfx, ln) + mapping_notification(2 + 2 * k, xtr, 0,
                                                                       eid_record(iid, pfx, ln, 1440, loc, False))
    s.send(1, answers)
    cap.tick(0.0001)
cap.write(out)
