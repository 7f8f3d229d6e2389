// Adversarial captures for the hostile-input tests (issue #7), written with libpcap's pcap_dump and the
// protocol encoder. Each scenario is one attack on the capture tools' memory or time:
//
//   syn-flood        COUNT (1,000,000) SYNs from distinct clients to the MS port: no answer, no data
//   huge-header      COUNT (100) sessions whose ETR sends a header declaring 65,535 octets, then the capture
//                    loses the rest of that message (even sessions resume with a Registration after the gap,
//                    odd ones end there)
//   retransmissions  one session with 1,000 Registrations and COUNT (100,000) overlapping retransmissions:
//                    random ranges of true octets around the front of the stream, up to 3,000 octets ahead
//                    of it, and one first copy in ten repeated at once with an octet changed
//   concurrent       COUNT (100,000) sessions open at once: all handshakes first, then a Refresh, a
//                    Registration and its ACK on each, then all close
//
// Usage: hostile_captures SCENARIO OUTPUT.pcap [COUNT]
// Prints "packets=N sessions=N" plus scenario figures (altered=N for retransmissions) on stdout.
#include <pcap/pcap.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "msrt/build.hpp"
#include "msrt/codec.hpp"
#include "msrt/session/types.hpp"

namespace {

using namespace msrt;

constexpr std::uint32_t kMsIp = 0xC0000201;  // 192.0.2.1
constexpr std::uint16_t kMsPort = wire::kTcpPort;
constexpr std::uint8_t kFin = 0x01, kSyn = 0x02, kPsh = 0x08, kAck = 0x10;
constexpr std::string_view kKey = "example-key";

class PcapOut {
  public:
    explicit PcapOut(const char* path) : dead_(pcap_open_dead(DLT_EN10MB, 65535)) {
        dumper_ = dead_ ? pcap_dump_open(dead_, path) : nullptr;
        if (!dumper_) {
            std::fprintf(stderr, "hostile_captures: cannot write %s\n", path);
            std::exit(2);
        }
    }
    ~PcapOut() {
        pcap_dump_close(dumper_);
        pcap_close(dead_);
    }
    PcapOut(const PcapOut&) = delete;
    PcapOut& operator=(const PcapOut&) = delete;

    // Frames are one microsecond apart unless the scenario moves the clock.
    void write(const Bytes& frame) {
        pcap_pkthdr h{};
        h.ts.tv_sec = static_cast<time_t>(now_ / 1'000'000);
        h.ts.tv_usec = static_cast<suseconds_t>(now_ % 1'000'000);
        h.caplen = h.len = static_cast<bpf_u_int32>(frame.size());
        pcap_dump(reinterpret_cast<u_char*>(dumper_), &h, frame.data());
        ++packets_;
        ++now_;
    }
    void advance(Micros us) { now_ += us; }
    std::uint64_t packets() const { return packets_; }

