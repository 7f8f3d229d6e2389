// Ethernet (optionally 802.1Q), IPv4/IPv6, TCP and UDP framing with correct lengths and checksums.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "msrt/address.hpp"
#include "msrt/bytes.hpp"

namespace msrt::synth {

using Mac = std::array<std::uint8_t, 6>;

namespace tcpflag {
inline constexpr std::uint8_t kFin = 0x01;
inline constexpr std::uint8_t kSyn = 0x02;
inline constexpr std::uint8_t kRst = 0x04;
inline constexpr std::uint8_t kPsh = 0x08;
inline constexpr std::uint8_t kAck = 0x10;
}  // namespace tcpflag

// Link and network addressing of one packet, as the tap sees it.
struct Hop {
    Mac src_mac{};
    Mac dst_mac{};
    std::optional<std::uint16_t> vlan;
    Address src;  // IPv4 or IPv6, the same family as dst
    Address dst;
    std::uint8_t ttl = 64;  // hop limit for IPv6
    std::uint8_t tos = 0;   // traffic class for IPv6
    std::uint16_t ip_id = 0;
    bool dont_fragment = false;
};

struct TcpFields {
    std::uint16_t sport = 0;
    std::uint16_t dport = 0;
    std::uint32_t seq = 0;
    std::uint32_t ack = 0;
    std::uint8_t flags = 0;
    std::uint16_t window = 0;
    std::uint16_t mss_option = 0;  // 0: no options
};

// Each replaces the contents of `out` with one whole Ethernet frame (padded to the 60-octet minimum).
void build_tcp_frame(Bytes& out, const Hop& hop, const TcpFields& tcp, ByteView payload);
void build_udp_frame(Bytes& out, const Hop& hop, std::uint16_t sport, std::uint16_t dport, ByteView payload);

// Octets of Ethernet, VLAN and IP header in front of the transport header.
std::size_t network_overhead(const Hop& hop);

}  // namespace msrt::synth
