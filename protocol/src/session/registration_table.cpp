#include "msrt/session/registration_table.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <vector>

namespace msrt::session {

// Memory per table entry is a promise of the capture tools (bench/sessions.sh): keep these sizes.
static_assert(sizeof(Key) == 24);
static_assert(sizeof(Entry) == 56);

const char* status_key(Status s) {
    switch (s) {
        case Status::Pending:
            return "pending";
        case Status::Registered:
            return "registered";
        case Status::Rejected:
            return "rejected";
        case Status::Withdrawn:
            return "withdrawn";
    }
    return "pending";
}

namespace {

constexpr std::size_t kFirstBuckets = 4;

// Keys of one session differ mostly in the prefix's low octets: multiplying spreads them into the high bits
// the bucket is taken from.
std::uint64_t hash(const Key& k) {
    std::uint64_t h = k.prefix.high() * 0x9E3779B97F4A7C15u;
    h ^= k.prefix.low() + (std::uint64_t{k.iid} << 32 | std::uint64_t{k.prefix.afi()} << 8 | k.len);
    return h * 0xC2B2AE3D27D4EB4Fu;
}

}  // namespace

// Inline in probe: called, it cost a tenth of a lookup.
[[gnu::always_inline]] inline std::size_t RegistrationTable::bucket_of(const Key& key) const {
    auto shift = 64 - std::countr_zero(index_.size());
    return static_cast<std::size_t>(hash(key) >> shift);
}

std::size_t RegistrationTable::probe(const Key& key) const {
    std::size_t mask = index_.size() - 1;
    std::size_t b = bucket_of(key);
    while (index_[b] != kNone && !(slots_[index_[b]].first == key))
        b = (b + 1) & mask;
    return b;
}

RegistrationTable::Index RegistrationTable::index_of(const Key& key) const {
    return index_.empty() ? kNone : index_[probe(key)];
}

const RegistrationTable::value_type* RegistrationTable::find(const Key& key) const {
    Index i = index_of(key);
    return i == kNone ? nullptr : &slots_[i];
}

std::pair<RegistrationTable::Index, bool> RegistrationTable::try_emplace(const Key& key) {
    // One probe: where the search for a new key ends is where it goes, unless the index must grow first.
    std::size_t b = 0;
    if (!index_.empty()) {
        b = probe(key);
        if (index_[b] != kNone) return {index_[b], false};
    }
    // At most three quarters full, so that a probe for an absent key ends soon.
    if ((slots_.size() + 1) * 4 > index_.size() * 3) {
        grow_index();
        b = probe(key);
    }
    if (slots_.size() == slots_.capacity()) grow_slots();
    auto i = static_cast<Index>(slots_.size());
    // Built in place: an Entry{} built on the stack and copied was loaded across the stores that had just
    // built it (a store-forwarding stall per new key, half of this function's samples).
    slots_.emplace_back(std::piecewise_construct, std::forward_as_tuple(key), std::forward_as_tuple());
    index_[b] = i;
    if (!order_.empty()) {
        ordered_ = ordered_ && slots_[order_.back()].first < key;
        order_.push_back(i);
    } else if (i > 0 && !(slots_[i - 1].first < key)) {
        begin_order();
    }
    return {i, true};
}

// The first key out of order: from now on the order is a permutation of its own.
void RegistrationTable::begin_order() {
    order_.reserve(slots_.capacity());
    for (Index i = 0; i < slots_.size(); ++i)
        order_.push_back(i);
    ordered_ = false;
}

// Past 16 buckets (a table of more than 12 keys, likely to grow on) the index grows fourfold, up to 4096
// buckets: a table of 150 keys was rehashed 7 times, re-inserting 189 keys; now 5 times and 69 keys.
void RegistrationTable::grow_index() {
    std::size_t n = index_.size();
    index_.assign(n == 0 ? kFirstBuckets : n >= 16 && n < 4096 ? n * 4 : n * 2, kNone);
    for (Index i = 0; i < slots_.size(); ++i)
        index_[probe(slots_[i].first)] = i;  // not in the new index yet: its search ends at an empty bucket
}

// Memory bounds are for many small tables (bench/sessions.sh: 20k sessions of ten entries; the adversarial
// captures: 100k sessions of one). So the first entry gets room for one, and past four the room grows by a
// quarter while it comes from the slabs (copying so few entries is cheap), then by half: ten entries hold
// room for ten, not sixteen.
void RegistrationTable::grow_slots() {
    constexpr std::size_t kSlabEntries = detail::kMaxSmall / sizeof(value_type);
    std::size_t n = slots_.capacity();
    std::size_t more = n == 0             ? 1
                       : n < 4            ? 2 * n
                       : n < kSlabEntries ? n + std::max<std::size_t>(1, n / 4)
                                          : n + n / 2;
    slots_.reserve(more);
    if (!order_.empty()) order_.reserve(more);
}

void RegistrationTable::sort_keys() const {
    if (ordered_) return;
    if (!sort_by_group()) std::sort(order_.begin(), order_.end(), KeyOrder{this});
    ordered_ = true;
}

// ETRs register each instance and address family in order but interleave the families (an IPv6 or a MAC
// prefix among the IPv4 ones): the keys come as a few ascending runs dealt out in turn, which std::sort
// would compare n log n times. Dealt back into one range per (IID, AFI), the order of the key's first two
// fields, each range is usually sorted already and is only checked. Returns false, having changed nothing,
// when the keys fall into more groups than a linear search over them suits.
bool RegistrationTable::sort_by_group() const {
    constexpr std::size_t kMaxGroups = 8;
    struct Group {
        std::uint64_t id = 0;
        std::uint32_t count = 0, next = 0;
    };
    std::array<Group, kMaxGroups> groups;
    std::size_t n = 0;
    auto group_of = [&](Index i) -> Group* {
        const Key& k = slots_[i].first;
        std::uint64_t id = std::uint64_t{k.iid} << 16 | k.prefix.afi();
        for (std::size_t g = 0; g < n; ++g)
            if (groups[g].id == id) return &groups[g];
        if (n == kMaxGroups) return nullptr;
        groups[n] = Group{id};
        return &groups[n++];
    };
    for (Index i : order_) {
        Group* g = group_of(i);
        if (!g) return false;
        ++g->count;
    }
    for (std::size_t g = 1; g < n; ++g)  // by insertion: std::sort on so few trips GCC 12's -Warray-bounds
        for (std::size_t h = g; h > 0 && groups[h].id < groups[h - 1].id; --h)
            std::swap(groups[h], groups[h - 1]);
    std::uint32_t at = 0;
    for (std::size_t g = 0; g < n; ++g) {
        groups[g].next = at;
        at += groups[g].count;
    }
    // A plain vector, not one from the node pools: this may run on a thread that did not build the table.
    std::vector<Index> dealt(order_.size());
    for (Index i : order_)
        dealt[group_of(i)->next++] = i;
    auto from = dealt.begin();
    for (std::size_t g = 0; g < n; ++g) {
        auto to = from + groups[g].count;
        if (!std::is_sorted(from, to, KeyOrder{this})) std::sort(from, to, KeyOrder{this});
        from = to;
    }
    std::copy(dealt.begin(), dealt.end(), order_.begin());
    return true;
}

RegistrationTable::const_iterator RegistrationTable::begin() const {
    sort_keys();
    return {slots_.data(), order_.empty() ? nullptr : order_.data(), 0};
}

}  // namespace msrt::session
