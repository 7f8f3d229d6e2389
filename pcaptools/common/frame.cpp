#include "common/frame.hpp"

#include "common/checksum.hpp"
#include "msrt/constants.hpp"

namespace msrt::synth {
namespace {

constexpr std::size_t kMinFrame = 60;  // Ethernet minimum without the FCS, which taps do not record
constexpr std::uint8_t kProtoTcp = 6;
constexpr std::uint8_t kProtoUdp = 17;

void put16(Bytes& b, std::uint16_t v) {
    b.push_back(static_cast<std::uint8_t>(v >> 8));
    b.push_back(static_cast<std::uint8_t>(v));
}
void put32(Bytes& b, std::uint32_t v) {
    put16(b, static_cast<std::uint16_t>(v >> 16));
    put16(b, static_cast<std::uint16_t>(v));
}
void set16(Bytes& b, std::size_t at, std::uint16_t v) {
    b[at] = static_cast<std::uint8_t>(v >> 8);
    b[at + 1] = static_cast<std::uint8_t>(v);
}

bool is_v6(const Hop& hop) {
    return hop.src.afi == wire::afi::kIpv6;
}

void write_ethernet(Bytes& out, const Hop& hop) {
    out.insert(out.end(), hop.dst_mac.begin(), hop.dst_mac.end());
    out.insert(out.end(), hop.src_mac.begin(), hop.src_mac.end());
    if (hop.vlan) {
        put16(out, 0x8100);
        put16(out, *hop.vlan & 0x0FFF);
    }
    put16(out, is_v6(hop) ? 0x86DD : 0x0800);
}

// Writes the IP header for `l4_size` octets of transport data; returns the pseudo-header sum.
std::uint64_t write_ip(Bytes& out, const Hop& hop, std::uint8_t proto, std::size_t l4_size) {
    std::uint64_t pseudo = checksum_add(0, hop.src.bytes());
    pseudo = checksum_add(pseudo, hop.dst.bytes());
    pseudo += proto + l4_size;
    if (is_v6(hop)) {
        put32(out, (6u << 28) | (std::uint32_t{hop.tos} << 20));
        put16(out, static_cast<std::uint16_t>(l4_size));
        out.push_back(proto);
        out.push_back(hop.ttl);
    } else {
        std::size_t start = out.size();
        out.push_back(0x45);
        out.push_back(hop.tos);
        put16(out, static_cast<std::uint16_t>(20 + l4_size));
        put16(out, hop.ip_id);
        put16(out, hop.dont_fragment ? 0x4000 : 0);
        out.push_back(hop.ttl);
        out.push_back(proto);
        put16(out, 0);
        out.insert(out.end(), hop.src.bytes().begin(), hop.src.bytes().end());
        out.insert(out.end(), hop.dst.bytes().begin(), hop.dst.bytes().end());
        set16(out, start + 10, checksum_finish(checksum_add(0, ByteView(out).subspan(start, 20))));
        return pseudo;
    }
    out.insert(out.end(), hop.src.bytes().begin(), hop.src.bytes().end());
    out.insert(out.end(), hop.dst.bytes().begin(), hop.dst.bytes().end());
    return pseudo;
}

void pad(Bytes& out) {
    if (out.size() < kMinFrame) out.resize(kMinFrame, 0);
}

}  // namespace

std::size_t network_overhead(const Hop& hop) {
    return 14 + (hop.vlan ? 4 : 0) + (is_v6(hop) ? 40 : 20);
}

void build_tcp_frame(Bytes& out, const Hop& hop, const TcpFields& tcp, ByteView payload) {
    out.clear();
    std::size_t header = tcp.mss_option ? 24 : 20;
    write_ethernet(out, hop);
    std::uint64_t sum = write_ip(out, hop, kProtoTcp, header + payload.size());
    std::size_t start = out.size();
    put16(out, tcp.sport);
    put16(out, tcp.dport);
    put32(out, tcp.seq);
    put32(out, tcp.ack);
    put16(out, static_cast<std::uint16_t>(((header / 4) << 12) | tcp.flags));
    put16(out, tcp.window);
    put16(out, 0);  // checksum, filled below
    put16(out, 0);  // urgent pointer
    if (tcp.mss_option) {
        put16(out, 0x0204);
        put16(out, tcp.mss_option);
    }
    out.insert(out.end(), payload.begin(), payload.end());
    sum = checksum_add(sum, ByteView(out).subspan(start));
    set16(out, start + 16, checksum_finish(sum));
    pad(out);
}

void build_udp_frame(Bytes& out, const Hop& hop, std::uint16_t sport, std::uint16_t dport, ByteView payload) {
    out.clear();
    std::size_t size = 8 + payload.size();
    write_ethernet(out, hop);
    std::uint64_t sum = write_ip(out, hop, kProtoUdp, size);
    std::size_t start = out.size();
    put16(out, sport);
    put16(out, dport);
    put16(out, static_cast<std::uint16_t>(size));
    put16(out, 0);
    out.insert(out.end(), payload.begin(), payload.end());
    std::uint16_t c = checksum_finish(checksum_add(sum, ByteView(out).subspan(start)));
    set16(out, start + 6, c == 0 ? 0xFFFF : c);  // 0 would mean "no checksum" (RFC 768)
    pad(out);
}

}  // namespace msrt::synth
