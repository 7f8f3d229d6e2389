#include "common/progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace msrt::cli {
namespace {

// Short inputs finish before a progress line would help; redrawing often only costs time.
constexpr auto kFirstAfter = std::chrono::milliseconds(700);
constexpr auto kInterval = std::chrono::milliseconds(250);

}  // namespace

std::string human_bytes(std::uint64_t n) {
    const char* units[] = {"B", "kB", "MB", "GB", "TB"};
    double v = static_cast<double>(n);
    int u = 0;
    while (v >= 1000 && u < 4) {
        v /= 1000;
        ++u;
    }
    char out[32];
    std::snprintf(out, sizeof out, u == 0 || v >= 100 ? "%.0f %s" : "%.1f %s", v, units[u]);
    return out;
}

Progress::Progress(std::string label, std::uint64_t total, bool wanted)
    : label_(std::move(label)), total_(total), enabled_(wanted && isatty(STDERR_FILENO)) {}

void Progress::update(std::uint64_t done) {
    auto now = Clock::now();
    if (now - start_ < kFirstAfter || now - last_ < kInterval) return;
    last_ = now;
    shown_ = true;
    if (total_ > 0) {
        double pct = 100.0 * static_cast<double>(done) / static_cast<double>(total_);
        std::fprintf(stderr, "\r%s: read %s of %s (%.0f%%)\033[K", label_.c_str(), human_bytes(done).c_str(),
                     human_bytes(total_).c_str(), pct > 100 ? 100.0 : pct);
    } else {
        std::fprintf(stderr, "\r%s: read %s\033[K", label_.c_str(), human_bytes(done).c_str());
    }
    std::fflush(stderr);
}

void Progress::clear() {
    if (!shown_) return;
    std::fprintf(stderr, "\r\033[K");
    std::fflush(stderr);
    shown_ = false;
}

}  // namespace msrt::cli
