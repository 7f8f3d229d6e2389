#include "common/flow_table.hpp"

#include <cstring>

namespace msrt::cli {
namespace {

std::uint64_t mix(std::uint64_t h, std::uint64_t w) {
    h = (h ^ w) * 0x9E3779B97F4A7C15ull;
    return h ^ (h >> 29);
}

std::uint64_t words(const IpAddr& a, std::uint64_t h) {
    std::uint64_t lo, hi;
    std::memcpy(&lo, a.octets.data(), 8);
    std::memcpy(&hi, a.octets.data() + 8, 8);
    return mix(mix(h, lo), hi + a.v6);
}

}  // namespace

std::uint64_t flow_hash(const FlowKey& k) {
    std::uint64_t h = words(k.b, words(k.a, 0x6A09E667F3BCC908ull));
    h = mix(h, (std::uint64_t{k.port_a} << 16) | k.port_b);
    return h ^ (h >> 32);  // the table uses the low bits
}

}  // namespace msrt::cli
