// Everything `msrt sessions` knows about one reliable-transport session while it is open and when it ends.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
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

// Kept small (20k concurrent sessions must fit in a few tens of MB with their tables): endpoints packed,
// incidents and the UDP authentication allocated only when there are any.
struct SessionState {
    std::uint64_t id = 0;
    session::PackedAddress etr_ip, ms_ip;
    std::uint16_t etr_port = 0, ms_port = 0;
    SessionStart how_started{};
    bool authorised = false;
    std::optional<SessionEnd> end_how;
    Micros start = 0, end = 0;
    std::unique_ptr<session::UdpAuth> udp_auth;
    session::Tracker tracker;
    std::array<std::uint64_t, 2> bytes{};  // message octets per direction
    std::uint32_t findings = 0;            // computed when the session ends

    SessionState(const Profile& p, const SessionInfo& s);
    SessionInfo info() const;
    const Incidents& incidents() const;
    Incidents& incidents_for_update();
    // FIN or RST: the MS turns the session's registrations into soft state (spec 6.5).
    bool lost() const { return end_how && *end_how != SessionEnd::CaptureEnd; }

  private:
    std::unique_ptr<Incidents> incidents_;
};

// Findings of an ended session (see README "Exit status"): incidents, and for a session that was closed,
// Registrations never answered and Refresh requests never honoured.
std::uint32_t count_findings(const SessionState& s);

}  // namespace msrt::cli
