"""Builds reliable-transport messages and writes them as TCP/UDP packets in a classic pcap file.

Test-only: the byte layouts follow the spec (sections 2.2-2.5, 4.1, 4.2) independently of protocol/, so the
plugin is checked against an encoder it does not share code with.
"""
import struct

END_MARKER = 0x9FACADE9
TYPES = {"error_notification": 16, "registration": 17, "registration_ack": 18, "registration_nack": 19,
         "registration_refresh": 20, "mapping_notification": 21}
REASONS = {"invalid_site_prefix": 1, "authentication_failure": 2, "locator_set_not_allowed": 3, "unspecified": 4}


def ip4(text):
    return bytes(int(x) for x in text.split("."))


def eid_address(iid, prefix, lcaf=True):
    """AFI-encoded EID: an Instance-ID LCAF around IPv4/IPv6/none, or a plain AFI."""
    if prefix is None:
        afi, addr = 0, b""
    elif ":" in prefix:
        import ipaddress
        afi, addr = 2, ipaddress.IPv6Address(prefix).packed
    else:
        afi, addr = 1, ip4(prefix)
    if not lcaf:
        return struct.pack("!H", afi) + addr
    payload = struct.pack("!IH", iid, afi) + addr
    return struct.pack("!HBBBBH", 16387, 0, 0, 2, 32, len(payload)) + payload


def compact_eid(iid, prefix, length, lcaf=True):
    return bytes([length]) + eid_address(iid, prefix, lcaf)


def message(type_code, msg_id, body, length=None, marker=END_MARKER):
    total = 12 + len(body) if length is None else length
    return struct.pack("!HHI", type_code, total, msg_id) + body + struct.pack("!I", marker)


def locator(rloc, priority=1, weight=100, m_priority=255, m_weight=0, flags=5):
    return struct.pack("!BBBBHH", priority, weight, m_priority, m_weight, flags, 1) + ip4(rloc)


def eid_record(iid, prefix, length, rlocs, ttl=1440, a_bit=True, lcaf=True, loc_flags=5):
    head = struct.pack("!IBBHH", ttl, len(rlocs), length, 0x1000 if a_bit else 0, 0)
    return head + eid_address(iid, prefix, lcaf) + b"".join(locator(r, flags=loc_flags) for r in rlocs)


def map_register(records, nonce=0x0123456789ABCDEF, r_bit=False, m_bit=True, xtr_id=bytes(range(16)),
                 site_id=0, auth=bytes(20), notify=False):
    word0 = ((4 if notify else 3) << 28) | len(records)
    word0 |= (0x08000000 if notify else 0x02000000)  # I: xTR-ID and Site-ID follow (its bit differs in Notify)
    if r_bit and not notify:
        word0 |= 0x00002000
    if m_bit and not notify:
        word0 |= 0x00000100
    out = struct.pack("!IQBBH", word0, nonce, 0, 1 if auth else 0, len(auth)) + auth
    out += b"".join(records)
    return out + xtr_id + struct.pack("!Q", site_id)


def registration(msg_id, iid, prefix, length, rlocs, ttl=1440, nonce=0x0123456789ABCDEF):
    return message(17, msg_id, map_register([eid_record(iid, prefix, length, rlocs, ttl)], nonce=nonce))


def ack(msg_id, iid, prefix, length):
    return message(18, msg_id, compact_eid(iid, prefix, length))


def nack(msg_id, reason, iid, prefix, length):
    return message(19, msg_id, struct.pack("!BH", reason, 0) + compact_eid(iid, prefix, length))


def refresh(msg_id, scope, rejected_only=False, iid=0, prefix=None, length=0):
    body = struct.pack("!BH", scope, 0x8000 if rejected_only else 0)
    if scope != 0:
        body += compact_eid(iid, prefix, length)
    return message(20, msg_id, body)


def mapping_notification(msg_id, iid, prefix, length, rlocs, xtr_id=bytes(range(16)), site_id=0):
    rec = eid_record(iid, prefix, length, rlocs, a_bit=False, loc_flags=1)
    return message(21, msg_id, xtr_id + struct.pack("!Q", site_id) + rec)


