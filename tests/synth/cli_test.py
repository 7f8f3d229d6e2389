#!/usr/bin/env python3
"""`msrt synth` as a command: help, exit statuses and messages, output paths, flags, benchmark mode.

usage: cli_test.py PATH/TO/msrt
"""
import json
import os
import subprocess
import sys
import tempfile
import unittest

MSRT = None


def synth(*args, cwd=None):
    return subprocess.run([MSRT, "synth", *args], capture_output=True, text=True, cwd=cwd)


class CliTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def path(self, name):
        return os.path.join(self.dir, name)

    def manifest(self, name):
        with open(self.path(name)) as f:
            return json.load(f)

    def test_help(self):
        p = synth("--help")
        self.assertEqual(p.returncode, 0)
        self.assertIn("usage: msrt synth", p.stdout)
        self.assertIn("--impair", p.stdout)

    def test_usage_errors_exit_2_with_a_message(self):
        cases = [
            ((), "no output file"),
            (("-o", self.path("x.cap")), "cannot tell the format"),
            (("-o", self.path("x.pcap"), "--bogus"), "unknown option --bogus"),
            (("-o", self.path("x.pcap"), "--sessions", "3"), "--sessions and --prefixes go together"),
            (("-o", self.path("x.pcap"), "-s", self.path("missing.scn")), "missing.scn"),
            (("-o", self.path("x.pcap"), "--impair", "teleport=1"), "option --impair teleport: unknown impairment"),
            (("-o", self.path("x.pcap"), "--rtt", "soon"), "option --rtt: bad value"),
            (("-o", self.path("no/such/dir/x.pcap"),), "cannot write"),
        ]
        for args, message in cases:
            with self.subTest(args=args):
                p = synth(*args)
                self.assertEqual(p.returncode, 2, p.stderr)
                self.assertIn(message, p.stderr)

    def test_scenario_errors_name_file_and_line(self):
        scn = self.path("bad.scn")
        with open(scn, "w") as f:
            f.write("ms ms1 192.0.2.1\netr e1 ms=ms1 rloc=192.0.2.2\neid e1 10.0.0.0/99\n")
        p = synth("-s", scn, "-o", self.path("x.pcap"))
        self.assertEqual(p.returncode, 2)
        self.assertIn("bad.scn:3: bad EID prefix '10.0.0.0/99'", p.stderr)

    def test_outputs_and_determinism(self):
        for i in (1, 2):
            p = synth("-q", "-o", self.path(f"run{i}.cap"), "--format", "pcapng")
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertEqual(p.stderr, "")
        with open(self.path("run1.cap"), "rb") as a, open(self.path("run2.cap"), "rb") as b:
            self.assertEqual(a.read(), b.read())
        m = self.manifest("run1.manifest.json")
        self.assertEqual(m["capture"], "run1.cap")
        self.assertEqual(m["format"], "pcapng")
        self.assertEqual(m["generator"], "msrt synth 0.1.0")
        p = synth("-o", self.path("seed.pcap"), "--seed", "77", "-m", self.path("elsewhere.json"))
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("seed.pcap", p.stderr)
        self.assertEqual(self.manifest("elsewhere.json")["seed"], 77)
        p = synth("-q", "-o", self.path("none.pcap"), "--no-manifest")
        self.assertFalse(os.path.exists(self.path("none.manifest.json")))

    def test_flags_reach_the_capture(self):
        scn = self.path("late.scn")
        with open(scn, "w") as f:
            f.write("ms ms1 192.0.2.1\netr e1 ms=ms1 rloc=192.0.2.2\neid e1 10.0.0.0/8\n"
                    "at 4s ms1 refresh e1 scope=0\n")
        p = synth("-q", "-s", scn, "-o", self.path("f.pcap"), "--profile", "ietf", "--vlan", "42",
                  "--impair", "mid-stream=3s")
        self.assertEqual(p.returncode, 0, p.stderr)
        m = self.manifest("f.manifest.json")
        self.assertEqual(m["profile"], "ietf")
        self.assertIsNotNone(m["capture_start"])
        self.assertIn("mid_stream", m["impairments"])
        self.assertEqual(m["sessions"][0]["opened"], "mid_stream")
        with open(self.path("f.pcap"), "rb") as f:
            data = f.read()
        self.assertEqual(data[24 + 16 + 12:24 + 16 + 14], b"\x81\x00")  # first frame's TPID

    def test_benchmark_mode(self):
        p = synth("-q", "-o", self.path("b.pcap"), "--sessions", "3", "--prefixes", "40", "--detail", "counts",
                  "--lifetime", "4s", "--concurrency", "2")
        self.assertEqual(p.returncode, 0, p.stderr)
        m = self.manifest("b.manifest.json")
        self.assertEqual(len(m["sessions"]), 3)
        for s in m["sessions"]:
            self.assertNotIn("messages", s)
            self.assertNotIn("registrations", s)
            self.assertEqual(s["end_reason"], "fin")
            self.assertGreaterEqual(s["counts"]["etr_to_ms"]["registration"], 40)
        p = synth("-q", "-o", self.path("t.pcap"), "--sessions", "2", "--prefixes", "30", "--detail", "tables",
                  "--ipv6")
        self.assertEqual(p.returncode, 0, p.stderr)
        s = self.manifest("t.manifest.json")["sessions"][0]
        self.assertTrue(s["etr"].startswith("[2001:db8:ffff"))
        self.assertEqual(len(s["registrations"]), 30)
        self.assertNotIn("messages", s)


if __name__ == "__main__":
    MSRT = os.path.abspath(sys.argv.pop(1))
    unittest.main()
