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

void Registry::on_session_end(const SessionRef& s, const Tracker& t, Micros end) {
    for (const auto& [key, e] : t.table()) {
        if (e.status != Status::Registered) continue;  // only accepted registrations are MS state
        Registrant r = registrant_of(s, t, e);
        r.orphaned_at = end;
        r.expires = orphan_expiry(e, end);
        RowKey row{s.ms, key};
        auto [lo, hi] = orphans_.equal_range(row);
        for (auto it = lo; it != hi;)
            it = same_etr(it->second, r) ? orphans_.erase(it) : std::next(it);
        orphans_.emplace(row, std::move(r));
    }
}

void Registry::on_udp_register(const Address& etr, const Address& ms, const MapRegister& m, Micros t) {
    PackedAddress from = PackedAddress::of(etr);
    for (const EidRecord& rec : m.records) {
        auto [lo, hi] = orphans_.equal_range(RowKey{PackedAddress::of(ms), Key::of(rec.key())});
        for (auto it = lo; it != hi; ++it) {
            Registrant& r = it->second;
            if (r.session.etr != from || !r.expires || *r.expires < t) continue;
            r.expires = t + ((m.flag(wire::lisp::kRegT) ? Micros{rec.ttl} * 60'000'000 : kSoftStateTimeout));
        }
    }
}

void Registry::expire(Micros now) {
    std::erase_if(orphans_, [now](const auto& kv) { return kv.second.expires && *kv.second.expires <= now; });
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
    for (const auto& [k, o] : orphans_) {
        if (*o.orphaned_at > at || *o.expires <= at) continue;
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
        if (!all)
            std::erase_if(row.registrants, [](const Registrant& r) { return r.status == Status::Withdrawn; });
        if (!row.registrants.empty()) out.push_back(std::move(row));
    }
    return out;
}

}  // namespace msrt::session