  private:
    pcap_t* dead_;
    pcap_dumper_t* dumper_ = nullptr;
    Micros now_ = 1'700'000'000'000'000;
    std::uint64_t packets_ = 0;
};

void put16(Bytes& b, std::size_t at, std::uint16_t v) {
    b[at] = static_cast<std::uint8_t>(v >> 8);
    b[at + 1] = static_cast<std::uint8_t>(v);
}
void put32(Bytes& b, std::size_t at, std::uint32_t v) {
    put16(b, at, static_cast<std::uint16_t>(v >> 16));
    put16(b, at + 2, static_cast<std::uint16_t>(v));
}

std::uint16_t checksum(const std::uint8_t* p, std::size_t n, std::uint32_t sum = 0) {
    for (std::size_t i = 0; i + 1 < n; i += 2)
        sum += static_cast<std::uint32_t>((p[i] << 8) | p[i + 1]);
    if (n % 2) sum += static_cast<std::uint32_t>(p[n - 1] << 8);
    while (sum >> 16)
        sum = (sum & 0xFFFF) + (sum >> 16);
    return static_cast<std::uint16_t>(~sum);
}

// Ethernet + IPv4 + TCP (no options), with correct checksums so that any reader accepts the packets.
Bytes tcp_frame(std::uint32_t src, std::uint16_t sport, std::uint32_t dst, std::uint16_t dport,
                std::uint32_t seq, std::uint32_t ack, std::uint8_t flags, ByteView payload) {
    constexpr std::size_t kEth = 14, kIp = 20, kTcp = 20;
    Bytes f(kEth + kIp + kTcp + payload.size(), 0);
    f[0] = 0x02, f[6] = 0x02, f[11] = 0x01, f[12] = 0x08;  // locally administered MACs, IPv4
    std::size_t ip = kEth, tcp = kEth + kIp;
    f[ip] = 0x45;
    put16(f, ip + 2, static_cast<std::uint16_t>(kIp + kTcp + payload.size()));
    f[ip + 6] = 0x40, f[ip + 8] = 64, f[ip + 9] = 6;
    put32(f, ip + 12, src);
    put32(f, ip + 16, dst);
    put16(f, ip + 10, checksum(&f[ip], kIp));
    put16(f, tcp, sport);
    put16(f, tcp + 2, dport);
    put32(f, tcp + 4, seq);
    put32(f, tcp + 8, (flags & kAck) ? ack : 0);
    f[tcp + 12] = 5 << 4;
    f[tcp + 13] = flags;
    put16(f, tcp + 14, 65535);
    std::copy(payload.begin(), payload.end(), f.begin() + static_cast<std::ptrdiff_t>(tcp + kTcp));
    // Pseudo-header sum, then the segment.
    std::uint32_t pseudo = (src >> 16) + (src & 0xFFFF) + (dst >> 16) + (dst & 0xFFFF) + 6 +
                           static_cast<std::uint32_t>(kTcp + payload.size());
    put16(f, tcp + 16, checksum(&f[tcp], kTcp + payload.size(), pseudo));
    return f;
}

// One TCP connection ETR (client) <-> MS:4342 with both sequence spaces followed.
class Conn {
  public:
    Conn(PcapOut& out, std::uint32_t etr_ip, std::uint16_t etr_port, std::uint32_t isn)
        : out_(out), ip_(etr_ip), port_(etr_port), etr_seq_(isn), ms_seq_(isn ^ 0x5A5A5A5A) {}

    void syn() { etr({}, kSyn), ++etr_seq_; }
    void handshake() {
        syn();
        ms({}, kSyn | kAck), ++ms_seq_;
        etr({}, kAck);
    }
    void etr(ByteView payload, std::uint8_t flags = kPsh | kAck) {
        etr_at(etr_seq_, payload, flags);
        etr_seq_ += static_cast<std::uint32_t>(payload.size());
    }
    void ms(ByteView payload, std::uint8_t flags = kPsh | kAck) {
        out_.write(tcp_frame(kMsIp, kMsPort, ip_, port_, ms_seq_, etr_seq_, flags, payload));
        ms_seq_ += static_cast<std::uint32_t>(payload.size());
    }
    // A segment at any place in the ETR's stream (retransmissions), sequence state unchanged.
    void etr_at(std::uint32_t seq, ByteView payload, std::uint8_t flags = kPsh | kAck) {
        out_.write(tcp_frame(ip_, port_, kMsIp, kMsPort, seq, ms_seq_, flags, payload));
    }
    void lose_etr(std::uint32_t octets) { etr_seq_ += octets; }  // sent on the wire, not in the capture
    void close() {
        etr({}, kFin | kAck), ++etr_seq_;
        ms({}, kFin | kAck), ++ms_seq_;
        etr({}, kAck);
    }
    std::uint32_t etr_seq() const { return etr_seq_; }

