#include "common/checksum.hpp"

namespace msrt::synth {

std::uint64_t checksum_add(std::uint64_t sum, ByteView data) {
    std::size_t i = 0;
    for (; i + 1 < data.size(); i += 2)
        sum += (std::uint32_t{data[i]} << 8) | data[i + 1];
    if (i < data.size()) sum += std::uint32_t{data[i]} << 8;
    return sum;
}

std::uint16_t checksum_finish(std::uint64_t sum) {
    while (sum >> 16)
        sum = (sum & 0xFFFF) + (sum >> 16);
    return static_cast<std::uint16_t>(~sum & 0xFFFF);
}

}  // namespace msrt::synth
