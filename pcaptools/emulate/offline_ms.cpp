#include "emulate/offline_ms.hpp"

#include <algorithm>

#include "emulate/conversation.hpp"
#include "emulate/describe.hpp"
#include "msrt/codec.hpp"
#include "msrt/session/refresh_scope.hpp"

namespace msrt::cli {
namespace {

using emulation::MsAction;

emulation::Peer peer_of(const Endpoint& e) {
    return emulation::Peer{e.ip, e.port};
}

// The model answers a fraction of a millisecond after what caused it, in the written conversation.
constexpr Micros kModelDelay = 200;

}  // namespace

OfflineMs::OfflineMs(std::vector<emulation::TimedPolicy> schedule, DifferenceReport& report,
                     ConversationSink* out)
    : schedule_(std::move(schedule)), report_(report), out_(out) {}

Micros OfflineMs::policy_time(const emulation::TimedPolicy& p) const {
    return p.absolute ? p.at : first_packet_ + p.at;
}

void OfflineMs::apply_schedule(Server& srv, Micros t) {
    while (srv.next_policy < schedule_.size() && t >= policy_time(schedule_[srv.next_policy]))
        srv.model.replace_policy(schedule_[srv.next_policy++].policy);
}

OfflineMs::Server& OfflineMs::server_for(const Endpoint& ms, Micros t) {
    auto& srv = servers_[ms.ip];
    // One model per Map-Server address: each holds its own registrations.
    if (!srv) srv = std::make_unique<Server>(Server{emulation::MapServerModel(schedule_.front().policy), 1});
    apply_schedule(*srv, t);
    return *srv;
}

void OfflineMs::on_session_open(const SessionInfo& info, SessionStart how, const PacketRef& at) {
    ++sessions_seen_;
    Server& srv = server_for(info.ms, at.time);
    Session& s = sessions_[info.id];
    s.server = &srv;
    s.mid_stream = how == SessionStart::MidStream;
    s.sid = srv.model.accept(peer_of(info.etr), at.time);
    if (out_) out_->session_open(info, at.time);
    // Mid-stream, the opening Refresh happened before the capture: nothing to expect from it.
    collect(s, info, at, 0, !s.mid_stream);
}

void OfflineMs::collect(Session& s, const SessionInfo& info, const PacketRef& trigger,
                        std::uint32_t trigger_id, bool expect_sends) {
    for (MsAction& a : s.server->model.take_actions()) {
        if (a.type != MsAction::Type::Send || !expect_sends) continue;
        if (out_) out_->message(info, Direction::MsToEtr, trigger.time + kModelDelay, a.bytes);
        s.expect.push(std::move(a.message), trigger.frame, trigger_id, trigger.time);
    }
}

void OfflineMs::on_message(const SessionInfo& info, Direction d, const PacketRef& at, ByteView message,
                           std::uint64_t) {
    auto it = sessions_.find(info.id);
    if (it == sessions_.end()) return;
    Session& s = it->second;
    if (d == Direction::EtrToMs) {
        apply_schedule(*s.server, at.time);
        if (out_) out_->message(info, d, at.time, message);
        s.server->model.on_message(s.sid, message, at.time);
        return collect(s, info, at, message_id(message), true);
    }
    Result<Message> m = decode_message(message, *s.server->model.policy().profile);
    if (!m) return report_.note(info.id, "frame " + std::to_string(at.frame) + ": " + m.error().str());
    ++compared_;
    compare(s, info, at, *m);
}

void OfflineMs::on_framing_error(const SessionInfo& info, Direction d, const PacketRef& at,
                                 const FramingError& e) {
    auto it = sessions_.find(info.id);
    if (it == sessions_.end() || d != Direction::EtrToMs) return;
    it->second.server->model.on_framing_error(it->second.sid, e, {}, at.time);
    collect(it->second, info, at, 0, true);
}

void OfflineMs::on_gap(const SessionInfo& info, Direction d, const PacketRef&, std::uint64_t, std::uint64_t) {
    auto it = sessions_.find(info.id);
    if (it == sessions_.end()) return;
    (d == Direction::EtrToMs ? it->second.gap_etr : it->second.gap_ms) = true;
}

void OfflineMs::on_udp_lisp(const UdpLisp& u, const PacketRef& at) {
    Result<MapRegister> m = decode_map_register(u.payload);
    if (!m || m->is_notify()) return;
    // UDP answers are not compared; the registrations shape the model's state (soft state, site room).
    Server& srv = server_for(u.dst, at.time);
    srv.model.on_udp(peer_of(u.src), u.payload, at.time);
    srv.model.take_actions();
    if (out_) out_->udp(u.src, u.dst, at.time, u.payload);
}

void OfflineMs::on_session_close(const SessionInfo& info, SessionEnd how, const PacketRef& at) {
    auto it = sessions_.find(info.id);
    if (it == sessions_.end()) return;
    Session& s = it->second;
    // What the model still expects was never sent, unless the capture lost it or stopped before it.
    bool verifiable = !s.gap_ms && how != SessionEnd::CaptureEnd;
    std::set<Eid> unanswered;  // the Mapping Notification of a missing ACK is part of the same difference
    for (Expected& e : s.expect.drain()) {
        if (e.slot == Slot::Notification && e.key && unanswered.count(*e.key)) continue;
        if (e.slot == Slot::Answer && e.key) unanswered.insert(*e.key);
        Difference d = difference(info, Difference::Kind::Missing, at, nullptr);
        d.frame = 0;
        d.trigger_frame = e.trigger_frame;
        d.trigger_id = e.trigger_id;
        d.verifiable = verifiable;
        d.what = std::string(kind_name(e.message.kind)) + (e.key ? " " + e.key->str() : "");
        d.eid = e.key ? e.key->str() : "";
        d.expected = describe(e.message, *s.server->model.policy().profile);
        s.found.push_back(std::move(d));
    }
    s.server->model.on_session_closed(s.sid, at.time);
    s.server->model.take_actions();
    if (out_) out_->session_close(info, at.time);
    report_.add_session(s.found, s.gap_etr || s.mid_stream, s.gap_ms);
    sessions_.erase(it);
}

void OfflineMs::compare(Session& s, const SessionInfo& info, const PacketRef& at, const Message& actual) {
    Slot slot = slot_of(actual.kind);
    std::optional<Eid> key = message_eid(actual);
    if (slot == Slot::Notification && key && s.folded.erase(*key)) return;
    std::optional<Expected> e;
    // Of several answers expected for one key, the one this answer fulfils exactly is the likeliest.
    if (slot == Slot::Answer) e = s.expect.take_same(actual);
    if (slot == Slot::Answer && !e) e = s.expect.take(slot, key, s.last_answer);
    if (slot == Slot::Answer && e) s.last_answer = e->seq;
    if (slot == Slot::Notification)
        e = s.expect.take(slot, key);
    else if (slot == Slot::Refresh || slot == Slot::Error)
        e = s.expect.take(slot, std::nullopt);
    if (!e) return unsolicited(s, info, at, actual);
    if (slot == Slot::Answer) return compare_answer(s, info, at, *e, actual);
    if (slot == Slot::Notification) return compare_notification(s, info, at, *e, actual);
    if (same_body(e->message, actual)) return;
    Difference d = difference(info, Difference::Kind::Different, at, &actual);
    d.trigger_frame = e->trigger_frame;
    d.trigger_id = e->trigger_id;
    d.what = std::string(kind_name(actual.kind));
    d.expected = describe(e->message, *s.server->model.policy().profile);
    s.found.push_back(std::move(d));
}

void OfflineMs::unsolicited(Session& s, const SessionInfo& info, const PacketRef& at, const Message& actual) {
    Slot slot = slot_of(actual.kind);
    if (slot != Slot::Answer && slot != Slot::Notification) {
        // A Map-Server may refresh or complain at any time (spec 6.3); membership is not emulated.
        if (slot != Slot::Other)
            report_.note(info.id, "frame " + std::to_string(at.frame) + ": " +
                                      describe(actual, *s.server->model.policy().profile) +
                                      " (not caused by anything the model saw)");
        return;
    }
    Difference d = difference(info, Difference::Kind::Extra, at, &actual);
    std::optional<Eid> key = message_eid(actual);
    d.what = std::string(kind_name(actual.kind)) + (key ? " " + key->str() : "");
    d.eid = key ? key->str() : "";
    // Its Registration may be among what the capture lost, or before a mid-stream start.
    d.verifiable = !s.gap_etr && !s.mid_stream;
    s.found.push_back(std::move(d));
}

void OfflineMs::compare_answer(Session& s, const SessionInfo& info, const PacketRef& at, const Expected& e,
                               const Message& actual) {
    const Profile& p = *s.server->model.policy().profile;
    const auto* model_nack = e.message.as<RegistrationNack>();
    const auto* real_nack = actual.as<RegistrationNack>();
    std::string what;
    if (!model_nack != !real_nack) {
        what = "answer to the Registration of " + e.key->str();
        // The Mapping Notification that goes with an ACK is part of this same difference.
        if (!model_nack)
            s.expect.take(Slot::Notification, e.key);
        else
            s.folded.insert(*e.key);
    } else if (model_nack && model_nack->reason != real_nack->reason) {
        what = "NACK reason for " + e.key->str();
    } else {
        return;
    }
    Difference d = difference(info, Difference::Kind::Different, at, &actual);
    d.trigger_frame = e.trigger_frame;
    d.trigger_id = e.trigger_id;
    d.what = what;
    d.eid = e.key->str();
    d.expected = describe(e.message, p);
    d.actual = describe(actual, p);
    s.found.push_back(std::move(d));
}

void OfflineMs::compare_notification(Session& s, const SessionInfo& info, const PacketRef& at,
                                     const Expected& e, const Message& actual) {
    const auto& m = *e.message.as<MappingNotification>();
    const auto& r = *actual.as<MappingNotification>();
    std::string diff = record_difference(m.record, r.record);
    if (m.xtr_id != r.xtr_id) diff += (diff.empty() ? "" : "; ") + std::string("xTR-ID differs");
    if (m.site_id != r.site_id) diff += (diff.empty() ? "" : "; ") + std::string("site ID differs");
    if (diff.empty()) return;
    Difference d = difference(info, Difference::Kind::Different, at, &actual);
    d.trigger_frame = e.trigger_frame;
    d.trigger_id = e.trigger_id;
    d.what = "Mapping Notification contents for " + e.key->str() + ": " + diff;
    d.eid = e.key->str();
    d.expected = describe(e.message, *s.server->model.policy().profile);
    s.found.push_back(std::move(d));
}

}  // namespace msrt::cli
