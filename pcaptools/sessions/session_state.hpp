// Everything `msrt sessions` knows about one reliable-transport session while it is open and when it ends.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "common/stream_events.hpp"
#include "msrt/session/tracker.hpp"
#include "msrt/session/udp_auth.hpp"

namespace msrt::cli {

// Lists of incidents are capped per session so that a broken capture cannot grow memory without bound;
// the totals stay exact.
inline constexpr std::size_t kMaxListed = 100;

struct GapRecord {
    Direction dir{};
    Micros at = 0;
    std::uint64_t offset = 0, octets = 0;
};

struct IdGapRecord {
    Direction dir{};
    Micros at = 0;
    std::uint32_t expected = 0, got = 0;
};

struct FramingRecord {
    Direction dir{};
    Micros at = 0;
    FramingError error;
};

struct Incidents {
    std::vector<GapRecord> gaps;
    std::vector<IdGapRecord> id_gaps;
    std::vector<FramingRecord> framing;
    std::array<std::uint64_t, 2> gap_octets{}, skipped_octets{};
    std::uint32_t gap_count = 0, framing_count = 0, malformed = 0, unmatched = 0, wrong_direction = 0;
    std::uint32_t error_notifications = 0, transport_notes = 0;
};

struct SessionState {
    SessionInfo info;
    SessionStart how_started{};
    Micros start = 0, end = 0;
    std::optional<SessionEnd> end_how;
    std::optional<session::UdpAuth> udp_auth;
    bool authorised = false;
    session::Tracker tracker;
    std::array<std::uint64_t, 2> bytes{};  // message octets per direction
    Incidents incidents;
    std::uint32_t findings = 0;  // computed when the session ends

    explicit SessionState(const Profile& p) : tracker(p, false) {}
    // FIN or RST: the MS turns the session's registrations into soft state (spec 6.5).
    bool lost() const { return end_how && *end_how != SessionEnd::CaptureEnd; }
};

// Findings of an ended session (see README "Exit status"): incidents, and for a session that was closed,
// Registrations never answered and Refresh requests never honoured.
std::uint32_t count_findings(const SessionState& s);

}  // namespace msrt::cli
