// The `msrt events` lines the collector builds from each message and its tracker Note.
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

void describe(const Message& m, const Profile& p, Event& e) {
    if (const auto* r = m.as<Registration>()) {
        const MapRegister& mr = r->map_register;
        if (mr.records.size() == 1) {
            const EidRecord& rec = mr.records[0];
            e.detail = rec.ttl == 0 ? "withdraw"
                                    : "TTL " + std::to_string(rec.ttl) + " min, " +
                                          std::to_string(rec.locators.size()) + " locator(s)";
        } else {
            e.detail = std::to_string(mr.records.size()) + " records";
        }
    } else if (const auto* n = m.as<RegistrationNack>()) {
        e.extra.emplace_back("reason", reason_text(p, n->reason));
        e.detail = "reason " + reason_text(p, n->reason);
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

Event Collector::event(const SessionState* s, const PacketRef& at, const char* name) const {
    Event e;
    e.at = at.time;
    e.frame = at.frame;
    e.session = s;
    e.name = name;
    return e;
}

void Collector::message_events(const SessionState& s, const Message& m, const session::Note& n, Direction d,
                               const PacketRef& at) {
    Event e = event(&s, at, kind_key(m.kind).data());
    e.dir = d;
    if (!m.header.short_form) e.id = m.header.id;
    std::optional<Eid> key = message_eid(m);
    if (key) e.eid = iid_eid_text(session::Key::of(*key));
    describe(m, *profile_, e);
    if (n.request_time) e.latency = at.time - *n.request_time;
    e.answers = n.answers_id;
    if (n.answers) {
        if (const auto* entry = s.tracker.table().find(session::Key::of(*key)))
            e.extra.emplace_back("status", session::status_key(entry->second.status));
    }
    if (n.refresh && m.kind == Kind::RegistrationRefresh)
        e.extra.emplace_back("marked", std::to_string(s.tracker.refreshes()[*n.refresh].marked));
    if (n.caused_by) e.extra.emplace_back("answers_refresh", std::to_string(*n.refresh));
    emit(e);
    if (n.expected_id) {
        bool forward = m.header.id - *n.expected_id < 0x80000000u;  // same rule as the tracker's
        Event g = event(&s, at, forward ? "id_gap" : "id_repeat");
        g.dir = d;
        g.id = m.header.id;
        g.expected = *n.expected_id;
        emit(g);
    }
    if (n.unmatched || n.wrong_direction) {
        Event u = event(&s, at, n.wrong_direction ? "wrong_direction" : "unmatched");
        u.dir = d;
        u.id = e.id;
        u.eid = e.eid;
        u.detail = std::string(kind_key(m.kind));
        emit(u);
    }
}

void Collector::end_events(const SessionState& s, const PacketRef& at) {
    const session::Tracker& t = s.tracker;
    for (const session::Key& k : t.pending_keys()) {
        Event e = event(&s, at, "registration_unanswered");
        e.eid = iid_eid_text(k);
        emit(e);
    }
    for (const session::Key& k : t.unanswered_refresh_keys()) {
        Event e = event(&s, at, "refresh_unanswered");
        e.eid = iid_eid_text(k);
        emit(e);
    }
    Event c = event(&s, at, "session_close");
    static constexpr const char* kHow[] = {"fin", "rst", "capture_end"};
    c.detail = kHow[static_cast<int>(s.end_how.value_or(SessionEnd::CaptureEnd))];
    c.extra.emplace_back("end_reason", c.detail);
    emit(c);
    if (!s.lost()) return;
    for (const auto& [key, e] : t.table()) {
        if (e.status != session::Status::Registered) continue;
        Event o = event(&s, at, "orphaned");
        o.eid = iid_eid_text(key);
        o.extra.emplace_back("expires", epoch_text(session::orphan_expiry(e, s.end)));
        emit(o);
    }
}

}  // namespace msrt::cli
