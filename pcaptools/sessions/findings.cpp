#include "sessions/session_state.hpp"

namespace msrt::cli {

SessionState::SessionState(const Profile& p, const SessionInfo& s)
    : id(s.id),
      etr_ip(session::PackedAddress::of(s.etr.ip)),
      ms_ip(session::PackedAddress::of(s.ms.ip)),
      etr_port(s.etr.port),
      ms_port(s.ms.port),
      tracker(p, false) {}

SessionInfo SessionState::info() const {
    return SessionInfo{id, Endpoint{etr_ip.unpack(), etr_port}, Endpoint{ms_ip.unpack(), ms_port}};
}

const Incidents& SessionState::incidents() const {
    static const Incidents kNone;
    return incidents_ ? *incidents_ : kNone;
}

Incidents& SessionState::incidents_for_update() {
    if (!incidents_) incidents_ = std::make_unique<Incidents>();
    return *incidents_;
}

std::uint32_t count_findings(const SessionState& s) {
    const Incidents& i = s.incidents();
    std::uint32_t n =
        i.gap_count + i.framing_count + i.malformed + i.unmatched + i.wrong_direction + i.error_notifications;
    n += (i.skipped_octets[0] != 0) + (i.skipped_octets[1] != 0);
    for (Direction d : {Direction::EtrToMs, Direction::MsToEtr}) {
        const session::IdStats& ids = s.tracker.id_stats(d);
        n += ids.gaps + ids.repeats;
    }
    // A capture may stop in the middle of an exchange; only a closed session owes every answer.
    if (s.lost())
        n += static_cast<std::uint32_t>(s.tracker.pending_count() + s.tracker.unanswered_refresh_count());
    return n;
}

}  // namespace msrt::cli
