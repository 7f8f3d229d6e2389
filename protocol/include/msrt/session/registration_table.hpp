// The registration table of one session: (IID, prefix, length) -> Entry, listed in key order.
//
// Why not a std::map: every Registration and every answer looks its key up, and walking a tree of separately
// allocated nodes (two trees, with the pending Registrations) took a third of `msrt sessions`' time. Here
// entries sit in one vector in the order they were added, so an entry's position (an Index) never changes
// and the tracker links by it; an open-addressing index of positions finds a key in one or two probes; a
// permutation of positions lists them in key order. ETRs register their prefixes in order, so often the
// positions are the key order and there is no permutation; the first key out of order makes one, sorted
// the next time the table is listed (in time linear in its size when, as usual, each instance and
// address family came in order). That sort writes through a const table: one table is never listed
// by two threads at once (the plugin runs on one thread; `msrt sessions` hands a finished session over
// whole).
#pragma once

#include <cstdint>
#include <iterator>
#include <optional>
#include <span>
#include <utility>

#include "msrt/session/node_pool.hpp"
#include "msrt/session/packed.hpp"
#include "msrt/session/types.hpp"

namespace msrt::session {

inline constexpr std::uint32_t kNone = 0xFFFFFFFF;  // "no such index"

enum class Status : std::uint8_t { Pending, Registered, Rejected, Withdrawn };
const char* status_key(Status s);  // "pending", "registered", "rejected", "withdrawn"

// 56 octets: tables hold hundreds of thousands of these (see packed.hpp).
struct Entry {
    Micros sent_at = 0;      // the last Registration of this key (0: none seen, e.g. only an unmatched ACK)
    Micros answered_at = 0;  // the last ACK/NACK of this key (0: none yet)
    std::uint32_t answer_index = kNone;  // message number of that ACK/NACK in the session
    std::uint32_t ttl = 0;               // minutes, of the last Registration (0 withdraws, spec 6.5)
    std::uint32_t rlocs = kNone;         // Tracker::rlocs(): the last Registration's locator set
    std::uint32_t ms_rlocs = kNone;      // the last Mapping Notification's locator set (the MS's view)
    std::uint32_t ids = kNone;           // Tracker::ids(): the last Registration's xTR-ID / Site-ID
    std::uint32_t refresh_mark = kNone;  // Tracker::refreshes() index awaiting this key's re-send
    std::uint32_t last_refresh = kNone;  // the last Refresh whose scope covered this key
    // The Registrations of this key awaiting an answer, oldest first: the tracker's pending queue.
    std::uint32_t pending_first = kNone, pending_last = kNone;
    Status status = Status::Pending;
    std::optional<std::uint8_t> reason;  // NACK reason code of the last answer
    bool t_bit : 1 = false;              // the last Registration asked for TTL-based expiry
    bool notified : 1 = false;           // a Mapping Notification followed the last ACK
};

class RegistrationTable {
  public:
    using Index = std::uint32_t;  // an entry's position: fixed from when it is added
    using value_type = std::pair<Key, Entry>;

    // Walks the positions in key order.
    class const_iterator {
      public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = RegistrationTable::value_type;
        using difference_type = std::ptrdiff_t;
        using pointer = const value_type*;
        using reference = const value_type&;

        const_iterator() = default;
        // `order` null: the positions are in key order.
        const_iterator(const value_type* slots, const Index* order, std::size_t n)
            : slots_(slots), order_(order), n_(n) {}
        reference operator*() const { return slots_[order_ ? order_[n_] : n_]; }
        pointer operator->() const { return &**this; }
        const_iterator& operator++() {
            ++n_;
            return *this;
        }
        const_iterator operator++(int) {
            const_iterator was = *this;
            ++n_;
            return was;
        }
        friend bool operator==(const const_iterator& a, const const_iterator& b) { return a.n_ == b.n_; }

      private:
        const value_type* slots_ = nullptr;
        const Index* order_ = nullptr;
        std::size_t n_ = 0;
    };

    // The entry of `key`, added (a default Entry) if there is none; and whether it was added.
    std::pair<Index, bool> try_emplace(const Key& key);
    Index index_of(const Key& key) const;          // kNone when absent
    const value_type* find(const Key& key) const;  // nullptr when absent

    value_type& operator[](Index i) { return slots_[i]; }
    const value_type& operator[](Index i) const { return slots_[i]; }
    std::size_t size() const { return slots_.size(); }
    std::size_t capacity() const { return slots_.capacity(); }  // entries there is room for
    bool empty() const { return slots_.empty(); }

    // Every entry in the order added: for updates that need no order.
    std::span<value_type> entries() { return slots_; }
    std::span<const value_type> entries() const { return slots_; }

    const_iterator begin() const;  // sorts the listing order first, when keys came out of order
    const_iterator end() const { return {slots_.data(), nullptr, slots_.size()}; }

  private:
    std::size_t bucket_of(const Key& key) const;
    // The bucket holding `key`, or the empty one where its search ended: where it would go.
    std::size_t probe(const Key& key) const;
    void grow_index();
    void grow_slots();
    void begin_order();
    void sort_keys() const;
    bool sort_by_group() const;  // sort_keys() when the keys fall into a few (IID, AFI) groups
    struct KeyOrder {            // of positions, by their keys
        const RegistrationTable* table;
        bool operator()(Index a, Index b) const { return table->slots_[a].first < table->slots_[b].first; }
    };

    SmallVector<value_type> slots_;
    SmallVector<Index> index_;          // a power of two of buckets, each a position or kNone
    mutable SmallVector<Index> order_;  // empty while the positions are in key order
    mutable bool ordered_ = true;       // order_ is in key order
};

}  // namespace msrt::session
