// What offline emulation reports: each place where the real peer's messages differ from the model's, and a
// summary. A difference that capture loss or a mid-stream start could explain is kept apart as unverifiable.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "common/stream_events.hpp"
#include "msrt/message.hpp"
#include "msrt/profile.hpp"

namespace msrt::cli {

struct Difference {
    enum class Kind : std::uint8_t { Missing, Extra, Different };
    Kind kind = Kind::Missing;
    bool verifiable = true;
    std::uint64_t session = 0;
    std::string etr, ms;
    std::uint64_t frame = 0;          // the capture's message (0 for a missing one)
    std::uint32_t id = 0;             // its Message ID
    std::uint64_t trigger_frame = 0;  // the message that made the model expect something (0: none)
    std::uint32_t trigger_id = 0;     // its Message ID
    std::string what;                 // "Registration ACK [1000] 10.1.0.0/16", "NACK reason", ...
    std::string eid;                  // the EID key concerned, "[1000] 10.1.0.0/16" ("" when several or none)
    std::string expected;             // the model's message or value ("" for extra)
    std::string actual;               // the capture's ("" for missing)
};

const char* difference_key(Difference::Kind k);  // "missing", "extra", "different"

// A difference in session `info` at the capture's message at `at`: `actual` is that message (null for a
// missing one), described with `profile`.
Difference difference_at(const SessionInfo& info, Difference::Kind k, const PacketRef& at,
                         const Message* actual, const Profile& profile);

class DifferenceReport {
  public:
    explicit DifferenceReport(bool json) : json_(json) {}
    void add(Difference d);
    // One session's differences, in capture order. A gap in the direction the model reads may have hidden the
    // message that explains an extra one (the reader learns of a gap only at the next segment, which can come
    // after it); a gap in the checked side's direction may have hidden a missing one.
    void add_session(std::vector<Difference>& found, bool extra_unverifiable, bool missing_unverifiable);
    void note(std::uint64_t session, const std::string& text);  // informational, not a difference
    void print_summary(std::FILE* out, std::uint64_t sessions, std::uint64_t compared) const;
    std::size_t count() const { return verifiable_; }

  private:
    bool json_;
    std::size_t verifiable_ = 0, unverifiable_ = 0, notes_ = 0;
    std::size_t by_kind_[3] = {0, 0, 0};
};

}  // namespace msrt::cli
