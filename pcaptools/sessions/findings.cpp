#include "sessions/session_state.hpp"

namespace msrt::cli {

std::uint32_t count_findings(const SessionState& s) {
    const Incidents& i = s.incidents;
    std::uint32_t n =
        i.gap_count + i.framing_count + i.malformed + i.unmatched + i.wrong_direction + i.error_notifications;
    n += (i.skipped_octets[0] != 0) + (i.skipped_octets[1] != 0);
    for (Direction d : {Direction::EtrToMs, Direction::MsToEtr}) {
        const session::IdStats& ids = s.tracker.id_stats(d);
        n += ids.gaps + ids.repeats;
    }
    // A capture may stop in the middle of an exchange; only a closed session owes every answer.
    if (s.lost())
        n += static_cast<std::uint32_t>(s.tracker.pending_keys().size() +
                                        s.tracker.unanswered_refresh_keys().size());
    return n;
}

}  // namespace msrt::cli
