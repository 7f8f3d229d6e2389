// Registration -> Pending; ACK/NACK pair FIFO per key (spec 2.7, 6.4); Mapping Notification links to its ACK.
#include "msrt/session/tracker.hpp"

namespace msrt::session {

void Tracker::on_registration(const Registration& r, const Context& c) {
    // One record per Registration is the Cisco habit; several are answered record by record (spec 9 item 15).
    for (const EidRecord& rec : r.map_register.records)
        on_record(rec, r.map_register, c);
}

void Tracker::on_record(const EidRecord& rec, const MapRegister& mr, const Context& c) {
    Key key = Key::of(rec.eid, rec.mask_len);
    Entry& e = table_[slot(key)].second;
    e.sent_at = c.t;
    e.ttl = rec.ttl;
    e.t_bit = mr.flag(wire::lisp::kRegT);
    e.notified = false;
    set_rlocs(e.rlocs, rec.locators);
    set_ids(e, SiteIds{mr.has_ids, mr.xtr_id, mr.site_id});
    set_status(e, Status::Pending);
    link_refresh(key, e, c);
    Pending& p = push_pending(e);
    p.index = c.note.index;
    p.id = c.m.header.id;
    p.frame = c.frame;
    p.time = c.t;
    p.withdraw = rec.ttl == 0;
}

// A plain AFI and an IID-0 LCAF are the same key (spec 2.4).
void Tracker::on_answer(const Key& key, std::optional<std::uint8_t> nack_reason, const Context& c) {
    last_answered_ = slot(key);
    Entry& e = table_[last_answered_].second;
    e.answered_at = c.t;
    e.answer_index = c.note.index;
    e.reason = nack_reason;
    e.notified = false;
    if (e.pending_first == kNone) {
        // Nothing pending: the Registration is not in the capture, or the MS answered twice. The answer
        // still tells what the MS decided, so the entry follows it.
        c.note.unmatched = true;
        set_status(e, nack_reason ? Status::Rejected : Status::Registered);
        return;
    }
    Pending p = pop_pending(e);
    bool more = e.pending_first != kNone;  // a newer Registration of the key awaits its own answer
    c.note.answers = p.index;
    c.note.answers_id = p.id;
    c.note.request_time = p.time;
    if (keep_log_) log_[p.index].answered_by = c.note.index;
    Status outcome = nack_reason ? Status::Rejected : (p.withdraw ? Status::Withdrawn : Status::Registered);
    set_status(e, more ? Status::Pending : outcome);
}

void Tracker::on_notification(const MappingNotification& n, const Context& c) {
    Key key = Key::of(n.record.eid, n.record.mask_len);
    bool last = last_answered_ != kNone && table_[last_answered_].first == key;
    Index i = last ? last_answered_ : table_.index_of(key);
    // Informational (spec 9 item 22): it never creates state, but it may concern another xTR's mapping.
    if (i == kNone) {
        c.note.unmatched = true;
        return;
    }
    Entry& e = table_[i].second;
    set_rlocs(e.ms_rlocs, n.record.locators);
    bool after_ack = e.answer_index != kNone && !e.reason && !e.notified;
    if (!after_ack) {
        c.note.unmatched = true;
        return;
    }
    e.notified = true;
    c.note.follows_ack = e.answer_index;
    if (keep_log_) log_[e.answer_index].notified_by = c.note.index;
    // Only an unmatched ACK created this entry: the notification is the only locator set we know.
    if (e.rlocs == kNone) {
        set_rlocs(e.rlocs, n.record.locators);
        set_ids(e, SiteIds{true, n.xtr_id, n.site_id});
    }
}

}  // namespace msrt::session
