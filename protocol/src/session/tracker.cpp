// Dispatch, counts, Message-ID continuity and the table's bookkeeping. The per-kind rules live in
// tracker_registration.cpp (Registration, ACK/NACK, Mapping Notification) and tracker_refresh.cpp.
#include "msrt/session/tracker.hpp"

#include <algorithm>

namespace msrt::session {

Rloc Rloc::of(const Locator& l) {
    Rloc r;
    r.address.assign(l.rloc.addr);
    if (l.rloc.lcaf && !l.rloc.is_iid()) r.address.set_afi(wire::afi::kLcaf);  // not an address we can show
    r.priority = l.priority;
    r.weight = l.weight;
    r.m_priority = l.m_priority;
    r.m_weight = l.m_weight;
    r.flags = l.flags;
    return r;
}

bool Rloc::matches(const Locator& l) const {
    if (priority != l.priority || weight != l.weight || m_priority != l.m_priority ||
        m_weight != l.m_weight || flags != l.flags)
        return false;
    const Address& a = l.rloc.addr;
    if (a.afi == wire::afi::kDistinguishedName) return *this == of(l);  // packed by intern number
    std::uint16_t afi = l.rloc.lcaf && !l.rloc.is_iid() ? wire::afi::kLcaf : a.afi;
    return address.afi() == afi && address.size == a.size && address.high() == load_be64(a.octets.data()) &&
           address.low() == load_be64(a.octets.data() + 8);
}

Tracker::Tracker(const Profile& p, bool keep_log) : profile_(&p), keep_log_(keep_log) {}
Tracker::Tracker(Tracker&&) noexcept = default;
Tracker& Tracker::operator=(Tracker&&) noexcept = default;
Tracker::~Tracker() = default;

Note Tracker::on_message(const Message& m, Direction d, Micros t, std::uint64_t frame) {
    Note note;
    on_message(m, d, t, frame, note);
    return note;
}

void Tracker::on_message(const Message& m, Direction d, Micros t, std::uint64_t frame, Note& note) {
    note.reset(messages_++);
    count_message(d, m.kind);
    check_id(m, d, note);
    if (keep_log_) log_.push_back(LogEntry{frame, t, d, m.kind, m.header.id, {}, {}, {}});
    note.wrong_direction = wrong_direction(m.kind, d);
    Context c{m, d, t, frame, note};
    if (!note.wrong_direction) {
        if (const auto* r = m.as<Registration>())
            on_registration(*r, c);
        else if (const auto* a = m.as<RegistrationAck>())
            on_answer(Key::of(a->eid.field, a->eid.mask_len), std::nullopt, c);
        else if (const auto* n = m.as<RegistrationNack>())
            on_answer(Key::of(n->eid.field, n->eid.mask_len), n->reason, c);
        else if (const auto* f = m.as<RegistrationRefresh>())
            on_refresh(*f, c);
        else if (const auto* mn = m.as<MappingNotification>())
            on_notification(*mn, c);
    }
}

// The steps of on_message below are inlined into it (GCC kept each a call: 1% of all instructions).
[[gnu::always_inline]] inline void Tracker::check_id(const Message& m, Direction d, Note& note) {
    if (m.header.short_form) return;  // no Message ID on the wire
    IdStats& s = ids_seen_[static_cast<int>(d)];
    std::uint32_t id = m.header.id;
    if (!s.next && !mid_stream_) s.next = 0;  // spec 9 item 5: each sender starts at 0
    if (s.next && id != *s.next) {
        note.expected_id = *s.next;
        // Unsigned distance with wrap-around: a small forward jump is loss, anything else a repeat/rewind.
        std::uint32_t ahead = id - *s.next;
        if (ahead < 0x80000000u) {
            ++s.gaps;
            s.missing += ahead;
        } else {
            ++s.repeats;
        }
    }
    s.next = id + 1;
}

namespace {
std::uint8_t count_cell(Direction d, Kind k) {
    return static_cast<std::uint8_t>(static_cast<std::size_t>(d) * kKindCount + static_cast<std::size_t>(k));
}
}  // namespace

[[gnu::always_inline]] inline void Tracker::count_message(Direction d, Kind k) {
    std::uint8_t cell = count_cell(d, k);
    for (CountCell& c : counts_)
        if (c.cell == cell) {
            ++c.n;
            return;
        }
    counts_.push_back({cell, 1});
}

std::uint32_t Tracker::count(Direction d, Kind k) const {
    std::uint8_t cell = count_cell(d, k);
    for (const CountCell& c : counts_)
        if (c.cell == cell) return c.n;
    return 0;
}

Counts Tracker::counts() const {
    Counts out{};
    for (const CountCell& c : counts_)
        out[c.cell / kKindCount][c.cell % kKindCount] = c.n;
    return out;
}

[[gnu::always_inline]] inline bool Tracker::wrong_direction(Kind k, Direction d) const {
    const TypeEntry* e = profile_->type_of(k);
    if (!e) return false;
    if (e->sender == Sender::Etr) return d != Direction::EtrToMs;
    if (e->sender == Sender::MapServer) return d != Direction::MsToEtr;
    return false;
}

Tracker::Index Tracker::slot(const Key& key) {
    auto [i, added] = table_.try_emplace(key);
    if (added) ++summary_.pending;  // a new entry starts Pending
    return i;
}

// The caller fills the node in place: a Pending built on its stack and copied in was loaded right after the
// stores that built it, which cannot be forwarded (a stall per Registration).
Tracker::Pending& Tracker::push_pending(Entry& e) {
    Index n;
    if (free_pending_ != kNone) {
        n = free_pending_;
        free_pending_ = pending_[n].next;
    } else {
        n = static_cast<Index>(pending_.size());
        pending_.emplace_back();
    }
    pending_[n].next = kNone;
    ++live_pending_;
    if (e.pending_last == kNone)
        e.pending_first = n;
    else
        pending_[e.pending_last].next = n;
    e.pending_last = n;
    return pending_[n];
}

Tracker::Pending Tracker::pop_pending(Entry& e) {
    Index n = e.pending_first;
    Pending p = pending_[n];
    e.pending_first = p.next;
    if (p.next == kNone) e.pending_last = kNone;
    pending_[n].next = free_pending_;
    free_pending_ = n;
    // Once every Registration is answered the nodes go back to the slabs, for other sessions: most of
    // 20k concurrent sessions sit idle with nothing pending (the memory bound of bench/sessions.sh).
    if (--live_pending_ == 0) {
        pending_ = SmallVector<Pending>();  // not `= {}`: that clears and keeps the capacity
        free_pending_ = kNone;
    }
    return p;
}

void Tracker::set_status(Entry& e, Status s) {
    auto counter = [this](Status x) -> std::uint32_t& {
        switch (x) {
            case Status::Registered:
                return summary_.registered;
            case Status::Rejected:
                return summary_.rejected;
            case Status::Withdrawn:
                return summary_.withdrawn;
            case Status::Pending:
                break;
        }
        return summary_.pending;
    };
    --counter(e.status);
    ++counter(s);
    e.status = s;
}

namespace {

bool same_rlocs(const RlocSet& set, const std::vector<Locator>& locs) {
    if (set.size() != locs.size()) return false;
    for (std::size_t i = 0; i < set.size(); ++i)
        if (!set[i].matches(locs[i])) return false;
    return true;
}

}  // namespace

void Tracker::set_rlocs(std::uint32_t& slot, const std::vector<Locator>& locs) {
    if (slot != kNone && same_rlocs(rloc_pool_.get(slot), locs)) return;  // a re-registration, usually
    std::uint32_t n = last_rlocs_;
    // A new key: an ETR usually registers all its EIDs with one locator set, the one acquired last.
    if (n != kNone && rloc_pool_.alive(n) && same_rlocs(rloc_pool_.get(n), locs)) {
        rloc_pool_.retain(n);
    } else {
        thread_local RlocSet set;  // reused: a new vector per change would be an allocation each
        set.clear();
        for (const Locator& l : locs)
            set.push_back(Rloc::of(l));
        n = last_rlocs_ = rloc_pool_.acquire(set);
    }
    if (slot != kNone) rloc_pool_.release(slot);
    slot = n;
}

void Tracker::set_ids(Entry& e, const SiteIds& ids) {
    if (e.ids != kNone && id_pool_.get(e.ids) == ids) return;
    std::uint32_t n = id_pool_.acquire(ids);
    if (e.ids != kNone) id_pool_.release(e.ids);
    e.ids = n;
}

const RlocSet& Tracker::rlocs(std::uint32_t n) const {
    static const RlocSet kEmpty;
    return n == kNone ? kEmpty : rloc_pool_.get(n);
}

const SiteIds& Tracker::ids(std::uint32_t n) const {
    static const SiteIds kAbsent;
    return n == kNone ? kAbsent : id_pool_.get(n);
}

namespace {

// What pending_keys() / pending_count() and unanswered_refresh_keys() / unanswered_refresh_count() select.
bool is_pending(const Entry& e) {
    return e.pending_first != kNone;
}
bool refresh_unanswered(const Entry& e) {
    return e.refresh_mark != kNone;
}

}  // namespace

std::vector<Key> Tracker::keys_where(bool (*selects)(const Entry&)) const {
    std::vector<Key> out;
    for (const auto& [key, e] : table_)
        if (selects(e)) out.push_back(key);
    return out;
}

std::size_t Tracker::count_where(bool (*selects)(const Entry&)) const {
    const auto entries = table_.entries();
    return static_cast<std::size_t>(std::count_if(entries.begin(), entries.end(),
                                                  [selects](const auto& kv) { return selects(kv.second); }));
}

std::vector<Key> Tracker::pending_keys() const {
    return keys_where(is_pending);
}
std::size_t Tracker::pending_count() const {
    return count_where(is_pending);
}
std::vector<Key> Tracker::unanswered_refresh_keys() const {
    return keys_where(refresh_unanswered);
}
std::size_t Tracker::unanswered_refresh_count() const {
    return count_where(refresh_unanswered);
}

}  // namespace msrt::session
