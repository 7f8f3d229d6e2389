#!/usr/bin/env python3
"""Seed corpora for the fuzz targets (called by make_corpus.sh).

decode_message  one file per reliable-transport message: spec examples, then messages framed from the TCP
                streams of the captures
framer          whole TCP byte streams (one per direction of each session), and the spec examples back to back
map_register    embedded Map-Registers (Registration bodies), UDP Map-Register/Map-Notify payloads, compact EID
                prefixes (ACK bodies) for the address decoder
tcp_sessions    captured TCP sessions in the packet-record form of fuzz_tcp_sessions.cpp
capture         the capture files themselves (small ones), and pcapng copies of the pcap ones
"""
import argparse
import hashlib
import os
import re
import struct
import subprocess
import sys
import tempfile

END_MARKER = bytes.fromhex("9facade9")
PORT = 4342
MAX_SEED = 64 * 1024       # larger seeds slow every execution down
MAX_CAPTURE_SEED = 256 * 1024
MAX_PER_CAPTURE = 200      # messages taken from one capture: the corpus should stay small


class Corpus:
    def __init__(self, root):
        self.root = root
        self.counts = {}

    def add(self, target, data, cap=MAX_SEED):
        if not data or len(data) > cap:
            return
        d = os.path.join(self.root, target)
        os.makedirs(d, exist_ok=True)
        name = hashlib.sha1(data).hexdigest()
        path = os.path.join(d, name)
        if not os.path.exists(path):
            with open(path, "wb") as f:
                f.write(data)
            self.counts[target] = self.counts.get(target, 0) + 1


def spec_examples(path):
    """The hex of examples E1-E10: the lines of hex octets in each example's block, comments stripped."""
    if not os.path.exists(path):
        print(f"corpus: no spec at {path}", file=sys.stderr)
        return []
    text = open(path, encoding="utf-8").read()
    out = []
    for m in re.finditer(r"\*\*E(\d+)\..*?\*\*(.*?)(?=\n\*\*E\d+\.|\n---)", text, re.S):
        octets = []
        for line in m.group(2).splitlines():
            line = line.split("<-")[0].strip().strip("`")
            if re.fullmatch(r"([0-9A-Fa-f]{2}\s+)*[0-9A-Fa-f]{2}", line):
                octets.append(line)
        if octets:
            out.append(bytes.fromhex(" ".join(octets)))
    # Appendix A: an example given inline in backquotes.
    for m in re.finditer(r"Example E(\d+) .*?:\n`([0-9A-Fa-f ]+)`", text):
        out.append(bytes.fromhex(m.group(2)))
    return out


def test_examples(path):
    """The same examples as tests/protocol/examples_test.cpp holds them (each decoded and re-encoded there byte
    for byte): runs of adjacent string literals of hex octets that make one whole message (its Length field
    counts them). For a clone that does not sit next to the spec."""
    if not os.path.exists(path):
        print(f"corpus: no examples test at {path}", file=sys.stderr)
        return []
    text = open(path, encoding="utf-8").read()
    out = []
    for m in re.finditer(r'(?:"[0-9A-Fa-f ]*"\s*)+', text):
        octets = bytes.fromhex("".join(re.findall(r'"([0-9A-Fa-f ]*)"', m.group(0))))
        if len(octets) >= 8 and struct.unpack(">H", octets[2:4])[0] == len(octets):
            out.append(octets)
    return out


def tshark(path, filt, fields):
    cmd = ["tshark", "-n", "-r", path, "-Y", filt, "-T", "fields", "-E", "separator=|"]
    for f in fields:
        cmd += ["-e", f]
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    return [line.split("|") for line in r.stdout.splitlines()]


def tcp_packets(path):
    rows = tshark(path, f"tcp.port=={PORT}", ["tcp.stream", "tcp.srcport", "tcp.dstport", "tcp.seq_raw",
                                               "tcp.ack_raw", "tcp.flags", "tcp.payload", "frame.time_epoch"])
    pkts = []
    for stream, sport, dport, seq, ack, flags, payload, t in rows:
        pkts.append(dict(stream=int(stream), to_etr=int(sport) == PORT and int(dport) != PORT, seq=int(seq),
                         ack=int(ack or 0), flags=int(flags, 16), payload=bytes.fromhex(payload.replace(":", "")),
                         time=float(t)))
    return pkts


