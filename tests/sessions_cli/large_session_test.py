"""Sessions with more registrations than a writer holds at once: their text is written out in parts as it is
rendered (JSON, CSV) and their table is laid out in two passes (common/table.hpp StreamedTable). What comes
out must still be each session whole, in order, with the same registrations in every format, and a table
whose rows line up under its header.

usage: large_session_test.py PATH/TO/msrt
"""
import csv
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import unittest

MSRT = None
PREFIXES = 9000  # above the 4096 rows a table is held for, and several 256 kB parts of JSON per session


def run(*args):
    p = subprocess.run([MSRT, *args], capture_output=True)
    assert p.returncode in (0, 1), (args, p.returncode, p.stderr)
    return p.stdout.decode()


ROW = re.compile(r"^ +(\d+)  (\S+) +(\S.*?)(?:  |$)")


def table_rows(text):
    """Per session, its registration rows as (iid, eid, status) and where those three columns sit on the
    line: (end of the right-aligned IID, start of EID, start of Status)."""
    sessions, rows = [], None
    for line in text.splitlines():
        if line.startswith("Session "):
            rows = None
            sessions.append([])
        elif re.match(r"^ +IID +EID-prefix +Status", line):
            rows = sessions[-1]
            rows.append(((line.index("IID") + 3, line.index("EID-prefix"), line.index("Status")), None))
        elif rows is not None and line.strip():
            m = ROW.match(line)
            rows.append(((m.end(1), m.start(2), m.start(3)), (m.group(1), m.group(2), m.group(3))))
        else:
            rows = None
    return sessions


def status_text(registration):
    """A registration's Status cell: its status, or when it was left orphaned, until when."""
    return "orphaned until" if registration["orphaned"] else registration["status"]


class LargeSessionTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.capture = os.path.join(cls.tmp.name, "large.pcap")
        subprocess.run([MSRT, "synth", "-q", "--no-manifest", "--detail", "counts", "--seed", "3",
                        "--sessions", "3", "--prefixes", str(PREFIXES), "-o", cls.capture], check=True)
        cls.json = [json.loads(line) for line in run("sessions", "--json", "--no-progress", cls.capture).splitlines()]

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_json_sessions_whole(self):
        self.assertEqual([s["session"] for s in self.json], [0, 1, 2])
        for s in self.json:
            self.assertGreaterEqual(len(s["registrations"]), PREFIXES)
            self.assertEqual(len(s["registrations"]), sum(s["summary"].values()))
            keys = [(r["iid"], r["eid"]) for r in s["registrations"]]
            self.assertEqual(len(keys), len(set(keys)))

    def test_csv_rows_are_the_json_registrations(self):
        rows = list(csv.DictReader(io.StringIO(run("sessions", "--csv", "--no-progress", self.capture))))
        expected = [(str(s["session"]), str(r["iid"]), r["eid"], r["status"])
                    for s in self.json for r in s["registrations"]]
        self.assertEqual([(r["session"], r["iid"], r["eid"], r["status"]) for r in rows], expected)

    def test_table_rows_line_up_and_are_the_json_registrations(self):
        sessions = table_rows(run("sessions", "--no-progress", self.capture))
        self.assertEqual(len(sessions), 3)
        for s, rows in zip(self.json, sessions):
            self.assertEqual({where for where, _ in rows}, {rows[0][0]}, "columns do not line up")
            cells = [(iid, eid, status[:14]) for _, (iid, eid, status) in rows[1:]]
            self.assertEqual(cells, [(str(g["iid"]), g["eid"], status_text(g)) for g in s["registrations"]])

    def test_filtered_table_held_whole_shows_the_same_cells(self):
        # Under 4096 rows the table is held and laid out in one pass: the same cells as the two-pass table.
        everything = table_rows(run("sessions", "--no-progress", self.capture))
        for s, full in zip(self.json, everything):
            iid = s["registrations"][0]["iid"]  # one Instance ID per session in this capture
            some = table_rows(run("sessions", "--no-progress", "--eid", "[%d] 10.0.0.0/16" % iid, self.capture))
            self.assertEqual(len(some), 1)
            part_cells = [cells for _, cells in some[0][1:]]
            self.assertTrue(0 < len(part_cells) < 4096)
            wanted = {cells[:2] for cells in part_cells}
            self.assertEqual([cells for _, cells in full[1:] if cells[:2] in wanted], part_cells)

    def test_threads_agree(self):
        for fmt in ([], ["--json"], ["--csv"]):
            one = run("sessions", "--no-progress", "--threads", "1", *fmt, self.capture)
            two = run("sessions", "--no-progress", "--threads", "2", *fmt, self.capture)
            self.assertTrue(one == two, "%s differs between one and two threads" % fmt)


if __name__ == "__main__":
    MSRT = sys.argv.pop(1)
    unittest.main(verbosity=1)
