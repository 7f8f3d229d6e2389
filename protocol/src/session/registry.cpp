#include "msrt/session/registry.hpp"

#include <algorithm>
#include <utility>

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

Registrant Registry::registrant(const OrphanStore::Orphan& o) const {
    const OrphanStore::Lost& l = orphans_.lost(o);
    Registrant r;
    r.session = l.ref;
    r.status = Status::Registered;  // only accepted registrations are orphaned
    r.reason = o.reason;
    r.ids = o.ids;
    r.rlocs = orphans_.rlocs(o);
    r.ttl = o.ttl;
    r.t_bit = o.t_bit;
    r.sent_at = o.sent_at;
    r.answered_at = o.answered_at;
    r.orphaned_at = l.orphaned_at;
    r.expires = o.expires;
    return r;
}

void Registry::forget_rebound(const PackedAddress& ms, const Key& key, const PackedAddress& etr,
                              const SiteIds& ids) {
    rebound_.clear();
    auto note = [this](OrphanStore::Slot s) { rebound_.push_back(s); };
    if (ids.present) orphans_.each_by_xtr(ms, key, ids.xtr_id, note);
    // Of the same address: unless both carry xTR-IDs and they differ (two xTRs behind one address).
    orphans_.each_by_etr(ms, key, etr, [&](OrphanStore::Slot s) {
        const SiteIds& theirs = orphans_[s].ids;
        if (!(ids.present && theirs.present) || theirs.xtr_id == ids.xtr_id) note(s);
    });
    std::sort(rebound_.begin(), rebound_.end());  // one orphan may be in both lists
    rebound_.erase(std::unique(rebound_.begin(), rebound_.end()), rebound_.end());
    for (OrphanStore::Slot s : rebound_)
        orphans_.erase(s);
}

void Registry::on_session_end(const SessionRef& s, const Tracker& t, Micros end) {
    std::uint32_t lost = kNone;
    // The entries of a session mostly share one locator set: interned once, then used again.
    std::uint32_t interned_from = kNone, interned = kNone;
    orphans_.reserve(t.table().size());  // at most: only registered entries become orphans
    for (const auto& [key, e] : t.table()) {
        if (e.status != Status::Registered) continue;  // only accepted registrations are MS state
        if (lost == kNone) lost = orphans_.add_lost(s, end);
        OrphanStore::Orphan o;
        o.key = key;
        o.lost = lost;
        o.ids = t.ids(e.ids);
        o.reason = e.reason;
        o.ttl = e.ttl;
        o.t_bit = e.t_bit;
        o.sent_at = e.sent_at;
        o.answered_at = e.answered_at;
        o.expires = orphan_expiry(e, end);
        forget_rebound(s.ms, key, s.etr, o.ids);
        if (interned != kNone && e.rlocs == interned_from) {
            orphans_.retain_rlocs(interned);
        } else {
            interned = orphans_.intern_rlocs(t.rlocs(e.rlocs));
            interned_from = e.rlocs;
        }
        o.rlocs = interned;
        orphans_.add(o);
    }
}

void Registry::on_udp_register(const Address& etr, const Address& ms, const MapRegister& m, Micros t) {
    PackedAddress from = PackedAddress::of(etr);
    PackedAddress server = PackedAddress::of(ms);
    for (const EidRecord& rec : m.records) {
        Key key = Key::of(rec.eid, rec.mask_len);
        Micros until = t + (m.flag(wire::lisp::kRegT) ? Micros{rec.ttl} * 60'000'000 : kSoftStateTimeout);
        // A new time leaves the chains as they are: set while walking them.
        orphans_.each_by_etr(server, key, from, [&](OrphanStore::Slot s) {
            if (orphans_[s].expires >= t) orphans_.set_expires(s, until);  // not expired yet: revived
        });
    }
}

namespace {

bool same_row(const PackedAddress& ms_a, const Key& key_a, const PackedAddress& ms_b, const Key& key_b) {
    return ms_a == ms_b && key_a == key_b;
}

}  // namespace

