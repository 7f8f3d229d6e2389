// The Map-Server-wide registration state (what `show lisp site` shows), merged across sessions. When a
// session ends by FIN/RST its registered entries become soft state: orphaned, expiring 180 s later, or after
// the record TTL when the T bit was set, unless a UDP Map-Register or a new session refreshes them
// (spec 6.5, 6.7, 9 item 17).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "msrt/session/orphan_store.hpp"
#include "msrt/session/tracker.hpp"

namespace msrt::session {

inline constexpr Micros kSoftStateTimeout = 180'000'000;  // 3 x the 60 s UDP period (spec 6.9)

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
    struct Source;

  public:
    class Rows;
    // A session ended by FIN/RST at `end`: its registered entries become orphans.
    void on_session_end(const SessionRef& s, const Tracker& t, Micros end);
    // A UDP Map-Register from `etr` refreshes that ETR's orphans of the same keys (soft state, spec 6.5).
    void on_udp_register(const Address& etr, const Address& ms, const MapRegister& m, Micros t);
    // Forget orphans expired before `now` (keeps memory bounded on long captures).
    void expire(Micros now) { orphans_.expire(now); }
    // The state at `at`: live sessions' tables plus orphans still alive at `at` that no live session of the
    // same ETR (address or xTR-ID) has re-bound. Withdrawn entries are included only with `all`. Row by row
    // in (MS, key) order, each built when it is given (the row may be changed; it is not kept): the state of
    // a large Map-Server is never held twice.
    void for_each_row(Micros at, const std::vector<LiveSession>& live, bool all,
                      const std::function<void(SiteRow&)>& f) const;
    // The same rows, found and put in order once, to be walked more than once (a table measures its
    // columns, then lays them out). `live` must outlive them, and the registry must not change meanwhile.
    Rows rows(Micros at, const std::vector<LiveSession>& live, bool all) const;
    // The same rows, all at once.
    std::vector<SiteRow> snapshot(Micros at, const std::vector<LiveSession>& live, bool all = false) const;
    std::size_t orphans() const { return orphans_.size(); }

  private:
    // Orphans of (ms, key) that a new orphan of the same ETR (same_etr) replaces: those of its address, and
    // with an xTR-ID those of the same xTR-ID from any address.
    void forget_rebound(const PackedAddress& ms, const Key& key, const PackedAddress& etr,
                        const SiteIds& ids);
    Registrant registrant(const OrphanStore::Orphan& o) const;
    // Into `row`, the registrants of one (MS, key) from its sources; false when none is left to show.
    bool build_row(const Source* first, const Source* last, const std::vector<LiveSession>& live, bool all,
                   SiteRow& row) const;

    OrphanStore orphans_;
    std::vector<OrphanStore::Slot> rebound_;  // forget_rebound's, reused
};

// Where a registrant of the state comes from: an entry of a live session, or an orphan. `order` keeps the
// sources of a row as they were gathered: live sessions in order, then orphans in storage order.
struct Registry::Source {
    const PackedAddress* ms;
    const Key* key;
    const Entry* entry;                 // of live session `session`; null for an orphan
    const OrphanStore::Orphan* orphan;  // null for an entry
    std::uint32_t session;
    std::uint32_t order;
};

class Registry::Rows {
  public:
    void for_each(const std::function<void(SiteRow&)>& f) const;

  private:
    friend class Registry;
    Rows(const Registry& r, const std::vector<LiveSession>& live, bool all)
        : registry_(&r), live_(&live), all_(all) {}

    const Registry* registry_;
    const std::vector<LiveSession>* live_;
    bool all_;
    std::vector<Source> sources_;  // in (MS, key, order) order
};

// Same ETR for re-binding: the same xTR-ID when both carry one, else the same ETR address.
bool same_etr(const Registrant& a, const Registrant& b);

}  // namespace msrt::session
