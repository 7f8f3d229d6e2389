// The UDP authentication that precedes a session (spec 6.1 steps 1-3, 7.2, 7.3): the ETR's Map-Register
// (r bit, nonce) and the MS's Map-Notify with the same nonce, per (ETR address, MS address).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "msrt/map_register.hpp"
#include "msrt/profile.hpp"
#include "msrt/session/node_pool.hpp"
#include "msrt/session/packed.hpp"
#include "msrt/session/types.hpp"

namespace msrt::session {

struct UdpAuth {
    Micros register_at = 0;
    std::uint64_t register_frame = 0;
    bool r_bit = false;
    std::uint64_t nonce = 0;
    bool map_notify = false;  // a Map-Notify with the same nonce came back
    Micros notify_at = 0;

    // The MS answers only a Map-Register that authenticated (spec 6.1 step 2); we hold no keys to check more.
    bool authenticated() const { return map_notify; }
    // May this authentication open a session? ietf profiles also need the `r` bit (spec 3 item 2, 7.2).
    bool authorises(const Profile& p) const { return map_notify && (!p.reliable_bit || r_bit); }
};

// An ETR may split its EID-records over several Map-Registers sent back to back (a round), some of which
// may fail authentication. A session's authentication is the last Map-Register of the latest round that a
// Map-Notify answered, else the round's last one (the one the ETR sent just before it connected).
inline constexpr Micros kUdpRoundGap = 1'000'000;  // Map-Registers closer than this belong to one round [I]

class UdpAuthTracker {
  public:
    void on_map_register(const Address& etr, const Address& ms, const MapRegisterHeader& m, Micros t,
                         std::uint64_t frame);
    void on_map_notify(const Address& ms, const Address& etr, const MapRegisterHeader& m, Micros t);
    // The authentication that preceded a new session. It is consumed: after a session drops, a new one
    // needs a new UDP authentication (spec 3 item 4, 6.7).
    std::optional<UdpAuth> take(const Address& etr, const Address& ms);
    std::size_t size() const { return rounds_.size(); }

  private:
    static constexpr std::size_t kMaxRound = 16;  // bounds a pathological stream of Map-Registers
    using Round = SmallVector<UdpAuth>;
    using Endpoints = std::pair<PackedAddress, PackedAddress>;
    std::map<Endpoints, Round, std::less<Endpoints>, NodeAllocator<std::pair<const Endpoints, Round>>>
        rounds_;  // (ETR, MS)
};

}  // namespace msrt::session
