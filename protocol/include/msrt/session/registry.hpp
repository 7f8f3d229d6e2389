// The Map-Server-wide registration state (what `show lisp site` shows), merged across sessions. When a
// session ends by FIN/RST its registered entries become soft state: orphaned, expiring 180 s later, or after
// the record TTL when the T bit was set, unless a UDP Map-Register or a new session refreshes them
// (spec 6.5, 6.7, 9 item 17).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

#include "msrt/session/tracker.hpp"

namespace msrt::session {

inline constexpr Micros kSoftStateTimeout = 180'000'000;  // 3 x the 60 s UDP period (spec 6.9)

struct SessionRef {
    std::uint64_t id = 0;
    PackedAddress etr, ms;
    std::uint16_t etr_port = 0, ms_port = 0;
};

// When an orphaned entry expires: end + 180 s, or end + Record TTL (minutes) with the T bit.
Micros orphan_expiry(const Entry& e, Micros end);

// One registrant of a key at a moment: a live session's entry, or an orphan of an ended one.
struct Registrant {
    SessionRef session;
    Status status = Status::Pending;
    std::optional<std::uint8_t> reason;
    SiteIds ids;
    RlocSet rlocs;
    std::uint32_t ttl = 0;
    bool t_bit = false;
    Micros sent_at = 0, answered_at = 0;
    std::optional<Micros> orphaned_at, expires;  // set for orphans
};

struct SiteRow {
    PackedAddress ms;
    Key key;
    std::vector<Registrant> registrants;
    // registered if any registrant is, else orphaned, else pending, else rejected, else withdrawn.
    const char* status() const;
    RlocSet merged_rlocs() const;  // union of the registered and orphaned registrants' locators
};

struct LiveSession {
    SessionRef ref;
    const Tracker* tracker = nullptr;
};

class Registry {
  public:
    Registry() = default;
    // by_xtr_ points into orphans_: a copy would point into the original.
    Registry(const Registry&) = delete;
    Registry& operator=(const Registry&) = delete;
    Registry(Registry&&) = default;
    Registry& operator=(Registry&&) = default;

    // A session ended by FIN/RST at `end`: its registered entries become orphans.
    void on_session_end(const SessionRef& s, const Tracker& t, Micros end);
    // A UDP Map-Register from `etr` refreshes that ETR's orphans of the same keys (soft state, spec 6.5).
    void on_udp_register(const Address& etr, const Address& ms, const MapRegister& m, Micros t);
    // Forget orphans expired before `now` (keeps memory bounded on long captures).
    void expire(Micros now);
    // The state at `at`: live sessions' tables plus orphans still alive at `at` that no live session of the
    // same ETR (address or xTR-ID) has re-bound. Withdrawn entries are included only with `all`.
    std::vector<SiteRow> snapshot(Micros at, const std::vector<LiveSession>& live, bool all = false) const;
    std::size_t orphans() const { return orphans_.size(); }

  private:
    using RowKey = std::pair<PackedAddress, Key>;  // (MS address, key)
    // Orphans by (MS, key, ETR address), hashed: a UDP Map-Register or a new session of the same ETR finds
    // its own orphans of a key without going through every other ETR's (thousands, when many ETRs register
    // one prefix: a default route, an anycast EID). Snapshots put them in order.
    struct OrphanKey {
        RowKey row;
        PackedAddress etr;
        friend bool operator==(const OrphanKey&, const OrphanKey&) = default;
    };
    // The orphans that carry an xTR-ID, by (MS, key, xTR-ID): a session of the same xTR from another
    // address (a moved ETR) re-binds them.
    struct XtrKey {
        RowKey row;
        XtrId xtr;
        friend bool operator==(const XtrKey&, const XtrKey&) = default;
    };
    struct Hash {
        std::size_t operator()(const OrphanKey& k) const;
        std::size_t operator()(const XtrKey& k) const;
    };
    using Orphans = std::unordered_multimap<OrphanKey, Registrant, Hash>;
    using Orphan = Orphans::value_type;  // stable in memory while it is in the map
    using ByXtr = std::unordered_multimap<XtrKey, Orphan*, Hash>;

    Orphans::iterator erase(Orphans::iterator it);  // and its xTR-ID index entry; the next orphan
    Orphans::iterator find(Orphan* o);
    void forget_rebound(const RowKey& row, const Registrant& r);

    Orphans orphans_;
    ByXtr by_xtr_;
};

// Same ETR for re-binding: the same xTR-ID when both carry one, else the same ETR address.
bool same_etr(const Registrant& a, const Registrant& b);

}  // namespace msrt::session
