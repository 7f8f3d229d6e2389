// A captured packet parsed down to its transport header: what the TCP and UDP layers of the reader consume.
#pragma once

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <string>

#include "msrt/address.hpp"
#include "msrt/bytes.hpp"

namespace msrt::cli {

// An IPv4 or IPv6 address kept as raw octets: cheap to copy, compare and hash on the per-packet path.
struct IpAddr {
    std::array<std::uint8_t, 16> octets{};
    bool v6 = false;

    // Inline, from whole words: built out of line, the octets were stored in two pieces (zeros, then the
    // address) and loaded whole at once by the caller, which no store can forward (a stall, twice a packet).
    static IpAddr from(const std::uint8_t* p, bool v6) {
        std::uint64_t words[2] = {0, 0};
        if (v6) {
            std::memcpy(words, p, 16);
        } else {
            std::uint32_t v4;
            std::memcpy(&v4, p, 4);
            // The first four octets of the word in memory, whichever the byte order.
            words[0] = std::endian::native == std::endian::little ? v4 : std::uint64_t{v4} << 32;
        }
        IpAddr a;
        std::memcpy(a.octets.data(), words, 16);
        a.v6 = v6;
        return a;
    }
    Address to_address() const;
    friend bool operator==(const IpAddr&, const IpAddr&) = default;
};

// Equality by two 8-octet compares: this runs for every packet.
inline bool same_ip(const IpAddr& x, const IpAddr& y) {
    std::uint64_t a[2], b[2];
    std::memcpy(a, x.octets.data(), 16);
    std::memcpy(b, y.octets.data(), 16);
    return ((a[0] ^ b[0]) | (a[1] ^ b[1])) == 0 && x.v6 == y.v6;
}

namespace tcpflag {
inline constexpr std::uint8_t kFin = 0x01;
inline constexpr std::uint8_t kSyn = 0x02;
inline constexpr std::uint8_t kRst = 0x04;
inline constexpr std::uint8_t kAck = 0x10;
}  // namespace tcpflag

enum class Transport : std::uint8_t { Tcp, Udp };

struct L4Packet {
    Transport proto = Transport::Tcp;
    IpAddr src;
    IpAddr dst;
    std::uint16_t sport = 0;
    std::uint16_t dport = 0;
    std::uint32_t seq = 0;  // TCP only
    std::uint32_t ack = 0;
    std::uint8_t flags = 0;
    ByteView payload;           // the captured part of the payload; valid until the next packet
    std::uint32_t missing = 0;  // payload octets cut off by the snapshot length

    bool has(std::uint8_t flag) const { return (flags & flag) != 0; }
};

// Where the packet layers report what is wrong with the packet at hand (the caller knows its frame number).
class ProblemSink {
  public:
    virtual ~ProblemSink() = default;
    virtual void problem(const std::string& what) = 0;
};

}  // namespace msrt::cli