def error_notification(msg_id, code, off_type, off_len, off_id):
    return message(16, msg_id, struct.pack("!I", code << 24) + struct.pack("!HHI", off_type, off_len, off_id))


def _checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


class Pcap:
    """Ethernet/IPv4 frames in a classic pcap file, microsecond timestamps."""

    def __init__(self, start=1700000000.0):
        self.frames = []
        self.t = start

    def tick(self, dt=0.001):
        self.t += dt
        return self.t

    def _ip(self, src, dst, proto, payload):
        head = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), 0, 0x4000, 64, proto, 0, ip4(src), ip4(dst))
        head = head[:10] + struct.pack("!H", _checksum(head)) + head[12:]
        return head + payload

    def _frame(self, ip_packet):
        return b"\x02\0\0\0\0\x02" + b"\x02\0\0\0\0\x01" + b"\x08\x00" + ip_packet

    def add(self, ip_packet, t=None):
        self.frames.append((self.tick() if t is None else t, self._frame(ip_packet)))
        return len(self.frames)  # Wireshark frame number

    def tcp(self, src, sport, dst, dport, seq, ack, flags, payload=b"", t=None):
        off_flags = (5 << 12) | flags
        head = struct.pack("!HHIIHHHH", sport, dport, seq & 0xFFFFFFFF, ack & 0xFFFFFFFF, off_flags, 65535, 0, 0)
        pseudo = ip4(src) + ip4(dst) + struct.pack("!BBH", 0, 6, len(head) + len(payload))
        csum = _checksum(pseudo + head + payload)
        head = head[:16] + struct.pack("!H", csum) + head[18:]
        return self.add(self._ip(src, dst, 6, head + payload), t)

    def udp(self, src, sport, dst, dport, payload, t=None):
        head = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0)
        return self.add(self._ip(src, dst, 17, head + payload), t)

    def write(self, path):
        with open(path, "wb") as f:
            f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
            for t, data in sorted(self.frames, key=lambda x: x[0]) if False else self.frames:
                secs = int(t)
                usecs = int(round((t - secs) * 1e6))
                f.write(struct.pack("<IIII", secs, usecs, len(data), len(data)) + data)


SYN, FIN, RST, PSH, ACK = 0x02, 0x01, 0x04, 0x08, 0x10


class TcpSession:
    """One ETR-to-MS connection: sequence numbers per direction, segments written to a Pcap."""

    def __init__(self, pcap, etr, etr_port, ms, ms_port=4342, handshake=True):
        self.p, self.etr, self.etr_port, self.ms, self.ms_port = pcap, etr, etr_port, ms, ms_port
        self.seq = {"etr_to_ms": 1000, "ms_to_etr": 5000}
        if handshake:
            self.p.tcp(etr, etr_port, ms, ms_port, self.seq["etr_to_ms"] - 1, 0, SYN)
            self.p.tcp(ms, ms_port, etr, etr_port, self.seq["ms_to_etr"] - 1, self.seq["etr_to_ms"], SYN | ACK)
            self.p.tcp(etr, etr_port, ms, ms_port, self.seq["etr_to_ms"], self.seq["ms_to_etr"], ACK)

    def ends(self, d):
        if d == "etr_to_ms":
            return self.etr, self.etr_port, self.ms, self.ms_port
        return self.ms, self.ms_port, self.etr, self.etr_port

    def send(self, d, data, advance=True, seq=None, flags=PSH | ACK, t=None):
        src, sport, dst, dport = self.ends(d)
        other = "ms_to_etr" if d == "etr_to_ms" else "etr_to_ms"
        s = self.seq[d] if seq is None else seq
        frame = self.p.tcp(src, sport, dst, dport, s, self.seq[other], flags, data, t)
        if advance:
            self.seq[d] += len(data)
        return frame

    def skip(self, d, n):
        """Capture loss: n octets of this direction never appear in the capture."""
        self.seq[d] += n

    def close(self):
        self.send("etr_to_ms", b"", flags=FIN | ACK)
        self.seq["etr_to_ms"] += 1
        self.send("ms_to_etr", b"", flags=FIN | ACK)
        self.seq["ms_to_etr"] += 1
        self.send("etr_to_ms", b"", flags=ACK)
