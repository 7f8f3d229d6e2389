// The orphans of the Map-Server-wide state (registry.hpp): registered entries of sessions lost by FIN/RST,
// kept until they expire.
//
// Why not hash maps of nodes: a 1 GB capture of 20k lost sessions makes three million orphans, a hundred
// thousand alive at once, and `msrt state` spent four fifths of its time in node allocation, bucket walks
// and minute-by-minute sweeps of every orphan. Here an orphan is one compact record in a vector (its slot
// never moves while it lives), what its session shares with its siblings is held once (Lost), locator
// sets are interned, two chained indexes link the records through their own fields, and a queue of expiry
// times finds the expired ones without looking at the others.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <vector>

#include "msrt/session/pool.hpp"
#include "msrt/session/tracker.hpp"

namespace msrt::session {

struct SessionRef {
    std::uint64_t id = 0;
    PackedAddress etr, ms;
    std::uint16_t etr_port = 0, ms_port = 0;
};

class OrphanStore {
  public:
    using Slot = std::uint32_t;

    struct Lost {  // what the orphans of one lost session share
        SessionRef ref;
        Micros orphaned_at = 0;
        std::uint32_t orphans = 0;  // alive: the record is freed with its last orphan
    };
    struct Orphan {
        Key key;
        std::uint32_t lost = kNone;   // Lost record; kNone while the slot is free
        std::uint32_t rlocs = kNone;  // interned locator set (rlocs())
        SiteIds ids;
        Micros sent_at = 0, answered_at = 0, expires = 0;
        std::uint32_t ttl = 0;
        std::optional<std::uint8_t> reason;
        bool t_bit = false;
        // The two indexes: by (MS, key, ETR address) and, with an xTR-ID, by (MS, key, xTR-ID). The tags are
        // the hashes, so that a chain is walked without loading the other records' sessions.
        Slot next_by_etr = kNone, next_by_xtr = kNone;
        std::uint32_t etr_tag = 0, xtr_tag = 0;
    };

    // A lost session; then add() its orphans, all with the same `lost`.
    std::uint32_t add_lost(const SessionRef& s, Micros orphaned_at);
    // A locator set interned for an orphan, or one more use of one: add() takes the use over.
    std::uint32_t intern_rlocs(const RlocSet& rlocs) { return rloc_pool_.acquire(rlocs); }
    void retain_rlocs(std::uint32_t n) { rloc_pool_.retain(n); }
    void add(Orphan o);  // with o.lost and o.rlocs set
    // Room for `more` orphans about to be added (a lost session's entries): a session of hundreds of
    // thousands then takes one allocation of its size, where doubling would hold the old and new copies at
    // once and leave up to half unused. Many small sessions still grow the room geometrically.
    void reserve(std::size_t more);
    void erase(Slot s);
    // A new expiry time for a live orphan.
    void set_expires(Slot s, Micros at);
    // Forgets orphans expired at or before `now`.
    void expire(Micros now);

    // Calls f(slot) for the orphans of (ms, key) from this ETR address, or with this xTR-ID (from any
    // address). f must not add or erase orphans.
    template <class F>
    void each_by_etr(const PackedAddress& ms, const Key& key, const PackedAddress& etr, F f) const {
        std::uint32_t tag = etr_hash(ms, key, etr);
        each_in_chain(
            etr_heads_, &Orphan::next_by_etr, tag,
            [&](const Orphan& o) {
                return o.etr_tag == tag && o.key == key && lost(o).ref.ms == ms && lost(o).ref.etr == etr;
            },
            f);
    }
    template <class F>
    void each_by_xtr(const PackedAddress& ms, const Key& key, const XtrId& xtr, F f) const {
        std::uint32_t tag = xtr_hash(ms, key, xtr);
        each_in_chain(
            xtr_heads_, &Orphan::next_by_xtr, tag,
            [&](const Orphan& o) {
                return o.xtr_tag == tag && o.ids.present && o.key == key && o.ids.xtr_id == xtr &&
                       lost(o).ref.ms == ms;
            },
            f);
    }

    std::size_t size() const { return live_; }
    std::span<const Orphan> slots() const { return orphans_; }  // free ones have lost == kNone
    const Orphan& operator[](Slot s) const { return orphans_[s]; }
    const Lost& lost(const Orphan& o) const { return lost_[o.lost]; }
    const RlocSet& rlocs(const Orphan& o) const { return rloc_pool_.get(o.rlocs); }

  private:
    // An expiry time. Moving an orphan's time leaves its earlier entry behind, and the slot may hold
    // another orphan by then: an entry counts only while the slot's orphan is due at exactly its time (and
    // then it is due, whichever orphan pushed the entry).
    struct Due {
        Micros at;
        Slot slot;
        bool operator>(const Due& d) const { return at > d.at; }
    };

    // Calls f(slot) for each orphan of the chain of `tag` in one of the indexes that `matches`.
    template <class Match, class F>
    void each_in_chain(const std::vector<Slot>& heads, Slot Orphan::*next, std::uint32_t tag, Match matches,
                       F f) const {
        if (live_ == 0) return;  // the heads may not exist yet
        for (Slot s = heads[tag & (heads.size() - 1)]; s != kNone; s = orphans_[s].*next)
            if (matches(orphans_[s])) f(s);
    }
    static std::uint32_t etr_hash(const PackedAddress& ms, const Key& key, const PackedAddress& etr);
    static std::uint32_t xtr_hash(const PackedAddress& ms, const Key& key, const XtrId& xtr);
    void link(Slot s);
    void unlink(std::vector<Slot>& heads, Slot Orphan::*next, std::uint32_t tag, Slot s);
    void grow_index();
    void push_due(Slot s);
    bool pop_due(Micros now, Due& out);

    std::vector<Orphan> orphans_;
    std::vector<Lost> lost_;
    std::vector<std::uint32_t> free_lost_;
    Slot free_ = kNone;  // free slots, linked through next_by_etr
    std::size_t live_ = 0;
    std::vector<Slot> etr_heads_, xtr_heads_;  // chain heads; same power-of-two size
    // Expiry times: orphans mostly expire a fixed time after their session ended, so in the order they
    // were added; those go to a queue, and only the others (T bit with a shorter TTL, a UDP refresh to an
    // earlier time) to a heap.
    std::deque<Due> due_in_order_;
    std::vector<Due> due_heap_;
    Pool<RlocSet> rloc_pool_;
};

}  // namespace msrt::session