void Registry::for_each_row(Micros at, const std::vector<LiveSession>& live, bool all,
                            const std::function<void(SiteRow&)>& f) const {
    rows(at, live, all).for_each(f);
}

Registry::Rows Registry::rows(Micros at, const std::vector<LiveSession>& live, bool all) const {
    Rows out(*this, live, all);
    std::vector<Source>& sources = out.sources_;
    // One allocation of at most the size needed, rather than doublings (the state of a large Map-Server is
    // hundreds of thousands of sources).
    std::size_t most = orphans_.size();
    for (const LiveSession& l : live)
        most += l.tracker->table().size();
    sources.reserve(most);
    for (std::uint32_t i = 0; i < live.size(); ++i)
        for (const auto& [key, e] : live[i].tracker->table().entries())
            sources.push_back({&live[i].ref.ms, &key, &e, nullptr, i, 0});
    for (const OrphanStore::Orphan& o : orphans_.slots()) {
        if (o.lost == kNone || orphans_.lost(o).orphaned_at > at || o.expires <= at) continue;
        sources.push_back({&orphans_.lost(o).ref.ms, &o.key, nullptr, &o, kNone, 0});
    }
    for (std::uint32_t n = 0; n < sources.size(); ++n)
        sources[n].order = n;
    std::sort(sources.begin(), sources.end(), [](const Source& a, const Source& b) {
        if (int c = PackedAddress::compare(*a.ms, *b.ms)) return c < 0;
        if (int c = Key::compare(*a.key, *b.key)) return c < 0;
        return a.order < b.order;
    });
    return out;
}

void Registry::Rows::for_each(const std::function<void(SiteRow&)>& f) const {
    SiteRow row;
    const Source* end = sources_.data() + sources_.size();
    for (const Source* first = sources_.data(); first != end;) {
        const Source* last = first + 1;
        while (last != end && same_row(*first->ms, *first->key, *last->ms, *last->key))
            ++last;
        if (registry_->build_row(first, last, *live_, all_, row)) f(row);
        first = last;
    }
}

bool Registry::build_row(const Source* first, const Source* last, const std::vector<LiveSession>& live,
                         bool all, SiteRow& row) const {
    row.ms = *first->ms;
    row.key = *first->key;
    row.registrants.clear();
    // Withdrawn live entries take part in re-binding (a withdrawal ends the orphan too), then drop out.
    for (const Source* s = first; s != last; ++s)
        if (s->entry)
            row.registrants.push_back(
                registrant_of(live[s->session].ref, *live[s->session].tracker, *s->entry));
    std::size_t live_count = row.registrants.size();
    for (const Source* s = first; s != last; ++s) {
        if (!s->orphan) continue;
        Registrant orphan = registrant(*s->orphan);
        auto rebinds = [&orphan](const Registrant& r) { return same_etr(r, orphan); };
        auto live_end = row.registrants.begin() + static_cast<std::ptrdiff_t>(live_count);
        if (std::none_of(row.registrants.begin(), live_end, rebinds))
            row.registrants.push_back(std::move(orphan));
    }
    // Orphans come in storage order (slots are reused): after the live registrants, in the order they were
    // orphaned.
    std::stable_sort(row.registrants.begin(), row.registrants.end(),
                     [](const Registrant& a, const Registrant& b) {
                         if (a.orphaned_at.has_value() != b.orphaned_at.has_value()) return !a.orphaned_at;
                         if (!a.orphaned_at) return false;
                         if (*a.orphaned_at != *b.orphaned_at) return *a.orphaned_at < *b.orphaned_at;
                         return a.session.id < b.session.id;
                     });
    if (!all)
        std::erase_if(row.registrants, [](const Registrant& r) { return r.status == Status::Withdrawn; });
    return !row.registrants.empty();
}

std::vector<SiteRow> Registry::snapshot(Micros at, const std::vector<LiveSession>& live, bool all) const {
    std::vector<SiteRow> rows;
    for_each_row(at, live, all, [&rows](SiteRow& row) { rows.push_back(row); });
    return rows;
}

}  // namespace msrt::session
