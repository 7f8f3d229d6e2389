// A small deterministic generator (SplitMix64). The standard distributions are implementation-defined, so
// every draw goes through these helpers: the same seed gives the same capture on every machine.
#pragma once

#include <cstdint>

namespace msrt::synth {

class Rng {
  public:
    explicit Rng(std::uint64_t seed) : state_(seed) {}

    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    std::uint32_t next32() { return static_cast<std::uint32_t>(next() >> 32); }
    // Uniform in [0, n); the modulo bias is far below anything a capture could show.
    std::uint64_t below(std::uint64_t n) { return n == 0 ? 0 : next() % n; }
    // Uniform in [lo, hi].
    std::int64_t range(std::int64_t lo, std::int64_t hi) {
        return lo + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(hi - lo) + 1));
    }
    bool chance(double p) { return static_cast<double>(next() >> 11) * 0x1.0p-53 < p; }
    // A value around `center`, at most `spread` away.
    std::int64_t jitter(std::int64_t center, std::int64_t spread) {
        return range(center - spread, center + spread);
    }
    // An independent stream, so that adding draws in one place does not shift another.
    Rng fork(std::uint64_t salt) const { return Rng(Rng(state_ ^ (salt * 0xD6E8FEB86659FD93ull)).next()); }

  private:
    std::uint64_t state_;
};

}  // namespace msrt::synth
