// The `msrt events` lines the collector builds from each message and its tracker Note.
#include "common/json.hpp"
#include "msrt/codec.hpp"
#include "msrt/session/registry.hpp"
#include "sessions/collector.hpp"
#include "sessions/session_report.hpp"
#include "sessions/time_text.hpp"

namespace msrt::cli {
namespace {

std::string reason_text(const Profile& p, std::uint8_t code) {
    const auto* r = p.reason(code);
    return r ? r->key : "unknown_" + std::to_string(code);
}

// Appended piece by piece: a Registration's line is built for every one of millions, and each temporary
// string of a concatenation was an allocation.
void describe_registration(const MapRegister& mr, std::string& detail) {
    if (mr.records.size() != 1) {
        append_json_uint(detail, mr.records.size());
        detail += " records";
        return;
    }
    const EidRecord& rec = mr.records[0];
    if (rec.ttl == 0) {
        detail += "withdraw";
        return;
    }
    detail += "TTL ";
    append_json_uint(detail, rec.ttl);
    detail += " min, ";
    append_json_uint(detail, rec.locators.size());
    detail += " locator(s)";
}

void describe(const Message& m, const Profile& p, Event& e) {
    if (const auto* r = m.as<Registration>()) {
        describe_registration(r->map_register, e.detail);
    } else if (const auto* n = m.as<RegistrationNack>()) {
        e.extra.emplace_back("reason", reason_text(p, n->reason));
        e.detail = "reason " + e.extra.back().second;
    } else if (const auto* f = m.as<RegistrationRefresh>()) {
        e.extra.emplace_back("scope", std::to_string(f->scope));
        e.extra.emplace_back("rejected_only", f->rejected_only() ? "1" : "0");
        e.detail = session::RefreshScope::of(*f, p).str();
    } else if (const auto* x = m.as<ErrorNotification>()) {
        e.detail = "code " + std::to_string(x->code) + " about type " + std::to_string(x->offending_type) +
                   " id " + std::to_string(x->offending_id);
    }
}

}  // namespace

void Event::reset(const SessionInfo* s, const PacketRef& where, const char* event_name) {
    at = where.time;
    frame = where.frame;
    session = s;
    name = event_name;
    dir.reset();
    id.reset();
    eid.clear();
    answers.reset();
    latency.reset();
    expected.reset();
    octets.reset();
    offset.reset();
    detail.clear();
    address.clear();
    extra.clear();
}

Event& Collector::event(const SessionInfo* s, const PacketRef& at, const char* name) {
    event_.reset(s, at, name);
    return event_;
}

void Collector::message_events(const SessionState& s, const SessionInfo& info, const Message& m,
                               const session::Note& n, Direction d, const PacketRef& at) {
    Event& e = event(&info, at, kind_key(m.kind).data());
    e.dir = d;
    if (!m.header.short_form) e.id = m.header.id;
    std::optional<session::Key> key;
    if (std::optional<Eid> eid = message_eid(m)) key = session::Key::of(*eid);
    if (key) append_iid_eid(e.eid, *key);
    describe(m, *profile_, e);
    if (n.request_time) e.latency = at.time - *n.request_time;
    e.answers = n.answers_id;
    if (n.answers && key) {
        if (const auto* entry = s.tracker.table().find(*key))
            e.extra.emplace_back("status", session::status_key(entry->second.status));
    }
    if (n.refresh && m.kind == Kind::RegistrationRefresh)
        e.extra.emplace_back("marked", std::to_string(s.tracker.refreshes()[*n.refresh].marked));
    if (n.caused_by) e.extra.emplace_back("answers_refresh", std::to_string(*n.refresh));
    emit(e);
    // The rarer events that follow a message's own are built beside it: the last needs its ID and EID.
    if (n.expected_id) {
        bool forward = m.header.id - *n.expected_id < 0x80000000u;  // same rule as the tracker's
        side_event_.reset(&info, at, forward ? "id_gap" : "id_repeat");
        side_event_.dir = d;
        side_event_.id = m.header.id;
        side_event_.expected = *n.expected_id;
        emit(side_event_);
    }
    if (n.unmatched || n.wrong_direction) {
        side_event_.reset(&info, at, n.wrong_direction ? "wrong_direction" : "unmatched");
        side_event_.dir = d;
        side_event_.id = e.id;
        side_event_.eid = e.eid;
        side_event_.detail = kind_key(m.kind);
        emit(side_event_);
    }
}

void Collector::end_events(const SessionState& s, const SessionInfo& info, const PacketRef& at) {
    const session::Tracker& t = s.tracker;
    for (const session::Key& k : t.pending_keys()) {
        Event& e = event(&info, at, "registration_unanswered");
        append_iid_eid(e.eid, k);
        emit(e);
    }
    for (const session::Key& k : t.unanswered_refresh_keys()) {
        Event& e = event(&info, at, "refresh_unanswered");
        append_iid_eid(e.eid, k);
        emit(e);
    }
    Event& c = event(&info, at, "session_close");
    static constexpr const char* kHow[] = {"fin", "rst", "capture_end"};
    c.detail = kHow[static_cast<int>(s.end_how.value_or(SessionEnd::CaptureEnd))];
    c.extra.emplace_back("end_reason", c.detail);
    emit(c);
    if (!s.lost()) return;
    for (const auto& [key, e] : t.table()) {
        if (e.status != session::Status::Registered) continue;
        Event& o = event(&info, at, "orphaned");
        append_iid_eid(o.eid, key);
        o.extra.emplace_back("expires", epoch_text(session::orphan_expiry(e, s.end)));
        emit(o);
    }
}

}  // namespace msrt::cli
