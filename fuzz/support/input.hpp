// Small helpers to turn fuzz input into decisions without giving up the raw bytes: a deterministic
// pseudo-random generator seeded by a hash of the input, so a replay of the same file repeats every choice.
#pragma once

#include <cstdint>

#include "msrt/bytes.hpp"

namespace msrt::fuzz {

// FNV-1a over the input: choices change whenever the input does.
inline std::uint64_t input_hash(ByteView data) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (std::uint8_t b : data)
        h = (h ^ b) * 0x100000001b3ULL;
    return h;
}

// splitmix64: tiny and good enough to pick chunk sizes.
class Choices {
  public:
    explicit Choices(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    // Uniform enough in [lo, hi].
    std::uint64_t between(std::uint64_t lo, std::uint64_t hi) { return lo + next() % (hi - lo + 1); }

  private:
    std::uint64_t state_;
};

}  // namespace msrt::fuzz
