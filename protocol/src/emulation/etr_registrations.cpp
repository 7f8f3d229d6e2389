// The ETR model's registrations: what it sends, how a Refresh selects, and what ACK/NACK/Mapping
// Notification change (spec 6.2, 6.4, 6.6).
#include "msrt/codec.hpp"
#include "msrt/emulation/etr_model.hpp"
#include "msrt/session/refresh_scope.hpp"

namespace msrt::emulation {

Message EtrModel::registration_for(const Mapping& m, bool withdraw) const {
    // One record per Registration, authenticated, xTR-ID appended, UDP nonce reused (Cisco, spec 2.5 type
    // 17).
    RegisterHeader h;
    h.flags = wire::lisp::kRegM;
    h.nonce = nonce_;
    h.key_id = config_.key_id;
    h.alg_id = config_.alg_id;
    h.xtr_id = config_.xtr_id;
    h.site_id = config_.site_id;
    // A withdrawal is the record with TTL 0 and no locators (spec 6.5, 9 item 16).
    std::vector<EidRecord> records{withdraw ? make_record(m.eid, {}, 0)
                                            : make_record(m.eid, m.locators, m.ttl)};
    return make_registration(signed_register(h, records, m.key.value_or(config_.key)));
}

void EtrModel::send_registration(const Mapping& m, bool withdraw, Micros now) {
    Message msg = registration_for(m, withdraw);
    Bytes b = stamp(msg, ids_, *config_.profile);
    act(EtrAction::Type::Send, std::move(b), std::move(msg));
    note_sent(m.eid, withdraw, now);
}

void EtrModel::note_sent(const Eid& key, bool withdraw, Micros now) {
    EtrKey& k = table_[key];
    if (pending_ == 0) progress_at_ = now;  // the answer clock starts with the first outstanding one
    k.inflight.push_back(InFlight{withdraw, k.status});
    k.status = KeyStatus::Pending;
    k.sent_at = now;
    ++pending_;
    ++counters_.registrations;
}

void EtrModel::observe_registration(const EidRecord& rec, Micros now) {
    Eid key = rec.key();
    bool withdraw = rec.ttl == 0;
    if (withdraw)
        mappings_.erase(key);
    else
        mappings_[key] = Mapping{key, rec.locators, rec.ttl, std::nullopt, rec};
    note_sent(key, withdraw, now);
}

void EtrModel::adopt_mappings(const std::vector<EidRecord>& announced) {
    std::map<Eid, const EidRecord*> keys;
    for (const EidRecord& r : announced)
        if (r.ttl != 0) keys[r.key()] = &r;
    std::erase_if(mappings_, [&keys](const auto& m) { return keys.count(m.first) == 0; });
    for (const auto& [key, rec] : keys)
        if (!mappings_.count(key)) mappings_[key] = Mapping{key, rec->locators, rec->ttl, std::nullopt, *rec};
}

void EtrModel::retract(const Eid& key) {
    auto it = table_.find(key);
    if (it == table_.end() || it->second.inflight.empty()) return;
    it->second.status = it->second.inflight.back().before;
    it->second.inflight.pop_back();
    --pending_;
    --counters_.registrations;
}

void EtrModel::set_mapping(Mapping m, Micros now) {
    if (m.locators.empty()) m.locators = config_.rlocs;
    log("local change: map " + m.eid.str());
    mappings_[m.eid] = m;
    table_[m.eid];
    if (connected()) send_registration(m, false, now);
}

void EtrModel::withdraw(const Eid& eid, Micros now) {
    auto it = mappings_.find(eid);
    if (it == mappings_.end()) return log("local change: withdraw " + eid.str() + ", which is not mapped");
    Mapping m = it->second;
    mappings_.erase(it);
    log("local change: withdraw " + eid.str());
    if (connected())
        send_registration(m, true, now);
    else
        table_[eid].status = KeyStatus::Withdrawn;
}

void EtrModel::on_message(ByteView bytes, Micros now) {
    Result<Message> m = decode_message(bytes, *config_.profile);
    if (!m) return log("undecodable message from the Map-Server: " + m.error().str());
    if (const auto* f = m->as<RegistrationRefresh>()) return on_refresh(*f, now);
    if (const auto* a = m->as<RegistrationAck>()) return on_answer(a->eid.key(), std::nullopt, now);
    if (const auto* n = m->as<RegistrationNack>()) {
        const auto* r = config_.profile->reason(n->reason);
        return on_answer(n->eid.key(), r ? r->value : NackReason::Unspecified, now);
    }
    if (const auto* n = m->as<MappingNotification>()) return on_notification(*n);
    if (const auto* e = m->as<ErrorNotification>()) return on_error(*e, now);
    log("ignored " + std::string(kind_name(m->kind)) + " from the Map-Server");
}

void EtrModel::on_refresh(const RegistrationRefresh& f, Micros now) {
    session::RefreshScope scope = session::RefreshScope::of(f, *config_.profile);
    ++counters_.refreshes;
    refreshed_ = true;
    progress_at_ = now;
    if (!scope.scope) return log("Refresh with an unknown scope ignored");
    std::vector<const Mapping*> chosen;
    for (const auto& [eid, m] : mappings_) {
        if (!scope.covers(eid)) continue;
        // R = 1 asks only for what the Map-Server rejected last (spec 2.5 type 20, 6.6).
        if (scope.rejected_only && table_[eid].status != KeyStatus::Rejected) continue;
        chosen.push_back(&m);
    }
    log("Refresh, " + scope.str() + ": re-sending " + std::to_string(chosen.size()) + " registration(s)");
    for (const Mapping* m : chosen)
        send_registration(*m, false, now);
    settle(now);
}

void EtrModel::on_answer(const Eid& key, std::optional<NackReason> nack, Micros now) {
    auto it = table_.find(key);
    if (it == table_.end() || it->second.inflight.empty())
        return log("answer for " + key.str() + ", which has nothing pending");
    EtrKey& k = it->second;
    bool withdrawal = k.inflight.front().withdrawal;
    k.inflight.erase(k.inflight.begin());
    --pending_;
    progress_at_ = now;
    k.answered_at = now;
    // A key keeps its Pending status until the newest of its Registrations is answered.
    bool last = k.inflight.empty();
    if (nack) {
        ++counters_.nacks;
        if (last) k.status = KeyStatus::Rejected;
        k.reason = nack;
    } else {
        ++counters_.acks;
        if (last) k.status = withdrawal ? KeyStatus::Withdrawn : KeyStatus::Registered;
        k.reason.reset();
        if (withdrawal) k.ms_view.reset();
    }
    settle(now);
}

void EtrModel::on_notification(const MappingNotification& n) {
    ++counters_.notifications;
    auto it = table_.find(n.record.key());
    if (it == table_.end()) return log("Mapping Notification for unknown " + n.record.key().str());
    it->second.ms_view = n.record;
}

void EtrModel::on_error(const ErrorNotification& e, Micros now) {
    const auto* c = config_.profile->error_code(e.code);
    log("Error Notification from the Map-Server: " + std::string(c ? c->key : "unknown code"));
    bool framing = c && (c->value == ErrorCode::BadLength || c->value == ErrorCode::BadEndMarker);
    if (framing) drop_session(now, "the Map-Server lost the framing");
}

}  // namespace msrt::emulation