  private:
    PcapOut& out_;
    std::uint32_t ip_;
    std::uint16_t port_;
    std::uint32_t etr_seq_, ms_seq_;
};

// Client i: a distinct address in 100.64.0.0/10 and a port, so every i is its own connection.
std::uint32_t client_ip(std::uint64_t i) {
    return 0x64400000u + static_cast<std::uint32_t>(i);
}
std::uint16_t client_port(std::uint64_t i) {
    return static_cast<std::uint16_t>(20000 + i % 40000);
}

Eid eid_of(std::uint64_t i) {
    Eid e;
    e.iid = 1000;
    e.prefix = Address::ipv4(0x0A000000u + static_cast<std::uint32_t>(i));  // 10.x.y.z/32
    e.len = 32;
    return e;
}

Bytes refresh_all(std::uint32_t id) {
    return encode_message(build::registration_refresh(id, Scope::All, Eid{}, false));
}

Bytes registration(std::uint32_t id, std::uint64_t i) {
    build::RegisterParams p;
    p.nonce = i;
    p.ids = build::EtrIds{};
    p.ids->site_id = i;
    EidRecord rec = build::eid_record(eid_of(i), {build::locator(Address::ipv4(client_ip(i)), 1, 100)},
                                      build::kCiscoRecordTtl, true);
    return encode_message(build::registration(id, rec, p, kKey));
}

Bytes registration_ack(std::uint32_t id, std::uint64_t i) {
    return encode_message(build::registration_ack(id, eid_of(i)));
}

void syn_flood(PcapOut& out, std::uint64_t count) {
    for (std::uint64_t i = 0; i < count; ++i)
        Conn(out, client_ip(i), client_port(i), static_cast<std::uint32_t>(i * 7919)).syn();
    std::printf("packets=%llu sessions=%llu\n", static_cast<unsigned long long>(out.packets()),
                static_cast<unsigned long long>(count));
}

// The header claims 65,535 octets; 1,400 are captured, the rest of the message is lost on the capture side.
void huge_header(PcapOut& out, std::uint64_t count) {
    constexpr std::size_t kCaptured = 1400;
    for (std::uint64_t i = 0; i < count; ++i) {
        Conn c(out, client_ip(i), client_port(i), 1000);
        c.handshake();
        c.ms(refresh_all(0));
        Bytes head(kCaptured, 0xA5);
        head[0] = 0, head[1] = 17, head[2] = 0xFF, head[3] = 0xFF;  // Registration, Length 65535
        c.etr(head);
        c.lose_etr(static_cast<std::uint32_t>(wire::kMaxLength - kCaptured));
        if (i % 2 == 0) {
            c.etr(registration(1, i));
            c.ms(registration_ack(1, i));
        }
        c.close();
    }
    std::printf("packets=%llu sessions=%llu\n", static_cast<unsigned long long>(out.packets()),
                static_cast<unsigned long long>(count));
}

// xorshift: deterministic ranges for the retransmissions.
struct Rng {
    std::uint64_t s = 0x9E3779B97F4A7C15ULL;
    std::uint64_t next() {
        s ^= s << 13, s ^= s >> 7, s ^= s << 17;
        return s;
    }
    std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
};

// The ETR's side of the retransmissions scenario. It knows how far the octets sent so far reach, so it knows
// when a segment is the first copy of its octets: every other such segment is followed at once by a copy with
// one octet changed, as a broken middlebox might send. The first copy must win, and each changed copy must be
// reported.
class Retransmitter {
  public:
    Retransmitter(Conn& c, const Bytes& stream) : c_(c), stream_(stream), base_(c.etr_seq()) {}

    // Sends octets [from, from + n) of the stream; returns the packets sent (1, or 2 with a changed copy).
    std::uint64_t send(std::size_t from, std::size_t n) {
        ByteView part = ByteView(stream_).subspan(from, n);
        c_.etr_at(seq(from), part);
        bool first = from >= front_;
        front_ = std::max(front_, from + n);
        if (!first || rng_.below(2) != 0) return 1;
        Bytes copy(part.begin(), part.end());
        copy[rng_.below(copy.size())] ^= 0xFF;
        c_.etr_at(seq(from), copy);
        ++altered;
        return 2;
    }
    std::size_t front() const { return std::min(front_, stream_.size() - 1); }
    std::uint64_t altered = 0;