def streams(pkts):
    """Per (session, direction): the in-order byte stream, retransmitted octets dropped, stopping at a hole."""
    out = {}
    nxt = {}
    for p in pkts:
        key = (p["stream"], p["to_etr"])
        if p["flags"] & 0x02:
            nxt[key] = (p["seq"] + 1) & 0xFFFFFFFF
            out.setdefault(key, bytearray())
            continue
        if not p["payload"]:
            continue
        exp = nxt.setdefault(key, p["seq"])
        delta = (p["seq"] - exp) & 0xFFFFFFFF
        if delta >= 0x80000000:  # starts before what we have: keep the new tail
            skip = 0x100000000 - delta
            data = p["payload"][skip:]
        elif delta == 0:
            data = p["payload"]
        else:
            continue  # a hole: later octets cannot be placed without it
        out.setdefault(key, bytearray()).extend(data)
        nxt[key] = (exp + len(data)) & 0xFFFFFFFF
    return {k: bytes(v) for k, v in out.items()}


def frame(stream):
    """Whole messages from the start of a stream, by Length, until framing breaks."""
    msgs, pos = [], 0
    while pos + 4 <= len(stream):
        length = struct.unpack(">H", stream[pos + 2:pos + 4])[0]
        if length < 8 or pos + length > len(stream) or stream[pos + length - 4:pos + length] != END_MARKER:
            break
        msgs.append(stream[pos:pos + length])
        pos += length
    return msgs


def add_message(corpus, msg):
    corpus.add("decode_message", msg)
    if len(msg) < 12:
        return
    mtype, body = struct.unpack(">H", msg[:2])[0], msg[8:-4]
    if mtype == 17:
        corpus.add("map_register", body)
    elif mtype in (18, 20):  # compact EID prefix (after the 3 scope/flags octets for a Refresh)
        corpus.add("map_register", body if mtype == 18 else body[3:])
    elif mtype == 19:
        corpus.add("map_register", body[3:])


def session_records(pkts):
    """Packets in the record form of fuzz_tcp_sessions: offsets relative to where each direction should be."""
    flows, nxt, first, out = {}, {}, {}, bytearray()
    t_prev = None
    for p in pkts:
        flow = flows.setdefault(p["stream"], len(flows) % 6)
        d = 1 if p["to_etr"] else 0
        key, peer = (flow, d), (flow, 1 - d)
        first.setdefault(key, p["seq"])
        rel = (p["seq"] - first[key]) & 0xFFFFFFFF
        seq_off = rel - nxt.get(key, 0)
        ack_off = 0
        if (p["flags"] & 0x10) and peer in first:
            ack_off = ((p["ack"] - first[peer]) & 0xFFFFFFFF) - nxt.get(peer, 0)
        clamp = lambda v: max(-32768, min(32767, v)) & 0xFFFF
        flags = (p["flags"] & 0x07) | (0x08 if p["flags"] & 0x10 else 0) | (d << 4) | (flow << 5)
        step = 0 if t_prev is None else int(min(255, max(0, (p["time"] - t_prev) * 1000) ** 0.5))
        t_prev = p["time"]
        payload = p["payload"][:0xFFFF]
        out += struct.pack(">BHHHBBB", flags, clamp(seq_off), clamp(ack_off), len(payload), 0, step, 0) + payload
        nxt[key] = (rel + len(payload) + (1 if p["flags"] & 0x02 else 0) + (1 if p["flags"] & 0x01 else 0)) \
            & 0xFFFFFFFF
        if len(out) > MAX_SEED:
            break
    return bytes(out)


