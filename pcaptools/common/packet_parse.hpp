// Parses one captured frame down to TCP or UDP: link layer, VLAN tags, IPv4/IPv6 (extension headers,
// fragments), transport header. Malformed or truncated packets are reported, never trusted.
#pragma once

#include <cstdint>

#include "common/ip_fragments.hpp"
#include "common/packet.hpp"
#include "msrt/constants.hpp"

namespace msrt::cli {

struct ParserOptions {
    std::uint16_t tcp_port = wire::kTcpPort;
    std::uint16_t udp_port = wire::kUdpControlPort;
    FragmentLimits fragments;
};

class PacketParser {
  public:
    explicit PacketParser(const ParserOptions& options) : options_(options), fragments_(options.fragments) {}

    // True when `out` now holds a TCP or UDP packet to or from one of the ports of interest. `cut` is the
    // number of octets the snapshot length removed from the end of the frame (wire length - captured length).
    bool parse(int linktype, ByteView frame, std::uint32_t cut, Micros now, L4Packet& out,
               ProblemSink& problems);
    // End of input: fragment sets that never completed are reported.
    void finish(ProblemSink& problems) { fragments_.finish(problems); }

    static bool linktype_supported(int linktype);

  private:
    enum class Net : std::uint8_t { None, V4, V6 };

    Net link_layer(int linktype, ByteView& data, ProblemSink& problems) const;
    bool ipv4(ByteView data, std::uint32_t cut, Micros now, L4Packet& out, ProblemSink& problems);
    bool ipv6(ByteView data, std::uint32_t cut, Micros now, L4Packet& out, ProblemSink& problems);
    bool ipv6_chain(std::uint8_t next, ByteView rest, std::uint32_t missing, bool reassembled, Micros now,
                    L4Packet& out, ProblemSink& problems);
    bool transport(std::uint8_t proto, ByteView data, std::uint32_t missing, L4Packet& out,
                   ProblemSink& problems);
    bool tcp(ByteView data, std::uint32_t missing, L4Packet& out, ProblemSink& problems);
    bool udp(ByteView data, std::uint32_t missing, L4Packet& out, ProblemSink& problems);
    bool wanted(Transport t, std::uint16_t sport, std::uint16_t dport) const;

    ParserOptions options_;
    IpFragments fragments_;
};

}  // namespace msrt::cli
