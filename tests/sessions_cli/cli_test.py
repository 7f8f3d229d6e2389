"""End-to-end tests of `msrt sessions`, `msrt state --at` and `msrt events` on captures built here.

usage: cli_test.py PATH/TO/msrt
"""
import csv
import datetime
import io
import json
import os
import subprocess
import sys
import tempfile
import unittest

from capture_builder import (Capture, TcpSession, ack, eid_record, map_register, mapping_notification, nack,
                             refresh, registration)

MSRT = None
XTR = bytes.fromhex("00112233445566778899aabbccddeeff")
LOC = {"address": "192.0.2.10", "priority": 1, "weight": 100, "m_priority": 255, "m_weight": 0, "flags": 5}
MS_LOC = dict(LOC, flags=1)
START = 1700000000.0


def run(*args):
    p = subprocess.run([MSRT, *args], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def basic_capture(path, ending="fin", t_bit=False):
    """UDP Map-Register (r) + Map-Notify, then one session: Refresh, 3 Registrations, 2 ACK+MN, 1 NACK."""
    cap = Capture(START)
    rec = eid_record(1000, "10.1.0.0", 16, 1440, [LOC])
    cap.udp("192.0.2.10", 4342, "192.0.2.1", 4342,
            map_register([rec], 0x0123456789ABCDEF, XTR, 0, r_bit=True))
    cap.tick(0.01)
    cap.udp("192.0.2.1", 4342, "192.0.2.10", 4342,
            map_register([rec], 0x0123456789ABCDEF, XTR, 0, notify=True))
    cap.tick(1.7)
    s = TcpSession(cap, "192.0.2.10", 40001, "192.0.2.1")
    s.handshake()
    cap.tick(0.145)
    s.send(1, refresh(0))
    prefixes = [(1000, "10.1.0.0", 16), (1000, "10.2.0.0", 16), (1000, "10.9.0.0", 16)]
    recs = [eid_record(i, p, m, 1440, [LOC]) for i, p, m in prefixes]
    regs = b"".join(registration(n, r, 0x0123456789ABCDEF, XTR, 0, t_bit=t_bit) for n, r in enumerate(recs))
    # Registrations cut across segment boundaries, several per segment.
    s.send(0, regs, cuts=(50, 200))
    cap.tick(0.01)
    answers = (ack(1, 1000, "10.1.0.0", 16) +
               mapping_notification(2, XTR, 0, eid_record(1000, "10.1.0.0", 16, 1440, [MS_LOC], False)) +
               ack(3, 1000, "10.2.0.0", 16) +
               mapping_notification(4, XTR, 0, eid_record(1000, "10.2.0.0", 16, 1440, [MS_LOC], False)) +
               nack(5, 1, 1000, "10.9.0.0", 16))
    s.send(1, answers)
    cap.tick(2.0)
    if ending == "fin":
        s.fin()
    elif ending == "rst":
        s.rst()
    cap.write(path)
    return cap


class SessionsTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.path = os.path.join(self.dir.name, "basic.pcap")

    def tearDown(self):
        self.dir.cleanup()

    def sessions(self, *extra):
        rc, out, err = run("sessions", "--json", *extra, self.path)
        self.assertIn(rc, (0, 1), err)
        return rc, [json.loads(line) for line in out.splitlines()]

    def test_basic_session(self):
        basic_capture(self.path)
        rc, rows = self.sessions()
        self.assertEqual(rc, 0)
        self.assertEqual(len(rows), 1)
        s = rows[0]
        self.assertEqual(s["etr"], "192.0.2.10:40001")
        self.assertEqual(s["ms"], "192.0.2.1:4342")
        self.assertEqual(s["end_reason"], "fin")
        self.assertEqual(s["udp_auth"], {"r_bit": True, "nonce": "0x0123456789abcdef", "map_notify": True,
                                         "authenticated": True, "at": START})
        self.assertEqual(s["counts"], {"etr_to_ms": {"registration": 3},
                                       "ms_to_etr": {"registration_refresh": 1, "registration_ack": 2,
                                                     "mapping_notification": 2, "registration_nack": 1}})
        regs = {r["eid"]: r for r in s["registrations"]}
        self.assertEqual([r["eid"] for r in s["registrations"]], ["10.1.0.0/16", "10.2.0.0/16", "10.9.0.0/16"])
        self.assertEqual(regs["10.1.0.0/16"]["status"], "registered")
        self.assertEqual(regs["10.1.0.0/16"]["rlocs"], [LOC])
        self.assertEqual(regs["10.1.0.0/16"]["ms_rlocs"], [MS_LOC])
        self.assertEqual(regs["10.1.0.0/16"]["xtr_id"], XTR.hex())
        self.assertEqual(regs["10.1.0.0/16"]["site_id"], 0)
        self.assertEqual(regs["10.1.0.0/16"]["ttl"], 1440)
        self.assertIsNone(regs["10.1.0.0/16"]["reason"])
        self.assertEqual(regs["10.9.0.0/16"]["status"], "rejected")
        self.assertEqual(regs["10.9.0.0/16"]["reason"], "invalid_site_prefix")
        self.assertTrue(regs["10.1.0.0/16"]["orphaned"])
        self.assertAlmostEqual(regs["10.1.0.0/16"]["expires"], s["end"] + 180, places=5)
        self.assertFalse(regs["10.9.0.0/16"]["orphaned"])
        self.assertEqual(regs["10.1.0.0/16"]["refresh"]["scope"], 0)  # the first Refresh caused it
        self.assertEqual(s["findings"], 0)

    def test_truncated_capture_is_named_and_what_was_read_is_reported(self):
        basic_capture(self.path)
        with open(self.path, "rb") as f:
            data = f.read()
        with open(self.path, "wb") as f:
            f.write(data[:-30])  # the last packet record is cut short
        rc, out, err = run("sessions", "--json", self.path)
        self.assertEqual(rc, 1)
        self.assertIn(self.path + ": truncated dump file", err)
        self.assertIn("the rest of it is not read", err)
        rows = [json.loads(line) for line in out.splitlines()]
        self.assertEqual(len(rows), 1)  # the session in the readable part is still reported
        self.assertEqual(len(rows[0]["registrations"]), 3)

    def test_filters(self):
        basic_capture(self.path)
        self.assertEqual(len(self.sessions("--etr", "192.0.2.99")[1]), 0)
        self.assertEqual(len(self.sessions("--ms", "192.0.2.1:4342")[1]), 1)
        rows = self.sessions("--eid", "[1000] 10.9.1.1")[1]
        self.assertEqual([r["eid"] for r in rows[0]["registrations"]], ["10.9.0.0/16"])
        rows = self.sessions("--iid", "1000", "--eid", "10.0.0.0/8")[1]
        self.assertEqual(len(rows[0]["registrations"]), 3)
        self.assertEqual(len(self.sessions("--iid", "7")[1]), 0)

    def test_rst_and_t_bit(self):
        basic_capture(self.path, ending="rst", t_bit=True)
        s = self.sessions()[1][0]
        self.assertEqual(s["end_reason"], "rst")
        reg = s["registrations"][0]
        self.assertTrue(reg["t_bit"])
        self.assertAlmostEqual(reg["expires"], s["end"] + 1440 * 60, places=5)

    def test_capture_end_is_not_orphaned(self):
        basic_capture(self.path, ending=None)
        s = self.sessions()[1][0]
        self.assertEqual(s["end_reason"], "capture_end")
        self.assertFalse(any(r["orphaned"] for r in s["registrations"]))

    def test_capture_gap_is_named(self):
        cap = Capture(START)
        s = TcpSession(cap, "192.0.2.10", 40002, "192.0.2.1")
        s.handshake()
        s.send(1, refresh(0))
        regs = b"".join(registration(n, eid_record(7, "10.%d.0.0" % n, 16, 1440, [LOC]), 1, XTR, 0)
                        for n in range(3))
        one = len(regs) // 3
        s.send(0, regs, cuts=(one, 2 * one), drop=(1,))
        s.send(1, ack(1, 7, "10.0.0.0", 16) + ack(2, 7, "10.1.0.0", 16) + ack(3, 7, "10.2.0.0", 16))
        s.fin()
        cap.write(self.path)
        rc, rows = self.sessions()
        self.assertEqual(rc, 1)
        s = rows[0]
        self.assertEqual(len(s["gaps"]), 1)
        self.assertEqual(s["gaps"][0]["dir"], "etr_to_ms")
        self.assertEqual(s["gaps"][0]["octets"], one)
        self.assertEqual(s["incidents"]["ids_etr_to_ms"]["missing"], 1)
        self.assertEqual(s["incidents"]["unmatched"], 1)  # the ACK of the lost Registration

    def test_unmatched_notification_is_no_incident(self):
        """A Mapping Notification of a key this session never registered is informational; an ACK of one is
        an unmatched answer, an incident and a finding."""
        for answer, unmatched, rc_expected in (
                (mapping_notification(1, XTR, 0, eid_record(1000, "10.7.0.0", 16, 1440, [MS_LOC], False)), 0, 0),
                (ack(1, 1000, "10.7.0.0", 16), 1, 1)):
            with self.subTest(unmatched=unmatched):
                cap = Capture(START)
                s = TcpSession(cap, "192.0.2.10", 40003, "192.0.2.1")
                s.handshake()
                s.send(1, refresh(0) + answer)
                s.fin()
                cap.write(self.path)
                rc, rows = self.sessions()
                self.assertEqual(rows[0]["incidents"]["unmatched"], unmatched)
                self.assertEqual(rows[0]["findings"], unmatched)
                self.assertEqual(rc, rc_expected)

    def test_table_and_csv(self):
        basic_capture(self.path)
        rc, out, _ = run("sessions", self.path)
        self.assertEqual(rc, 0)
        self.assertIn("Session 0  ETR 192.0.2.10:40001  MS 192.0.2.1:4342", out)
        self.assertIn("invalid_site_prefix", out)
        rc, out, _ = run("sessions", "--csv", self.path)
        lines = out.splitlines()
        self.assertTrue(lines[0].startswith("session,etr,ms,start,end,end_reason"))
        self.assertEqual(len(lines), 4)
        # Every row has the header's columns, and says what the JSON says of the same registration.
        rows = list(csv.DictReader(io.StringIO(out)))
        self.assertTrue(all(len(r) == len(rows[0]) and None not in r for r in rows))
        rc, out, _ = run("sessions", "--json", self.path)
        sessions = [json.loads(line, parse_float=str) for line in out.splitlines()]  # times as written
        by_eid = {(r["iid"], r["eid"]): r for s in sessions for r in s["registrations"]}
        self.assertEqual(len(rows), len(by_eid))
        for row in rows:
            reg = by_eid[(int(row["iid"]), row["eid"])]
            self.assertEqual(row["status"], reg["status"])
            self.assertEqual(row["reason"], reg["reason"] or "")
            self.assertEqual(int(row["ttl"]), reg["ttl"])
            self.assertEqual(row["sent"], reg["sent"] or "")
            self.assertEqual(row["answered"], reg["answered"] or "")
            self.assertEqual(row["rlocs"].count(";") + 1 if row["rlocs"] else 0, len(reg["rlocs"]))

    def test_usage(self):
        self.assertEqual(run("sessions", "--help")[0], 0)
        self.assertEqual(run("sessions")[0], 2)
        self.assertEqual(run("sessions", "--bogus", self.path)[0], 2)
        self.assertEqual(run("sessions", os.path.join(self.dir.name, "missing.pcap"))[0], 2)
        self.assertEqual(run("state", self.path)[0], 2)  # --at is required


class StateTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.path = os.path.join(self.dir.name, "basic.pcap")
        self.cap = basic_capture(self.path)

    def tearDown(self):
        self.dir.cleanup()

    def state(self, at, *extra):
        rc, out, err = run("state", "--json", "--at", str(at), *extra, self.path)
        self.assertIn(rc, (0, 1), err)
        return [json.loads(line) for line in out.splitlines()]

    def test_during_session(self):
        rows = self.state(START + 1.9)
        by_eid = {r["eid"]: r for r in rows}
        self.assertEqual(by_eid["10.1.0.0/16"]["status"], "registered")
        self.assertEqual(by_eid["10.9.0.0/16"]["status"], "rejected")
        self.assertEqual(by_eid["10.1.0.0/16"]["registrants"][0]["etr"], "192.0.2.10:40001")

    def test_before_answers_pending(self):
        rows = self.state(START + 1.8552)
        self.assertTrue(all(r["status"] == "pending" for r in rows), rows)

    def test_orphaned_then_expired(self):
        rows = self.state(START + 60)
        self.assertEqual(sorted(r["eid"] for r in rows), ["10.1.0.0/16", "10.2.0.0/16"])
        self.assertTrue(all(r["status"] == "orphaned" for r in rows))
        self.assertEqual(self.state(START + 300), [])

    def test_moments_relative_to_the_capture(self):
        """+S counts from the first frame (the UDP Map-Register at START); end is the latest frame, the FIN."""
        self.assertEqual(self.state("+1.9"), self.state(START + 1.9))
        self.assertEqual(self.state("+300"), [])
        last = max(t for t, _ in self.cap.packets)
        rows = self.state("end")
        self.assertEqual(rows, self.state(f"{last:.6f}"))
        self.assertEqual(sorted((r["eid"], r["status"]) for r in rows),
                         [("10.1.0.0/16", "orphaned"), ("10.2.0.0/16", "orphaned")])
        rc, out, _ = run("state", "--at", "end", self.path)
        self.assertEqual(rc, 0)
        when = datetime.datetime.fromtimestamp(last, datetime.timezone.utc)
        self.assertEqual(out.splitlines()[0], "Map-Server state at " + when.strftime("%Y-%m-%dT%H:%M:%S.%fZ"))
        empty = os.path.join(self.dir.name, "empty.pcap")
        Capture().write(empty)  # a header, no frames: a moment relative to them is none
        for at in ("end", "+1"):
            rc, out, _ = run("state", "--at", at, empty)
            self.assertEqual((rc, out.splitlines()[0]), (0, "Map-Server state: the captures have no frames"))
        for bad in ("+", "+x", "+-1", "end-", "end+5", "end--1", "99999999999999999"):
            rc, _, err = run("state", "--at", bad, self.path)
            self.assertEqual(rc, 2, bad)
            self.assertIn("--at: not a time: " + bad, err)

    def test_moments_before_the_end(self):
        """end-S: S seconds before the latest frame, found by a first pass over the files (stdin is refused)."""
        last = max(t for t, _ in self.cap.packets)
        self.assertEqual(self.state("end-0"), self.state("end"))
        before = self.state("end-1.9")
        self.assertEqual(before, self.state(f"{last - 1.9:.6f}"))
        self.assertNotEqual(before, self.state("end"))  # the moment moved: registered then, orphaned at the end
        self.assertIn("registered", {r["status"] for r in before})
        with open(self.path, "rb") as f:
            p = subprocess.run([MSRT, "state", "--at", "end-5", "-"], stdin=f, capture_output=True, text=True)
        self.assertEqual(p.returncode, 2)
        self.assertIn("--at end-S reads the captures twice", p.stderr)
        rc, _, err = run("state", "--at", "end-5", os.path.join(self.dir.name, "missing.pcap"))
        self.assertEqual(rc, 2)
        self.assertIn("missing.pcap", err)

    def test_rows_say_when_they_held(self):
        """Each JSON row and CSV row carries the moment, resolved: a row piped on alone still says when."""
        last = f"{max(t for t, _ in self.cap.packets):.6f}"
        for at, when in (("end", last), (START + 1.9, f"{START + 1.9:.6f}")):
            rc, out, err = run("state", "--json", "--at", str(at), self.path)
            self.assertEqual(rc, 0, err)
            lines = out.splitlines()
            self.assertTrue(lines)
            for line in lines:
                self.assertTrue(line.startswith('{"at":' + when + ',"ms":'), line)
            rc, out, err = run("state", "--csv", "--at", str(at), self.path)
            self.assertEqual(rc, 0, err)
            header, *rows = list(csv.reader(io.StringIO(out)))
            self.assertEqual(header[:2], ["at", "ms"])
            self.assertEqual(len(rows), len(lines))  # one registrant each here
            self.assertEqual({r[0] for r in rows}, {when})

    def test_iso_time(self):
        rc, out, _ = run("state", "--at", "2023-11-14T22:14:20Z", self.path)
        self.assertEqual(rc, 0)
        self.assertIn("orphaned", out)


class EventsTest(unittest.TestCase):
    def test_timeline(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "basic.pcap")
            basic_capture(path)
            rc, out, err = run("events", "--json", path)
            self.assertEqual(rc, 0, err)
            events = [json.loads(line) for line in out.splitlines()]
            names = [e["event"] for e in events]
            self.assertEqual(names[:3], ["udp_map_register", "udp_map_notify", "session_open"])
            self.assertIn("registration_nack", names)
            self.assertEqual(names.count("orphaned"), 2)
            self.assertEqual(names[-3], "session_close")
            acks = [e for e in events if e["event"] == "registration_ack"]
            self.assertEqual(acks[0]["status"], "registered")
            self.assertGreater(float(acks[0]["latency"]), 0)
            rc, out, _ = run("events", "--eid", "[1000] 10.9.0.0/16", path)
            self.assertEqual(len(out.splitlines()), 4)  # open, Registration, NACK, close


if __name__ == "__main__":
    MSRT = sys.argv.pop(1)
    unittest.main(verbosity=1)