def example_session(examples):
    """A clean session carrying the spec examples (MS: E1 Refresh first; ETR: E6; MS: E2, E7), as packets in the
    form tcp_packets() gives, so the session targets have seeds even before samples/ holds TCP captures."""
    by_type = {}
    for e in examples:
        if len(e) >= 4:
            by_type.setdefault(struct.unpack(">H", e[:2])[0], e)
    script = [(0, 0x02, b""), (1, 0x12, b""), (0, 0x10, b""), (1, 0x18, by_type.get(20, b"")),
              (0, 0x18, by_type.get(17, b"")), (1, 0x18, by_type.get(18, b"") + by_type.get(21, b"")),
              (0, 0x11, b""), (1, 0x11, b""), (0, 0x10, b"")]
    seq, pkts, t = [1000, 90000], [], 1.0
    for d, flags, payload in script:
        pkts.append(dict(stream=0, to_etr=bool(d), seq=seq[d], ack=seq[1 - d], flags=flags, payload=payload, time=t))
        seq[d] += len(payload) + (1 if flags & 0x03 else 0)
        t += 0.01
    return pkts


def pcap_of(pkts):
    """A classic pcap (Ethernet, IPv4, TCP; checksums left 0) of packets in the tcp_packets() form."""
    etr, ms = bytes([192, 0, 2, 1]), bytes([198, 51, 100, 1])
    out = bytearray(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
    for p in pkts:
        src, dst, sport, dport = (ms, etr, PORT, 40000) if p["to_etr"] else (etr, ms, 40000, PORT)
        tcp = struct.pack(">HHIIBBHHH", sport, dport, p["seq"], p["ack"], 5 << 4, p["flags"], 65535, 0, 0)
        ip = struct.pack(">BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp) + len(p["payload"]), 0, 0x4000, 64, 6, 0, src, dst)
        frame_ = b"\x02" * 6 + b"\x04" * 6 + b"\x08\x00" + ip + tcp + p["payload"]
        sec = int(p["time"])
        out += struct.pack("<IIII", sec, int((p["time"] - sec) * 1e6), len(frame_), len(frame_)) + frame_
    return bytes(out)


def add_capture(corpus, path, tmp):
    corpus.add("capture", open(path, "rb").read(), MAX_CAPTURE_SEED)
    if path.endswith(".pcap"):
        ng = os.path.join(tmp, os.path.basename(path) + "ng")
        if subprocess.run(["editcap", "-F", "pcapng", path, ng], stderr=subprocess.DEVNULL).returncode == 0:
            corpus.add("capture", open(ng, "rb").read(), MAX_CAPTURE_SEED)
    for row in tshark(path, f"udp.port=={PORT}", ["udp.payload"]):
        corpus.add("map_register", bytes.fromhex(row[0].replace(":", "")))
    pkts = tcp_packets(path)
    if not pkts:
        return
    taken = 0
    for key, data in sorted(streams(pkts).items()):
        corpus.add("framer", data[:MAX_SEED])
        for msg in frame(data):
            if taken < MAX_PER_CAPTURE:
                add_message(corpus, msg)
                taken += 1
    corpus.add("tcp_sessions", session_records(pkts))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--spec", required=True)
    ap.add_argument("--examples-test", help="where to take the examples from when the spec is not there")
    ap.add_argument("captures", nargs="*")
    a = ap.parse_args()
    corpus = Corpus(a.out)
    examples = spec_examples(a.spec)
    source = "spec"
    if not examples and a.examples_test:
        examples, source = test_examples(a.examples_test), "examples-test"
    for msg in examples:
        add_message(corpus, msg)
    corpus.add("framer", b"".join(examples))
    if examples:
        session = example_session(examples)
        corpus.add("tcp_sessions", session_records(session))
        corpus.add("capture", pcap_of(session))
    with tempfile.TemporaryDirectory() as tmp:
        for path in a.captures:
            add_capture(corpus, path, tmp)
    for t in sorted(corpus.counts):
        print(f"corpus: {t}: {corpus.counts[t]} seeds")
    print(f"corpus: {len(examples)} spec examples (from the {source}), {len(a.captures)} captures")
    # Every target must start from something, or its replay test would pass on nothing.
    return 0 if examples or a.captures else 1


if __name__ == "__main__":
    sys.exit(main())
