#include "msrt/session/udp_auth.hpp"

namespace msrt::session {

void UdpAuthTracker::on_map_register(const Address& etr, const Address& ms, const MapRegister& m, Micros t,
                                     std::uint64_t frame) {
    UdpAuth& a = last_[{PackedAddress::of(etr), PackedAddress::of(ms)}];
    // A periodic re-send with the same nonce keeps an answered handshake; a new nonce starts a new one.
    if (a.register_at != 0 && a.nonce == m.nonce && a.map_notify) return;
    a = UdpAuth{t, frame, m.reliable(), m.nonce, false, 0};
}

void UdpAuthTracker::on_map_notify(const Address& ms, const Address& etr, const MapRegister& m, Micros t) {
    auto it = last_.find({PackedAddress::of(etr), PackedAddress::of(ms)});
    if (it == last_.end() || it->second.nonce != m.nonce || it->second.map_notify) return;
    it->second.map_notify = true;
    it->second.notify_at = t;
}

std::optional<UdpAuth> UdpAuthTracker::take(const Address& etr, const Address& ms) {
    auto it = last_.find({PackedAddress::of(etr), PackedAddress::of(ms)});
    if (it == last_.end()) return std::nullopt;
    UdpAuth a = it->second;
    last_.erase(it);
    return a;
}

}  // namespace msrt::session
