// The Internet checksum (RFC 1071) for IPv4 headers and TCP/UDP over IPv4 and IPv6.
#pragma once

#include <cstdint>

#include "msrt/bytes.hpp"

namespace msrt::synth {

// Adds `data` as big-endian 16-bit words to a running sum (an odd last octet is padded with zero).
std::uint64_t checksum_add(std::uint64_t sum, ByteView data);
// Folds the sum to 16 bits and complements it: the value that goes on the wire.
std::uint16_t checksum_finish(std::uint64_t sum);

}  // namespace msrt::synth
