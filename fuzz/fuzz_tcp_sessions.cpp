// TCP reassembly, session following and framing (pcaptools/common/tcp_sessions, tcp_stream) with the session
// tracker (protocol/session) behind them, fed a packet sequence built from the input.
//
// Input: records of a 10-octet header and a payload.
//   0      flags: bit0 FIN, bit1 SYN, bit2 RST, bit3 ACK; bit4 direction (1: MS -> ETR); bits 5-7 flow (0-7)
//   1-2    sequence number, signed offset from where this direction's stream is expected to continue
//   3-4    acknowledgement number, signed offset from where the other direction is expected to continue
//   5-6    payload length (the rest of the input when shorter)
//   7      octets the "snapshot length" cut off after the payload
//   8      time step: the value squared, in milliseconds (0 ... 65 s, across the close and hole timeouts)
//   9      reserved
// Flows 0-5 are IPv4 clients, 6 is IPv6, 7 uses port 4342 on both ends. fuzz/make_corpus.sh turns captured
// sessions into this form (all offsets 0 for a clean capture).
//
// Oracles: the StreamEvents contract (support/stream_checker.hpp), and no flow left after finish().
#include <cstdint>
#include <vector>

#include "common/tcp_sessions.hpp"
#include "support/input.hpp"
#include "support/oracle.hpp"
#include "support/stream_checker.hpp"

namespace {

using namespace msrt;
using namespace msrt::cli;

constexpr std::size_t kRecordHeader = 10;
constexpr int kFlows = 8;

struct Flow {
    IpAddr etr, ms;
    std::uint16_t etr_port = 0, ms_port = wire::kTcpPort;
    std::uint32_t next[2] = {0, 0};  // where each direction is expected to continue
};

std::vector<Flow> make_flows() {
    std::vector<Flow> flows(kFlows);
    for (int i = 0; i < kFlows; ++i) {
        Flow& f = flows[i];
        bool v6 = i == 6;
        std::uint8_t etr[16] = {v6 ? std::uint8_t{0x20} : std::uint8_t{192},
                                v6 ? std::uint8_t{0x01} : std::uint8_t{0}, 2,
                                static_cast<std::uint8_t>(i + 1)};
        std::uint8_t ms[16] = {v6 ? std::uint8_t{0x20} : std::uint8_t{198},
                               v6 ? std::uint8_t{0x01} : std::uint8_t{51}, 100, 1};
        f.etr = IpAddr::from(etr, v6);
        f.ms = IpAddr::from(ms, v6);
        f.etr_port = i == 7 ? wire::kTcpPort : static_cast<std::uint16_t>(40000 + (i % 3));
        // Near the wrap of the sequence space for some flows: the 32-bit arithmetic must hold there too.
        f.next[0] = i % 2 ? 0xFFFFFF00u : 1000u * (i + 1);
        f.next[1] = i % 3 ? 0xFFFFFFF0u : 5000u * (i + 1);
    }
    return flows;
}

std::uint8_t tcp_flags(std::uint8_t b) {
    std::uint8_t f = 0;
    if (b & 0x01) f |= tcpflag::kFin;
    if (b & 0x02) f |= tcpflag::kSyn;
    if (b & 0x04) f |= tcpflag::kRst;
    if (b & 0x08) f |= tcpflag::kAck;
    return f;
}

std::int16_t s16(const std::uint8_t* p) {
    return static_cast<std::int16_t>(load_be16(p));
}

SessionOptions options_for(ByteView input) {
    SessionOptions o;
    // Small caps for most inputs, so that the buffer limits are reached with a few hundred octets.
    if (fuzz::input_hash(input) % 4 != 0) {
        o.reassembly.direction_cap = 512;
        o.buffer_cap = 1024;
    }
    return o;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    ByteView input(data, size);
    fuzz::StreamChecker checker;
    {
        TcpSessions sessions(options_for(input), checker);
        std::vector<Flow> flows = make_flows();
        Micros now = 1'600'000'000'000'000;
        std::uint64_t frame = 0;
        std::size_t pos = 0;
        while (pos + kRecordHeader <= size) {
            const std::uint8_t* h = data + pos;
            pos += kRecordHeader;
            std::size_t len = std::min<std::size_t>(load_be16(h + 5), size - pos);
            Flow& f = flows[h[0] >> 5];
            int dir = (h[0] >> 4) & 1;
            L4Packet p;
            p.src = dir ? f.ms : f.etr;
            p.dst = dir ? f.etr : f.ms;
            p.sport = dir ? f.ms_port : f.etr_port;
            p.dport = dir ? f.etr_port : f.ms_port;
            p.flags = tcp_flags(h[0]);
            p.seq = f.next[dir] + static_cast<std::uint32_t>(static_cast<std::int32_t>(s16(h + 1)));
            p.ack = f.next[1 - dir] + static_cast<std::uint32_t>(static_cast<std::int32_t>(s16(h + 3)));
            p.payload = input.subspan(pos, len);
            p.missing = h[7];
            pos += len;
            f.next[dir] = p.seq + static_cast<std::uint32_t>(len) + p.missing +
                          (p.has(tcpflag::kSyn) ? 1 : 0) + (p.has(tcpflag::kFin) ? 1 : 0);
            now += Micros{h[8]} * h[8] * 1000;
            sessions.tick(now);
            sessions.packet(p, PacketRef{++frame, now});
        }
        sessions.finish();
        FUZZ_REQUIRE(sessions.tracked() == 0, "flows left after finish");
    }
    checker.finish();
    return 0;
}
