#include "emulate/live_log.hpp"

#include "emulate/describe.hpp"

namespace msrt::cli::live {

void LiveLog::message(Micros t, const std::string& who, const char* arrow, ByteView bytes,
                      const Profile& p) const {
    if (quiet_) return;
    std::fprintf(stderr, "%s %s %s %s %s\n", clock_text(t).c_str(), role_, who.c_str(), arrow,
                 describe(bytes, p).c_str());
}

void LiveLog::note(Micros t, const std::string& who, const std::string& text) const {
    if (quiet_) return;
    std::fprintf(stderr, "%s %s %s %s\n", clock_text(t).c_str(), role_, who.c_str(), text.c_str());
}

void LiveLog::always(Micros t, const std::string& text) const {
    std::fprintf(stderr, "%s %s %s\n", clock_text(t).c_str(), role_, text.c_str());
    std::fflush(stderr);
}

}  // namespace msrt::cli::live
