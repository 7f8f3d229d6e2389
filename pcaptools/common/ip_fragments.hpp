// IPv4 and IPv6 fragment reassembly with hard limits, so that a capture full of fragments cannot grow memory.
#pragma once

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "common/packet.hpp"
#include "msrt/session/types.hpp"

namespace msrt::cli {

struct FragmentLimits {
    std::size_t max_sets = 256;        // datagrams being reassembled at once
    std::size_t max_bytes = 4u << 20;  // octets held by all of them
    Micros timeout = 30'000'000;       // an incomplete datagram is dropped after this long
};

struct FragmentKey {
    IpAddr src;
    IpAddr dst;
    std::uint32_t id = 0;
    std::uint8_t proto = 0;  // IPv4 protocol, or the IPv6 Fragment header's Next Header
    friend bool operator==(const FragmentKey&, const FragmentKey&) = default;
};

class IpFragments {
  public:
    explicit IpFragments(FragmentLimits limits) : limits_(limits) {}

    // Adds one fragment (`offset` in octets). When it completes its datagram, returns the reassembled
    // payload, valid until the next call; otherwise nullopt. Where the first copy of an octet arrived, it is
    // kept.
    std::optional<ByteView> add(const FragmentKey& key, std::uint32_t offset, bool more, ByteView data,
                                Micros now, ProblemSink& problems);
    // End of input: datagrams still incomplete are reported.
    void finish(ProblemSink& problems);
    std::size_t pending() const { return sets_.size(); }

  private:
    struct Set {
        FragmentKey key;
        Micros first = 0;
        Bytes data;
        std::vector<std::pair<std::uint32_t, std::uint32_t>> have;  // sorted, merged [begin, end) ranges
        std::optional<std::uint32_t> total;
    };

    std::size_t find_or_create(const FragmentKey& key, Micros now, ProblemSink& problems);
    bool make_room(std::size_t& i, std::uint32_t end, ProblemSink& problems);
    void expire(Micros now, ProblemSink& problems);
    void drop(std::size_t index, const char* why, ProblemSink& problems);
    void store(Set& s, std::uint32_t offset, ByteView data);
    static bool complete(const Set& s);

    FragmentLimits limits_;
    std::vector<Set> sets_;  // few at a time, so a linear search is the cheapest structure
    std::size_t bytes_ = 0;
    Bytes done_;
};

}  // namespace msrt::cli
