#include "msrt/session/orphan_store.hpp"

#include <algorithm>
#include <functional>
#include <utility>

namespace msrt::session {
namespace {

constexpr std::size_t kFirstHeads = 64;

// The finaliser of MurmurHash3, folding one more 64-bit word into `h` at each call.
std::uint64_t fold(std::uint64_t h, std::uint64_t word) {
    h ^= word;
    h ^= h >> 33;
    h *= 0xFF51AFD7ED558CCDu;
    h ^= h >> 33;
    h *= 0xC4CEB9FE1A85EC53u;
    return h ^ (h >> 33);
}

std::uint64_t fold(std::uint64_t h, const PackedAddress& a) {
    return fold(fold(h, a.high()), a.low() ^ (std::uint64_t{a.afi()} << 8 | a.size));
}

std::uint64_t row_hash(const PackedAddress& ms, const Key& k) {
    return fold(fold(0, ms), k.prefix) ^ (std::uint64_t{k.iid} << 8 | k.len);
}

std::uint32_t tag_of(std::uint64_t h) {
    return static_cast<std::uint32_t>(h ^ (h >> 32));
}

}  // namespace

std::uint32_t OrphanStore::etr_hash(const PackedAddress& ms, const Key& key, const PackedAddress& etr) {
    return tag_of(fold(row_hash(ms, key), etr));
}

std::uint32_t OrphanStore::xtr_hash(const PackedAddress& ms, const Key& key, const XtrId& xtr) {
    return tag_of(fold(fold(row_hash(ms, key), load_be64(xtr.data())), load_be64(xtr.data() + 8)));
}

std::uint32_t OrphanStore::add_lost(const SessionRef& s, Micros orphaned_at) {
    Lost l{s, orphaned_at, 0};
    if (free_lost_.empty()) {
        lost_.push_back(l);
        return static_cast<std::uint32_t>(lost_.size() - 1);
    }
    std::uint32_t n = free_lost_.back();
    free_lost_.pop_back();
    lost_[n] = l;
    return n;
}

void OrphanStore::add(Orphan o) {
    const Lost& l = lost_[o.lost];
    o.etr_tag = etr_hash(l.ref.ms, o.key, l.ref.etr);
    o.xtr_tag = o.ids.present ? xtr_hash(l.ref.ms, o.key, o.ids.xtr_id) : 0;
    if (live_ + 1 > etr_heads_.size()) grow_index();  // at most one orphan per chain on average
    Slot s;
    if (free_ != kNone) {
        s = free_;
        free_ = orphans_[s].next_by_etr;
        orphans_[s] = o;
    } else {
        s = static_cast<Slot>(orphans_.size());
        orphans_.push_back(o);
    }
    ++lost_[o.lost].orphans;
    ++live_;
    link(s);
    push_due(s);
}

void OrphanStore::reserve(std::size_t more) {
    std::size_t free_slots = orphans_.size() - live_;
    if (more <= free_slots) return;
    std::size_t need = orphans_.size() + (more - free_slots);
    if (need > orphans_.capacity()) orphans_.reserve(std::max(need, orphans_.capacity() * 2));
}

void OrphanStore::link(Slot s) {
    Orphan& o = orphans_[s];
    std::size_t mask = etr_heads_.size() - 1;
    o.next_by_etr = std::exchange(etr_heads_[o.etr_tag & mask], s);
    o.next_by_xtr = o.ids.present ? std::exchange(xtr_heads_[o.xtr_tag & mask], s) : kNone;
}

void OrphanStore::grow_index() {
    std::size_t n = std::max(kFirstHeads, etr_heads_.size() * 2);
    etr_heads_.assign(n, kNone);
    xtr_heads_.assign(n, kNone);
    for (Slot s = 0; s < orphans_.size(); ++s)
        if (orphans_[s].lost != kNone) link(s);
}

void OrphanStore::unlink(std::vector<Slot>& heads, Slot Orphan::*next, std::uint32_t tag, Slot s) {
    Slot* at = &heads[tag & (heads.size() - 1)];
    while (*at != s)
        at = &(orphans_[*at].*next);
    *at = orphans_[s].*next;
}

void OrphanStore::erase(Slot s) {
    Orphan& o = orphans_[s];
    unlink(etr_heads_, &Orphan::next_by_etr, o.etr_tag, s);
    if (o.ids.present) unlink(xtr_heads_, &Orphan::next_by_xtr, o.xtr_tag, s);
    if (--lost_[o.lost].orphans == 0) free_lost_.push_back(o.lost);
    rloc_pool_.release(o.rlocs);
    o.lost = kNone;
    o.next_by_etr = free_;
    free_ = s;
    --live_;
}

void OrphanStore::push_due(Slot s) {
    Due d{orphans_[s].expires, s};
    if (due_in_order_.empty() || due_in_order_.back().at <= d.at) {
        due_in_order_.push_back(d);
        return;
    }
    due_heap_.push_back(d);
    std::push_heap(due_heap_.begin(), due_heap_.end(), std::greater<>());
}

// The earliest expiry time due at `now`, from the queue or the heap.
bool OrphanStore::pop_due(Micros now, Due& out) {
    bool queued = !due_in_order_.empty() && due_in_order_.front().at <= now;
    bool heaped = !due_heap_.empty() && due_heap_.front().at <= now;
    if (queued && (!heaped || due_in_order_.front().at <= due_heap_.front().at)) {
        out = due_in_order_.front();
        due_in_order_.pop_front();
        return true;
    }
    if (!heaped) return false;
    out = due_heap_.front();
    std::pop_heap(due_heap_.begin(), due_heap_.end(), std::greater<>());
    due_heap_.pop_back();
    return true;
}

void OrphanStore::set_expires(Slot s, Micros at) {
    orphans_[s].expires = at;
    push_due(s);  // the entry of the earlier time is stale now: expire() skips it
}

void OrphanStore::expire(Micros now) {
    Due d{};
    while (pop_due(now, d)) {
        const Orphan& o = orphans_[d.slot];
        if (o.lost != kNone && o.expires == d.at) erase(d.slot);
    }
}

}  // namespace msrt::session
