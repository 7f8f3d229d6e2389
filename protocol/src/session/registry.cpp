#include "msrt/session/registry.hpp"

#include <algorithm>

namespace msrt::session {
namespace {

Registrant registrant_of(const SessionRef& s, const Tracker& t, const Entry& e) {
    Registrant r;
    r.session = s;
    r.status = e.status;
    r.reason = e.reason;
    r.ids = t.ids(e.ids);
    r.rlocs = t.rlocs(e.rlocs);
    r.ttl = e.ttl;
    r.t_bit = e.t_bit;
    r.sent_at = e.sent_at;
    r.answered_at = e.answered_at;
    return r;
}

int rank(const Registrant& r) {
    if (r.orphaned_at) return 1;
    switch (r.status) {
        case Status::Registered:
            return 0;
        case Status::Pending:
            return 2;
        case Status::Rejected:
            return 3;
        case Status::Withdrawn:
            return 4;
    }
    return 4;
}

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

std::uint64_t row_hash(const std::pair<PackedAddress, Key>& row) {
    const Key& k = row.second;
    return fold(fold(0, row.first), k.prefix) ^ (std::uint64_t{k.iid} << 8 | k.len);
}

}  // namespace

Micros orphan_expiry(const Entry& e, Micros end) {
    return end + (e.t_bit ? Micros{e.ttl} * 60'000'000 : kSoftStateTimeout);
}

bool same_etr(const Registrant& a, const Registrant& b) {
    if (a.ids.present && b.ids.present) return a.ids.xtr_id == b.ids.xtr_id;
    return a.session.etr == b.session.etr;
}

const char* SiteRow::status() const {
    int best = 4;
    for (const Registrant& r : registrants)
        best = std::min(best, rank(r));
    constexpr const char* kNames[] = {"registered", "orphaned", "pending", "rejected", "withdrawn"};
    return kNames[best];
}

RlocSet SiteRow::merged_rlocs() const {
    RlocSet out;
    for (const Registrant& r : registrants) {
        if (rank(r) > 1) continue;
        for (const Rloc& l : r.rlocs)
            if (std::find(out.begin(), out.end(), l) == out.end()) out.push_back(l);
    }
    return out;
}

std::size_t Registry::Hash::operator()(const OrphanKey& k) const {
    return fold(row_hash(k.row), k.etr);
}

std::size_t Registry::Hash::operator()(const XtrKey& k) const {
    return fold(fold(row_hash(k.row), load_be64(k.xtr.data())), load_be64(k.xtr.data() + 8));
}

Registry::Orphans::iterator Registry::erase(Orphans::iterator it) {
    const Registrant& r = it->second;
    if (r.ids.present) {
        auto [lo, hi] = by_xtr_.equal_range(XtrKey{it->first.row, r.ids.xtr_id});
        for (auto x = lo; x != hi; ++x)
            if (x->second == &*it) {
                by_xtr_.erase(x);
                break;
            }
    }
    return orphans_.erase(it);
}

// The iterator of an orphan known by its address.
Registry::Orphans::iterator Registry::find(Orphan* o) {
    auto [lo, hi] = orphans_.equal_range(o->first);
    for (auto it = lo; it != hi; ++it)
        if (&*it == o) return it;
    return orphans_.end();
}

// Orphans of `row` that `r` (the same ETR: same_etr) replaces: those of its address, and with an xTR-ID
// those of the same xTR-ID from any address.
void Registry::forget_rebound(const RowKey& row, const Registrant& r) {
    if (r.ids.present) {
        auto [lo, hi] = by_xtr_.equal_range(XtrKey{row, r.ids.xtr_id});
        std::vector<Orphan*> same_xtr;
        for (auto x = lo; x != hi; ++x)
            same_xtr.push_back(x->second);
        for (Orphan* o : same_xtr)
            erase(find(o));
    }
    auto [lo, hi] = orphans_.equal_range(OrphanKey{row, r.session.etr});
    for (auto it = lo; it != hi;)
        it = same_etr(it->second, r) ? erase(it) : std::next(it);
}

void Registry::on_session_end(const SessionRef& s, const Tracker& t, Micros end) {
    for (const auto& [key, e] : t.table()) {
        if (e.status != Status::Registered) continue;  // only accepted registrations are MS state
        Registrant r = registrant_of(s, t, e);
        r.orphaned_at = end;
        r.expires = orphan_expiry(e, end);
        RowKey row{s.ms, key};
        forget_rebound(row, r);
        bool with_xtr = r.ids.present;
        XtrId xtr = r.ids.xtr_id;
        auto it = orphans_.emplace(OrphanKey{row, s.etr}, std::move(r));
        if (with_xtr) by_xtr_.emplace(XtrKey{row, xtr}, &*it);
    }
}

void Registry::on_udp_register(const Address& etr, const Address& ms, const MapRegister& m, Micros t) {
    PackedAddress from = PackedAddress::of(etr);
    PackedAddress server = PackedAddress::of(ms);
    for (const EidRecord& rec : m.records) {
        auto [lo, hi] = orphans_.equal_range(OrphanKey{RowKey{server, Key::of(rec.key())}, from});
        for (auto it = lo; it != hi; ++it) {
            Registrant& r = it->second;
            if (!r.expires || *r.expires < t) continue;
            r.expires = t + ((m.flag(wire::lisp::kRegT) ? Micros{rec.ttl} * 60'000'000 : kSoftStateTimeout));
        }
    }
}

void Registry::expire(Micros now) {
    auto expired = [now](const Registrant& r) { return r.expires && *r.expires <= now; };
    std::erase_if(by_xtr_, [&](const auto& kv) { return expired(kv.second->second); });
    std::erase_if(orphans_, [&](const auto& kv) { return expired(kv.second); });
}

std::vector<SiteRow> Registry::snapshot(Micros at, const std::vector<LiveSession>& live, bool all) const {
    std::map<RowKey, SiteRow> rows;
    auto add = [&rows](const RowKey& k, Registrant r) {
        SiteRow& row = rows[k];
        row.ms = k.first;
        row.key = k.second;
        row.registrants.push_back(std::move(r));
    };
    // Withdrawn live entries take part in re-binding (a withdrawal ends the orphan too), then drop out.
    for (const LiveSession& s : live)
        for (const auto& [key, e] : s.tracker->table())
            add({s.ref.ms, key}, registrant_of(s.ref, *s.tracker, e));
    for (const auto& [orphan_key, o] : orphans_) {
        if (*o.orphaned_at > at || *o.expires <= at) continue;
        const RowKey& k = orphan_key.row;
        auto it = rows.find(k);
        // A named reference: clang 14 (the fuzz and sanitizer builds) cannot capture a structured binding.
        const Registrant& orphan = o;
        auto rebinds = [&orphan](const Registrant& r) { return !r.orphaned_at && same_etr(r, orphan); };
        if (it == rows.end() ||
            std::none_of(it->second.registrants.begin(), it->second.registrants.end(), rebinds))
            add(k, o);
    }
    std::vector<SiteRow> out;
    out.reserve(rows.size());
    for (auto& [k, row] : rows) {
        // Orphans come from a hash table: after the live registrants, in the order they were orphaned.
        std::stable_sort(row.registrants.begin(), row.registrants.end(),
                         [](const Registrant& a, const Registrant& b) {
                             if (a.orphaned_at.has_value() != b.orphaned_at.has_value())
                                 return !a.orphaned_at;
                             if (!a.orphaned_at) return false;
                             if (*a.orphaned_at != *b.orphaned_at) return *a.orphaned_at < *b.orphaned_at;
                             return a.session.id < b.session.id;
                         });
        if (!all)
            std::erase_if(row.registrants, [](const Registrant& r) { return r.status == Status::Withdrawn; });
        if (!row.registrants.empty()) out.push_back(std::move(row));
    }
    return out;
}

}  // namespace msrt::session
