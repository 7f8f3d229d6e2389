#include "msrt/session/udp_auth.hpp"

#include <algorithm>

namespace msrt::session {

void UdpAuthTracker::on_map_register(const Address& etr, const Address& ms, const MapRegisterHeader& m,
                                     Micros t, std::uint64_t frame) {
    Round& round = rounds_[{PackedAddress::of(etr), PackedAddress::of(ms)}];
    if (!round.empty() && t - round.back().register_at > kUdpRoundGap) round.clear();
    // A periodic re-send of the same Map-Register adds nothing to the round.
    if (std::any_of(round.begin(), round.end(), [&m](const UdpAuth& a) { return a.nonce == m.nonce; }))
        return;
    if (round.size() < kMaxRound) round.push_back(UdpAuth{t, frame, m.reliable(), m.nonce, false, 0});
}

void UdpAuthTracker::on_map_notify(const Address& ms, const Address& etr, const MapRegisterHeader& m,
                                   Micros t) {
    auto it = rounds_.find({PackedAddress::of(etr), PackedAddress::of(ms)});
    if (it == rounds_.end()) return;
    for (UdpAuth& a : it->second) {
        if (a.nonce != m.nonce || a.map_notify) continue;
        a.map_notify = true;
        a.notify_at = t;
    }
}

std::optional<UdpAuth> UdpAuthTracker::take(const Address& etr, const Address& ms) {
    auto it = rounds_.find({PackedAddress::of(etr), PackedAddress::of(ms)});
    if (it == rounds_.end() || it->second.empty()) return std::nullopt;
    const Round& round = it->second;
    auto answered = std::find_if(round.rbegin(), round.rend(), [](const UdpAuth& a) { return a.map_notify; });
    UdpAuth chosen = answered != round.rend() ? *answered : round.back();
    rounds_.erase(it);
    return chosen;
}

}  // namespace msrt::session
