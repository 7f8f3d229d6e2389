"""Builds small pcap captures of reliable-transport sessions for the `msrt sessions` tests.

An independent encoder (written from the spec, not from protocol/): Ethernet/IPv4/TCP/UDP packets carrying
Registrations, ACK/NACK, Refresh and Mapping Notifications, with chosen segmentation, losses and endings.
"""
import ipaddress
import struct

END_MARKER = b"\x9f\xac\xad\xe9"
T_REG, T_ACK, T_NACK, T_REFRESH, T_NOTIF = 17, 18, 19, 20, 21


def message(mtype, mid, body):
    return struct.pack(">HHI", mtype, 12 + len(body), mid) + body + END_MARKER


def _addr(text):
    a = ipaddress.ip_address(text)
    return (1 if a.version == 4 else 2), a.packed


def lcaf_eid(iid, prefix):
    """AFI 16387 + Instance-ID LCAF; prefix None means inner AFI 0 (no address)."""
    afi, raw = (0, b"") if prefix is None else _addr(prefix)
    return struct.pack(">HBBBBHI", 16387, 0, 0, 2, 32, 4 + 2 + len(raw), iid) + struct.pack(">H", afi) + raw


def compact_eid(iid, prefix, mask, plain=False):
    if plain:
        afi, raw = _addr(prefix)
        return struct.pack(">BH", mask, afi) + raw
    return struct.pack(">B", mask) + lcaf_eid(iid, prefix)


def eid_record(iid, prefix, mask, ttl, locators, authoritative=True, plain=False):
    if plain:
        afi, raw = _addr(prefix)
        eid = struct.pack(">H", afi) + raw
    else:
        eid = lcaf_eid(iid, prefix)
    rec = struct.pack(">IBBHH", ttl, len(locators), mask, 0x1000 if authoritative else 0, 0) + eid
    for loc in locators:
        afi, raw = _addr(loc["address"])
        rec += struct.pack(">BBBBHH", loc["priority"], loc["weight"], loc["m_priority"], loc["m_weight"],
                           loc["flags"], afi) + raw
    return rec


def map_register(records, nonce, xtr_id, site_id, r_bit=False, t_bit=False, notify=False):
    word0 = (4 << 28 | 0x08000000) if notify else (3 << 28 | 0x02000000 | 0x100)
    if r_bit and not notify:
        word0 |= 0x2000
    if t_bit and not notify:
        word0 |= 0x800
    word0 |= len(records)
    out = struct.pack(">IQBBH", word0, nonce, 0, 1, 20) + b"\x00" * 20
    return out + b"".join(records) + xtr_id + struct.pack(">Q", site_id)


def registration(mid, rec, nonce, xtr_id, site_id, t_bit=False):
    return message(T_REG, mid, map_register([rec], nonce, xtr_id, site_id, t_bit=t_bit))


def ack(mid, iid, prefix, mask, plain=False):
    return message(T_ACK, mid, compact_eid(iid, prefix, mask, plain))


def nack(mid, reason, iid, prefix, mask):
    return message(T_NACK, mid, struct.pack(">BH", reason, 0) + compact_eid(iid, prefix, mask))


def refresh(mid, scope=0, rejected_only=False, iid=0, prefix=None, mask=0):
    body = struct.pack(">BH", scope, 0x8000 if rejected_only else 0)
    if scope:
        body += struct.pack(">B", mask) + lcaf_eid(iid, prefix)
    return message(T_REFRESH, mid, body)


def mapping_notification(mid, xtr_id, site_id, rec):
    return message(T_NOTIF, mid, xtr_id + struct.pack(">Q", site_id) + rec)


def _checksum(data):
    if len(data) % 2:
        data += b"\x00"
    s = sum(struct.unpack(">%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def _ipv4(src, dst, proto, payload):
    hdr = struct.pack(">BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), 0, 0x4000, 64, proto, 0,
                      ipaddress.ip_address(src).packed, ipaddress.ip_address(dst).packed)
    hdr = hdr[:10] + struct.pack(">H", _checksum(hdr)) + hdr[12:]
    return hdr + payload


def _l4_checksum(src, dst, proto, segment):
    pseudo = ipaddress.ip_address(src).packed + ipaddress.ip_address(dst).packed + struct.pack(
        ">BBH", 0, proto, len(segment))
    return _checksum(pseudo + segment)


class Capture:
    """Packets in time order, written as a classic pcap (Ethernet)."""

    def __init__(self, start=1700000000.0):
        self.now = start
        self.packets = []

    def tick(self, seconds):
        self.now += seconds

    def add_ip(self, ip_packet):
        frame = b"\x00\x00\x5e\x00\x53\x02" + b"\x00\x00\x5e\x00\x53\x01" + b"\x08\x00" + ip_packet
        self.packets.append((self.now, frame))

    def udp(self, src, sport, dst, dport, payload):
        seg = struct.pack(">HHHH", sport, dport, 8 + len(payload), 0) + payload
        seg = seg[:6] + struct.pack(">H", _l4_checksum(src, dst, 17, seg)) + seg[8:]
        self.add_ip(_ipv4(src, dst, 17, seg))

    def write(self, path):
        with open(path, "wb") as f:
            f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
            for t, frame in self.packets:
                sec = int(t)
                usec = int(round((t - sec) * 1e6))
                f.write(struct.pack("<IIII", sec, usec, len(frame), len(frame)) + frame)


class TcpSession:
    """One TCP connection ETR -> MS:4342 inside a Capture; side 0 is the ETR, side 1 the MS."""

    def __init__(self, cap, etr, eport, ms, mport=4342, isn=(1000, 50000)):
        self.cap = cap
        self.ends = [(etr, eport), (ms, mport)]
        self.seq = [isn[0], isn[1]]

    def _send(self, side, flags, payload=b"", seq=None):
        (src, sport), (dst, dport) = self.ends[side], self.ends[1 - side]
        seq = self.seq[side] if seq is None else seq
        ack = self.seq[1 - side]
        seg = struct.pack(">HHIIBBHHH", sport, dport, seq & 0xFFFFFFFF, ack & 0xFFFFFFFF, 5 << 4, flags, 65535,
                          0, 0) + payload
        seg = seg[:16] + struct.pack(">H", _l4_checksum(src, dst, 6, seg)) + seg[18:]
        self.cap.add_ip(_ipv4(src, dst, 6, seg))

    def handshake(self):
        self._send(0, 0x02)
        self.seq[0] += 1
        self._send(1, 0x12)
        self.seq[1] += 1
        self._send(0, 0x10)

    def send(self, side, data, cuts=(), drop=(), step=0.0001):
        """Sends `data` cut at the given offsets; segments whose index is in `drop` are not captured."""
        bounds = [0] + list(cuts) + [len(data)]
        for i in range(len(bounds) - 1):
            chunk = data[bounds[i]:bounds[i + 1]]
            if i not in drop:
                self._send(side, 0x18, chunk)
            self.seq[side] += len(chunk)
            self.cap.tick(step)
        self._send(1 - side, 0x10)  # the peer acknowledges everything: dropped octets become a known gap

    def fin(self):
        self._send(0, 0x11)
        self.seq[0] += 1
        self._send(1, 0x11)
        self.seq[1] += 1
        self._send(0, 0x10)

    def rst(self):
        self._send(0, 0x14)
