#include "emulate/offline_etr.hpp"

#include <algorithm>

#include "emulate/conversation.hpp"
#include "emulate/describe.hpp"
#include "msrt/codec.hpp"

namespace msrt::cli {
namespace {

using emulation::EtrAction;
using emulation::KeyStatus;

constexpr Micros kModelDelay = 200;

bool same_mapping(const emulation::Mapping& m, const EidRecord& rec) {
    return rec.ttl != 0 && m.ttl == rec.ttl && m.locators == rec.locators;
}

}  // namespace

OfflineEtr::OfflineEtr(emulation::EtrConfig config, DifferenceReport& report, ConversationSink* out)
    : config_(std::move(config)), report_(report), out_(out) {}

emulation::EtrModel& OfflineEtr::model_for(const SessionInfo& info) {
    auto& m = models_[{info.etr.ip, info.ms.ip}];
    if (!m) m = std::make_unique<emulation::EtrModel>(config_);
    return *m;
}

void OfflineEtr::on_session_open(const SessionInfo& info, SessionStart how, const PacketRef& at) {
    ++sessions_seen_;
    Session& s = sessions_[info.id];
    s.model = &model_for(info);
    s.mid_stream = how == SessionStart::MidStream;
    // Local changes made while no session was up show only in the UDP Map-Registers before this one.
    if (auto a = announced_.find({info.etr.ip, info.ms.ip}); a != announced_.end()) {
        s.model->adopt_mappings(a->second);
        announced_.erase(a);
    }
    s.model->on_connected(at.time);
    s.model->take_actions();
    if (out_) out_->session_open(info, at.time);
}

void OfflineEtr::collect(Session& s, const SessionInfo& info, const PacketRef& trigger,
                         std::uint32_t trigger_id) {
    for (EtrAction& a : s.model->take_actions()) {
        if (a.type != EtrAction::Type::Send) continue;
        if (out_) out_->message(info, Direction::EtrToMs, trigger.time + kModelDelay, a.bytes);
        s.expect.push(std::move(a.message), trigger.frame, trigger_id, trigger.time);
    }
}

void OfflineEtr::on_message(const SessionInfo& info, Direction d, const PacketRef& at, ByteView message,
                            std::uint64_t) {
    auto it = sessions_.find(info.id);
    if (it == sessions_.end()) return;
    Session& s = it->second;
    expire(s, info, at);
    if (d == Direction::MsToEtr) {
        if (out_) out_->message(info, d, at.time, message);
        s.model->on_message(message, at.time);
        return collect(s, info, at, message_id(message));
    }
    Result<Message> m = decode_message(message, *config_.profile);
    if (!m) return report_.note(info.id, "frame " + std::to_string(at.frame) + ": " + m.error().str());
    ++compared_;
    if (m->kind == Kind::Registration) return on_registration(s, info, at, *m);
    if (m->kind != Kind::Unknown && !is_membership(m->kind))
        report_.note(info.id, "frame " + std::to_string(at.frame) + ": " + describe(*m, *config_.profile));
}

void OfflineEtr::on_registration(Session& s, const SessionInfo& info, const PacketRef& at, const Message& m) {
    for (const EidRecord& rec : m.as<Registration>()->map_register.records)
        compare_record(s, info, at, m, rec);
}

void OfflineEtr::compare_record(Session& s, const SessionInfo& info, const PacketRef& at, const Message& m,
                                const EidRecord& rec) {
    Eid key = rec.key();
    std::optional<Expected> e = s.expect.take(Slot::Registration, key);
    if (e) {
        const EidRecord& model = e->message.as<Registration>()->map_register.records.front();
        std::string diff = record_difference(model, rec);
        if (diff.empty()) return;
        Difference d = difference(info, Difference::Kind::Different, at, &m);
        d.trigger_frame = e->trigger_frame;
        d.trigger_id = e->trigger_id;
        d.what = "Registration contents for " + key.str() + ": " + diff;
        d.eid = key.str();
        d.expected = describe(e->message, *config_.profile);
        return s.found.push_back(std::move(d));
    }
    // Not asked for: a local change, which the model adopts. One that changes nothing had no reason to be
    // sent.
    auto mapping = s.model->mappings().find(key);
    auto known = s.model->table().find(key);
    bool settled = known != s.model->table().end() && (known->second.status == KeyStatus::Registered ||
                                                       known->second.status == KeyStatus::Rejected);
    if (mapping != s.model->mappings().end() && settled && same_mapping(mapping->second, rec)) {
        Difference d = difference(info, Difference::Kind::Extra, at, &m);
        d.what = "Registration of " + key.str() + " that no Refresh asked for and that changes nothing";
        d.eid = key.str();
        d.verifiable = !s.gap_ms && !s.mid_stream;
        s.found.push_back(std::move(d));
    }
    s.model->observe_registration(rec, at.time);
    s.model->take_actions();
}

void OfflineEtr::on_gap(const SessionInfo& info, Direction d, const PacketRef&, std::uint64_t,
                        std::uint64_t) {
    auto it = sessions_.find(info.id);
    if (it == sessions_.end()) return;
    (d == Direction::EtrToMs ? it->second.gap_etr : it->second.gap_ms) = true;
}

void OfflineEtr::on_udp_lisp(const UdpLisp& u, const PacketRef& at) {
    if (out_) out_->udp(u.src, u.dst, at.time, u.payload);
    Result<MapRegister> m = decode_map_register(u.payload);
    if (!m || m->is_notify()) return;
    auto& records = announced_[{u.src.ip, u.dst.ip}];
    records.insert(records.end(), m->records.begin(), m->records.end());
}

// One difference per Refresh: the Registrations it asked for that never came.
void OfflineEtr::report_missing(Session& s, const SessionInfo& info, const PacketRef& at,
                                std::deque<Expected> gone, bool verifiable) {
    std::map<std::uint64_t, Difference> by_refresh;
    for (Expected& e : gone) {
        auto [it, fresh] = by_refresh.try_emplace(e.trigger_frame);
        Difference& d = it->second;
        if (fresh) {
            d = difference(info, Difference::Kind::Missing, at, nullptr);
            d.frame = 0;
            d.trigger_frame = e.trigger_frame;
            d.trigger_id = e.trigger_id;
            d.verifiable = verifiable;
            d.what = "Registrations asked for by a Refresh:";
        }
        d.what += " " + (e.key ? e.key->str() : std::string("?"));
        d.expected += (d.expected.empty() ? "" : "; ") + describe(e.message, *config_.profile);
    }
    for (auto& [frame, d] : by_refresh)
        s.found.push_back(std::move(d));
}

// An ETR answers a Refresh at once: what it has not sent within the window it will not send. The model takes
// those Registrations back, so that its view of what is rejected stays the real ETR's (docs/emulation.md).
void OfflineEtr::expire(Session& s, const SessionInfo& info, const PacketRef& at) {
    std::deque<Expected> gone = s.expect.take_older(at.time - config_.refresh_window);
    if (gone.empty()) return;
    for (const Expected& e : gone)
        if (e.key) s.model->retract(*e.key);
    report_missing(s, info, at, std::move(gone), !s.gap_etr);
}

void OfflineEtr::on_session_close(const SessionInfo& info, SessionEnd how, const PacketRef& at) {
    auto it = sessions_.find(info.id);
    if (it == sessions_.end()) return;
    Session& s = it->second;
    bool verifiable = !s.gap_etr && how != SessionEnd::CaptureEnd;
    report_missing(s, info, at, s.expect.drain(), verifiable);
    s.model->on_closed(at.time);
    s.model->take_actions();
    if (out_) out_->session_close(info, at.time);
    report_.add_session(s.found, s.gap_ms || s.mid_stream, s.gap_etr);
    sessions_.erase(it);
}

}  // namespace msrt::cli
