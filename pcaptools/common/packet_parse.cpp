#include "common/packet_parse.hpp"

#include <pcap/pcap.h>

#include <string>

namespace msrt::cli {
namespace {

constexpr std::uint16_t kEtherIpv4 = 0x0800;
constexpr std::uint16_t kEtherIpv6 = 0x86DD;
constexpr std::uint16_t kEtherVlan = 0x8100;
constexpr std::uint16_t kEtherQinQ = 0x88A8;
constexpr std::uint16_t kEtherQinQLegacy = 0x9100;
constexpr int kMaxVlanTags = 8;

constexpr std::uint8_t kProtoTcp = 6;
constexpr std::uint8_t kProtoUdp = 17;
constexpr std::uint8_t kHopByHop = 0;
constexpr std::uint8_t kRouting = 43;
constexpr std::uint8_t kFragment = 44;
constexpr std::uint8_t kAuthHeader = 51;
constexpr std::uint8_t kDestOptions = 60;
constexpr int kMaxExtensionHeaders = 16;

constexpr std::uint16_t kIpv4MoreFragments = 0x2000;
constexpr std::uint16_t kIpv4OffsetMask = 0x1FFF;

std::string num(std::size_t v) {
    return std::to_string(v);
}

bool bad(ProblemSink& problems, const std::string& what) {
    problems.problem(what);
    return false;
}

// `cut`: octets the snapshot length removed, which tells a truncated capture from a malformed packet.
bool short_header(ProblemSink& problems, const char* what, std::size_t have, std::size_t need,
                  std::uint32_t cut) {
    return bad(problems, std::string(what) + " header needs " + num(need) + " octets, " + num(have) +
                             (cut ? " captured (frame cut by the snapshot length)" : " present"));
}

bool skip_vlan_tags(ByteView& data, std::uint16_t& type) {
    for (int i = 0; i < kMaxVlanTags; ++i) {
        if (type != kEtherVlan && type != kEtherQinQ && type != kEtherQinQLegacy) return true;
        if (data.size() < 4) return false;
        type = load_be16(&data[2]);
        data = data.subspan(4);
    }
    return false;
}

bool is_ipv6_family(std::uint32_t family) {
    // AF_INET6 differs between the systems that write DLT_NULL captures: Linux, NetBSD/OpenBSD, FreeBSD,
    // macOS.
    return family == 10 || family == 24 || family == 28 || family == 30;
}

}  // namespace

bool PacketParser::linktype_supported(int linktype) {
    switch (linktype) {
        case DLT_EN10MB:
        case DLT_LINUX_SLL:
        case DLT_LINUX_SLL2:
        case DLT_RAW:
        case DLT_IPV4:
        case DLT_IPV6:
        case DLT_NULL:
        case DLT_LOOP:
            return true;
        default:
            return false;
    }
}

bool PacketParser::parse(int linktype, ByteView frame, std::uint32_t cut, Micros now, L4Packet& out,
                         ProblemSink& problems) {
    ByteView data = frame;
    switch (link_layer(linktype, data, problems)) {
        case Net::V4:
            return ipv4(data, cut, now, out, problems);
        case Net::V6:
            return ipv6(data, cut, now, out, problems);
        case Net::None:
            return false;
    }
    return false;
}

PacketParser::Net PacketParser::link_layer(int linktype, ByteView& data, ProblemSink& problems) const {
    std::size_t header = 0;
    switch (linktype) {
        case DLT_EN10MB:
            header = 14;
            break;
        case DLT_LINUX_SLL:
            header = 16;
            break;
        case DLT_LINUX_SLL2:
            header = 20;
            break;
        case DLT_NULL:
        case DLT_LOOP:
            header = 4;
            break;
        default:
            header = 1;
            break;  // raw IP: at least the version nibble
    }
    if (data.size() < header) {
        problems.problem("frame of " + num(data.size()) + " octets is shorter than its link-layer header");
        return Net::None;
    }
    std::uint16_t type = 0;
    switch (linktype) {
        case DLT_EN10MB:
            type = load_be16(&data[12]);
            break;
        case DLT_LINUX_SLL:
            type = load_be16(&data[14]);
            break;
        case DLT_LINUX_SLL2:
            type = load_be16(&data[0]);
            break;
        case DLT_NULL:
        case DLT_LOOP: {
            // DLT_NULL is in the byte order of the capturing host; DLT_LOOP in network order.
            std::uint32_t family = load_be32(&data[0]);
            if (family > 0xFFFF)
                family = data[0] | (data[1] << 8) | (data[2] << 16) | (std::uint32_t{data[3]} << 24);
            data = data.subspan(4);
            if (family == 2) return Net::V4;
            return is_ipv6_family(family) ? Net::V6 : Net::None;
        }
        default: {
            int version = data[0] >> 4;
            if (version == 4 && linktype != DLT_IPV6) return Net::V4;
            if (version == 6 && linktype != DLT_IPV4) return Net::V6;
            problems.problem("raw IP packet with IP version " + num(static_cast<std::size_t>(version)));
            return Net::None;
        }
    }
    data = data.subspan(header);
    if (!skip_vlan_tags(data, type)) {
        problems.problem("frame ends inside its VLAN tags (or more than 8 tags)");
        return Net::None;
    }
    if (type == kEtherIpv4) return Net::V4;
    return type == kEtherIpv6 ? Net::V6 : Net::None;
}

bool PacketParser::ipv4(ByteView d, std::uint32_t cut, Micros now, L4Packet& out, ProblemSink& problems) {
    if (d.size() < 20) return short_header(problems, "IPv4", d.size(), 20, cut);
    if ((d[0] >> 4) != 4) return bad(problems, "IPv4 header with version " + num(d[0] >> 4));
    std::size_t ihl = (d[0] & 0x0Fu) * 4u;
    if (ihl < 20) return bad(problems, "IPv4 header length " + num(ihl) + " below 20");
    if (ihl > d.size()) return short_header(problems, "IPv4", d.size(), ihl, cut);
    std::size_t total = load_be16(&d[2]);
    if (total == 0) total = d.size() + cut;  // TSO: the capturing host sends it before the NIC fills it in
    if (total < ihl) return bad(problems, "IPv4 total length " + num(total) + " below its header length");
    std::uint32_t missing = 0;
    if (total > d.size()) {
        if (total - d.size() > cut)
            return bad(problems,
                       "IPv4 total length " + num(total) + " but " + num(d.size()) + " octets present");
        missing = static_cast<std::uint32_t>(total - d.size());
        total = d.size();
    }
    out.src = IpAddr::from(&d[12], false);
    out.dst = IpAddr::from(&d[16], false);
    ByteView payload = d.subspan(ihl, total - ihl);
    std::uint8_t proto = d[9];
    std::uint16_t frag = load_be16(&d[6]);
    bool more = frag & kIpv4MoreFragments;
    std::uint32_t offset = (frag & kIpv4OffsetMask) * 8u;
    if (!more && offset == 0) return transport(proto, payload, missing, out, problems);
    if (proto != kProtoTcp && proto != kProtoUdp) return false;
    if (missing) return bad(problems, "IPv4 fragment cut by the snapshot length: its datagram is lost");
    FragmentKey key{out.src, out.dst, load_be16(&d[4]), proto};
    std::optional<ByteView> whole = fragments_.add(key, offset, more, payload, now, problems);
    return whole && transport(proto, *whole, 0, out, problems);
}

bool PacketParser::ipv6(ByteView d, std::uint32_t cut, Micros now, L4Packet& out, ProblemSink& problems) {
    if (d.size() < 40) return short_header(problems, "IPv6", d.size(), 40, cut);
    if ((d[0] >> 4) != 6) return bad(problems, "IPv6 header with version " + num(d[0] >> 4));
    std::size_t length = load_be16(&d[4]);
    std::uint8_t next = d[6];
    if (length == 0 && next == kHopByHop) return bad(problems, "IPv6 jumbogram (not supported)");
    std::size_t present = d.size() - 40;
    std::uint32_t missing = 0;
    if (length > present) {
        if (length - present > cut)
            return bad(problems,
                       "IPv6 payload length " + num(length) + " but " + num(present) + " octets present");
        missing = static_cast<std::uint32_t>(length - present);
        length = present;
    }
    out.src = IpAddr::from(&d[8], true);
    out.dst = IpAddr::from(&d[24], true);
    return ipv6_chain(next, d.subspan(40, length), missing, false, now, out, problems);
}

// Walks the extension headers to the transport header; a Fragment header hands the rest to reassembly.
bool PacketParser::ipv6_chain(std::uint8_t next, ByteView rest, std::uint32_t missing, bool reassembled,
                              Micros now, L4Packet& out, ProblemSink& problems) {
    for (int i = 0; i < kMaxExtensionHeaders; ++i) {
        switch (next) {
            case kProtoTcp:
            case kProtoUdp:
                return transport(next, rest, missing, out, problems);
            case kHopByHop:
            case kRouting:
            case kDestOptions:
            case kAuthHeader: {
                if (rest.size() < 2) return short_header(problems, "IPv6 extension", rest.size(), 2, missing);
                std::size_t len = next == kAuthHeader ? (rest[1] + 2u) * 4u : (rest[1] + 1u) * 8u;
                if (len > rest.size())
                    return short_header(problems, "IPv6 extension", rest.size(), len, missing);
                next = rest[0];
                rest = rest.subspan(len);
                break;
            }
            case kFragment: {
                if (rest.size() < 8) return short_header(problems, "IPv6 fragment", rest.size(), 8, missing);
                if (reassembled) return bad(problems, "IPv6 fragment header inside a reassembled datagram");
                std::uint8_t inner = rest[0];
                std::uint16_t word = load_be16(&rest[2]);
                std::uint32_t offset = word & 0xFFF8u;
                bool more = word & 1u;
                std::uint32_t id = load_be32(&rest[4]);
                rest = rest.subspan(8);
                if (offset == 0 && !more) {  // an atomic fragment: the datagram is whole
                    next = inner;
                    break;
                }
                if (inner != kProtoTcp && inner != kProtoUdp && inner != kDestOptions) return false;
                if (missing)
                    return bad(problems, "IPv6 fragment cut by the snapshot length: its datagram is lost");
                std::optional<ByteView> whole = fragments_.add(FragmentKey{out.src, out.dst, id, inner},
                                                               offset, more, rest, now, problems);
                return whole && ipv6_chain(inner, *whole, 0, true, now, out, problems);
            }
            default:
                return false;  // ESP, ICMPv6, No Next Header ...: nothing of ours
        }
    }
    return bad(problems, "more than 16 IPv6 extension headers");
}

bool PacketParser::transport(std::uint8_t proto, ByteView data, std::uint32_t missing, L4Packet& out,
                             ProblemSink& problems) {
    if (proto == kProtoTcp) return tcp(data, missing, out, problems);
    if (proto == kProtoUdp) return udp(data, missing, out, problems);
    return false;
}

bool PacketParser::wanted(Transport t, std::uint16_t sport, std::uint16_t dport) const {
    std::uint16_t port = t == Transport::Tcp ? options_.tcp_port : options_.udp_port;
    return sport == port || dport == port;
}

bool PacketParser::tcp(ByteView d, std::uint32_t missing, L4Packet& out, ProblemSink& problems) {
    if (d.size() < 4) return short_header(problems, "TCP", d.size(), 20, missing);
    out.sport = load_be16(&d[0]);
    out.dport = load_be16(&d[2]);
    if (!wanted(Transport::Tcp, out.sport, out.dport)) return false;
    if (d.size() < 20) return short_header(problems, "TCP", d.size(), 20, missing);
    std::size_t header = (d[12] >> 4) * 4u;
    if (header < 20) return bad(problems, "TCP data offset " + num(header) + " octets, below 20");
    if (header > d.size()) return short_header(problems, "TCP", d.size(), header, missing);
    out.proto = Transport::Tcp;
    out.seq = load_be32(&d[4]);
    out.ack = load_be32(&d[8]);
    out.flags = d[13];
    out.payload = d.subspan(header);
    out.missing = missing;
    if (missing)
        problems.problem("frame cut by the snapshot length: " + num(missing) +
                         " octets of TCP payload not captured");
    return true;
}

bool PacketParser::udp(ByteView d, std::uint32_t missing, L4Packet& out, ProblemSink& problems) {
    if (d.size() < 4) return short_header(problems, "UDP", d.size(), 8, missing);
    out.sport = load_be16(&d[0]);
    out.dport = load_be16(&d[2]);
    if (!wanted(Transport::Udp, out.sport, out.dport)) return false;
    if (d.size() < 8) return short_header(problems, "UDP", d.size(), 8, missing);
    std::size_t length = load_be16(&d[4]);
    if (length < 8) return bad(problems, "UDP length " + num(length) + " below 8");
    if (length > d.size()) {
        if (missing && length <= d.size() + missing)
            return bad(problems, "frame cut by the snapshot length: UDP payload of " + num(length - 8) +
                                     " octets, " + num(d.size() - 8) + " captured; not decoded");
        return bad(problems, "UDP length " + num(length) + " but " + num(d.size()) + " octets present");
    }
    out.proto = Transport::Udp;
    out.seq = out.ack = 0;
    out.flags = 0;
    out.payload = d.subspan(8, length - 8);
    out.missing = 0;
    return true;
}

}  // namespace msrt::cli
