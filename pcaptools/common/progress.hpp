// A progress line on stderr for long inputs: shown only on a terminal, redrawn at most a few times a second.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace msrt::cli {

class Progress {
  public:
    Progress(std::string label, std::uint64_t total, bool wanted);
    ~Progress() { clear(); }
    Progress(const Progress&) = delete;
    Progress& operator=(const Progress&) = delete;

    // Cheap enough to ask for every packet: true every few thousand calls, when an update() may be worth it.
    bool due() { return enabled_ && ++calls_ % kCallsPerCheck == 0; }
    void update(std::uint64_t done);
    void clear();

  private:
    static constexpr std::uint64_t kCallsPerCheck = 4096;
    using Clock = std::chrono::steady_clock;

    std::string label_;
    std::uint64_t total_;
    bool enabled_;
    bool shown_ = false;
    std::uint64_t calls_ = 0;
    Clock::time_point start_ = Clock::now();
    Clock::time_point last_ = start_;
};

std::string human_bytes(std::uint64_t n);  // "812 kB", "1.2 GB"

}  // namespace msrt::cli