  private:
    std::uint32_t seq(std::size_t offset) const { return base_ + static_cast<std::uint32_t>(offset); }

    Conn& c_;
    const Bytes& stream_;
    std::uint32_t base_;
    std::size_t front_ = 0;
    Rng rng_;
};

void retransmissions(PcapOut& out, std::uint64_t count) {
    constexpr std::size_t kMessages = 1000, kSegment = 1000;
    Bytes stream;
    for (std::uint32_t i = 0; i < kMessages; ++i) {
        Bytes m = registration(i, i);
        stream.insert(stream.end(), m.begin(), m.end());
    }
    Conn c(out, client_ip(0), client_port(0), 0xFFFF0000u);  // the stream crosses the 32-bit wrap
    c.handshake();
    c.ms(refresh_all(0));
    Retransmitter etr(c, stream);
    std::size_t segments = (stream.size() + kSegment - 1) / kSegment;
    std::uint64_t sent = 0;  // retransmissions: every segment but the in-order ones
    Rng rng;
    for (std::size_t k = 0; k < segments; ++k) {
        std::size_t at = k * kSegment, end = std::min(at + kSegment, stream.size());
        sent += etr.send(at, end - at) - 1;
        // True octets over random ranges around the front of the stream, from 5,000 behind it to 3,000 ahead
        // of it (held out of order until the stream reaches them), one in twenty starting where nothing was
        // sent yet; COUNT in total, spread evenly.
        while (sent < count * (k + 1) / segments) {
            std::size_t from = std::min((end > 5000 ? end - 5000 : 0) + rng.below(8000), stream.size() - 1);
            if (rng.below(20) == 0) from = etr.front();
            sent += etr.send(from, 1 + rng.below(std::min<std::size_t>(1500, stream.size() - from)));
        }
    }
    for (std::uint32_t i = 0; i < kMessages; ++i)
        c.ms(registration_ack(i + 1, i));
    c.close();
    std::printf("packets=%llu sessions=1 messages=%zu retransmissions=%llu altered=%llu\n",
                static_cast<unsigned long long>(out.packets()), kMessages,
                static_cast<unsigned long long>(sent), static_cast<unsigned long long>(etr.altered));
}

// All sessions up before any of them carries a message, all still up until the last message: the tools hold
// every one of them at the same time.
void concurrent(PcapOut& out, std::uint64_t count) {
    std::vector<Conn> conns;
    conns.reserve(count);
    for (std::uint64_t i = 0; i < count; ++i) {
        conns.emplace_back(out, client_ip(i), client_port(i), 1000);
        conns.back().handshake();
    }
    Bytes refresh = refresh_all(0);
    for (Conn& c : conns)
        c.ms(refresh);
    for (std::uint64_t i = 0; i < count; ++i)
        conns[i].etr(registration(0, i));
    for (std::uint64_t i = 0; i < count; ++i)
        conns[i].ms(registration_ack(1, i));
    for (Conn& c : conns)
        c.close();
    std::printf("packets=%llu sessions=%llu\n", static_cast<unsigned long long>(out.packets()),
                static_cast<unsigned long long>(count));
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(
            stderr,
            "usage: hostile_captures syn-flood|huge-header|retransmissions|concurrent OUT.pcap [COUNT]\n");
        return 2;
    }
    std::string_view scenario = argv[1];
    PcapOut out(argv[2]);
    auto count = [&](std::uint64_t dflt) { return argc > 3 ? std::strtoull(argv[3], nullptr, 10) : dflt; };
    if (scenario == "syn-flood")
        syn_flood(out, count(1'000'000));
    else if (scenario == "huge-header")
        huge_header(out, count(100));
    else if (scenario == "retransmissions")
        retransmissions(out, count(100'000));
    else if (scenario == "concurrent")
        concurrent(out, count(100'000));
    else {
        std::fprintf(stderr, "hostile_captures: unknown scenario %s\n", argv[1]);
        return 2;
    }
    return 0;
}
