// Sessions and messages of the Map-Server model. Validation, UDP and policy changes live beside it.
#include "msrt/emulation/ms_model.hpp"

#include "msrt/codec.hpp"

namespace msrt::emulation {

std::string Peer::str() const {
    std::string a = ip.str();
    return (ip.afi == wire::afi::kIpv6 ? "[" + a + "]" : a) + ":" + std::to_string(port);
}

const char* verdict_key(Verdict v) {
    switch (v) {
        case Verdict::Registered:
            return "registered";
        case Verdict::Rejected:
            return "rejected";
        case Verdict::Withdrawn:
            return "withdrawn";
    }
    return "?";
}

MapServerModel::MapServerModel(Policy policy, MsOptions options)
    : policy_(std::move(policy)), options_(options) {}

std::vector<MsAction> MapServerModel::take_actions() {
    return std::exchange(actions_, {});
}

void MapServerModel::log(SessionId id, std::string text) {
    MsAction a;
    a.session = id;
    a.text = std::move(text);
    actions_.push_back(std::move(a));
}

void MapServerModel::send(SessionId id, Session& s, Message m) {
    MsAction a;
    a.type = MsAction::Type::Send;
    a.session = id;
    a.bytes = stamp(m, s.ids, *policy_.profile);
    a.message = std::move(m);
    actions_.push_back(std::move(a));
}

void MapServerModel::error_reply(SessionId id, Session& s, ErrorCode code, ByteView offending) {
    send(id, s,
         make_error(*policy_.profile, code, offending.first(std::min<std::size_t>(offending.size(), 8))));
}

bool MapServerModel::authorised(const Address& from, Micros now) const {
    // Only the ietf revisions gate TCP on a UDP `r` registration (spec 3 item 2, 7.2).
    if (!policy_.profile->reliable_bit) return true;
    auto [lo, hi] = authorisations_.equal_range(from);
    for (auto it = lo; it != hi; ++it)
        if (it->second > now) return true;
    return false;
}

SessionId MapServerModel::accept(const Peer& etr, Micros now) {
    // One UDP authentication admits one session: after a drop the ETR authenticates again (spec 6.7).
    auto [lo, hi] = authorisations_.equal_range(etr.ip);
    for (auto it = lo; it != hi; ++it)
        if (it->second > now) {
            authorisations_.erase(it);
            break;
        }
    SessionId id = next_session_++;
    Session& s = sessions_[id];
    s.etr = etr;
    log(id, "session open from " + etr.str());
    if (options_.refresh_on_accept)
        send(id, s, make_refresh(*policy_.profile, Scope::All, false, std::nullopt));
    return id;
}

void MapServerModel::on_message(SessionId id, ByteView bytes, Micros now) {
    auto it = sessions_.find(id);
    if (it == sessions_.end()) return;
    Session& s = it->second;
    Result<Message> m = decode_message(bytes, *policy_.profile);
    if (!m) {
        log(id, "undecodable message: " + m.error().str());
        bool reg =
            bytes.size() >= 2 && policy_.profile->kind_of(load_be16(bytes.data())) == Kind::Registration;
        // A Registration we cannot read leaves the ETR waiting: tell it (spec 6.8).
        if (reg || policy_.errors == ErrorReplies::All) error_reply(id, s, ErrorCode::MalformedBody, bytes);
        return;
    }
    if (const auto* r = m->as<Registration>()) return on_registration(id, s, *r, bytes, now);
    on_other(id, s, *m, bytes);
}

void MapServerModel::on_other(SessionId id, Session& s, const Message& m, ByteView bytes) {
    bool all = policy_.errors == ErrorReplies::All;
    if (m.kind == Kind::ErrorNotification) {
        log(id, "Error Notification from the ETR, code " + std::to_string(m.as<ErrorNotification>()->code));
    } else if (m.kind == Kind::Unknown) {
        log(id, "skipped unknown message type " + std::to_string(m.header.type));  // spec 9 item 21
        if (all) error_reply(id, s, ErrorCode::UnknownType, bytes);
    } else if (is_membership(m.kind)) {
        log(id, "skipped " + std::string(kind_name(m.kind)) + ": RLOC membership is not emulated");
    } else {
        log(id, "unexpected " + std::string(kind_name(m.kind)) + " from the ETR");
        if (all) error_reply(id, s, ErrorCode::UnexpectedMessage, bytes);
    }
}

void MapServerModel::on_registration(SessionId id, Session& s, const Registration& r, ByteView message,
                                     Micros now) {
    const MapRegister& mr = r.map_register;
    if (mr.is_notify() || mr.records.empty()) {
        log(id, "Registration without Map-Register records");
        error_reply(id, s, ErrorCode::MalformedBody, message);
        return;
    }
    ByteView mr_bytes = message.subspan(mr.offset, mr.size);
    // Each record is answered on its own (spec 9 item 15); authentication covers the whole Map-Register.
    for (const EidRecord& rec : mr.records) {
        RegKey key{mr.has_ids ? mr.xtr_id : XtrId{}, rec.key()};
        RecordCheck c = check_record(key, rec, policy_, 0);
        if (!c.site) {
            reject_record(id, s, key, rec, NackReason::InvalidSitePrefix, now);
        } else if (auto bad = check_auth(mr, mr_bytes, *c.site)) {
            reject_record(id, s, key, rec, *bad, now);
        } else if (c.reason) {
            reject_record(id, s, key, rec, *c.reason, now);
        } else {
            accept_record(id, s, mr, rec, *c.site, now);
        }
    }
}

void MapServerModel::accept_record(SessionId id, Session& s, const MapRegister& mr, const EidRecord& rec,
                                   const Site& site, Micros now) {
    RegKey key{mr.has_ids ? mr.xtr_id : XtrId{}, rec.key()};
    s.rejected.erase(key);
    if (rec.ttl == 0) {
        // Withdrawal: acknowledged, and no Mapping Notification since nothing is stored (spec 9 item 16).
        remove(key);
        answers_[key] = MsAnswer{Verdict::Withdrawn, std::nullopt, now};
        send(id, s, make_ack(key.eid));
        return;
    }
    MsEntry e;
    e.record = as_stored(rec);
    e.site_id = mr.site_id;
    e.site = site.name;
    e.source = s.etr;
    e.t_bit = mr.flag(wire::lisp::kRegT);
    e.session = id;
    EidRecord echo = e.record;
    install(key, std::move(e));
    answers_[key] = MsAnswer{Verdict::Registered, std::nullopt, now};
    send(id, s, make_ack(key.eid));
    send(id, s, make_mapping_notification(key.xtr_id, mr.site_id, std::move(echo)));
}

void MapServerModel::reject_record(SessionId id, Session& s, const RegKey& key, const EidRecord& rec,
                                   NackReason why, Micros now) {
    // The xTR's latest registration of this key failed: whatever it registered before is not kept either.
    remove(key);
    s.rejected[key] = Rejection{why, rec};
    answers_[key] = MsAnswer{Verdict::Rejected, why, now};
    send(id, s, make_nack(*policy_.profile, why, key.eid));
}

void MapServerModel::on_framing_error(SessionId id, const FramingError& e, ByteView header, Micros now) {
    auto it = sessions_.find(id);
    if (it == sessions_.end()) return;
    log(id, "framing error at stream offset " + std::to_string(e.offset) + ": " +
                std::string(framing_problem_name(e.problem)));
    // A short form is delivered anyway, and a truncation means the stream has ended: nothing to answer.
    if (e.problem == FramingProblem::ShortForm || e.problem == FramingProblem::Truncated) return;
    ErrorCode code =
        e.problem == FramingProblem::BadEndMarker ? ErrorCode::BadEndMarker : ErrorCode::BadLength;
    error_reply(id, it->second, code, header);
    MsAction close;
    close.type = MsAction::Type::Close;
    close.session = id;
    actions_.push_back(close);
    on_session_closed(id, now);
}

void MapServerModel::on_session_closed(SessionId id, Micros now) {
    auto it = sessions_.find(id);
    if (it == sessions_.end()) return;
    std::set<RegKey> keys = std::move(it->second.registered);
    sessions_.erase(it);
    for (const RegKey& k : keys)
        make_soft(k, now);
    log(id, "session closed; " + std::to_string(keys.size()) + " registration(s) kept as soft state");
}

// Soft entries get their deadline from make_soft() afterwards.
void MapServerModel::install(const RegKey& key, MsEntry e) {
    remove(key);
    if (e.session)
        if (auto s = sessions_.find(*e.session); s != sessions_.end()) s->second.registered.insert(key);
    ++per_site_[e.site];
    table_.emplace(key, std::move(e));
}

void MapServerModel::remove(const RegKey& key) {
    auto it = table_.find(key);
    if (it == table_.end()) return;
    if (it->second.session)
        if (auto s = sessions_.find(*it->second.session); s != sessions_.end())
            s->second.registered.erase(key);
    if (auto c = per_site_.find(it->second.site); c != per_site_.end() && c->second > 0) --c->second;
    table_.erase(it);
}

void MapServerModel::make_soft(const RegKey& key, Micros now) {
    auto it = table_.find(key);
    if (it == table_.end()) return;
    MsEntry& e = it->second;
    e.session.reset();
    // With T set the record TTL (minutes) is the timeout, otherwise the UDP default (spec 6.5).
    e.expires = now + (e.t_bit ? Micros{e.record.ttl} * 60 * kSecond : policy_.soft_state);
    expiry_.emplace(e.expires, key);
}

void MapServerModel::tick(Micros now) {
    while (!expiry_.empty() && expiry_.begin()->first <= now) {
        auto [when, key] = *expiry_.begin();
        expiry_.erase(expiry_.begin());
        auto it = table_.find(key);
        if (it == table_.end() || it->second.session || it->second.expires != when) continue;  // stale
        log(0, "soft state expired: " + key.eid.str() + " of xTR " + xtr_id_str(key.xtr_id));
        remove(key);
    }
    std::erase_if(authorisations_, [now](const auto& a) { return a.second <= now; });
}

std::optional<Micros> MapServerModel::next_deadline() const {
    if (expiry_.empty()) return std::nullopt;
    return expiry_.begin()->first;
}

}  // namespace msrt::emulation
