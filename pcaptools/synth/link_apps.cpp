// The two applications on a session, behaving as spec 6 and 7 describe for Cisco-like peers: the Map-Server
// opens with a scope-0 Refresh, answers each Registration in order (ACK and Mapping Notification, or NACK),
// and serves RLOC membership; the ETR answers Refreshes with one Registration per record.
#include <algorithm>

#include "msrt/build.hpp"
#include "msrt/codec.hpp"
#include "synth/link_sim.hpp"

namespace msrt::synth {

std::uint32_t LinkSim::send(Connection& c, int side, const Message& m, MessageTruth info,
                            std::optional<EidRecord> record) {
    info.kind = m.kind;
    return send_encoded(c, side, encode_message(m, *setup_.scenario->profile), std::move(info),
                        std::move(record));
}

// `bytes` is a whole message; its Message ID is set here, from the sender's counter (spec 2.2).
std::uint32_t LinkSim::send_encoded(Connection& c, int side, Bytes bytes, MessageTruth info,
                                    std::optional<EidRecord> record, std::size_t mapping) {
    std::uint32_t id = c.next_id[side]++;
    for (int i = 0; i < 4; ++i)
        bytes[4 + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(id >> (24 - 8 * i));
    info.dir = direction_of(side);
    info.id = id;
    info.begin = c.ep[side]->written();
    info.end = info.begin + bytes.size();
    AppMessage am;
    am.kind = info.kind;
    am.id = id;
    am.length = static_cast<std::uint16_t>(bytes.size());
    am.scope = info.scope;
    am.rejected_only = info.rejected_only;
    am.ttl = info.ttl;
    am.iid = info.iid;
    am.afi = info.afi;
    am.mapping = mapping;
    am.end = info.end;
    am.eid = info.eid;
    if (record) am.record = std::make_unique<const EidRecord>(std::move(*record));
    am.index = c.truth->record(std::move(info));
    c.ep[side]->write_message(bytes);
    std::uint32_t index = am.index;
    c.out[side].push_back(std::move(am));
    return index;
}

// Reading takes a moment: the application handles what arrived after a short, size-dependent delay, and
// writes all its answers at once (which is what packs many messages into one segment).
Micros LinkSim::processing_delay(int side, std::size_t messages) {
    Micros base =
        side == kMs ? 120 + 20 * static_cast<Micros>(messages) : 250 + 8 * static_cast<Micros>(messages);
    return base + rng_.range(0, base / 6);
}

void LinkSim::on_readable(Connection& c, int side, std::uint64_t stream_end) {
    auto& from = c.out[1 - side];
    while (!from.empty() && from.front().end <= stream_end) {
        c.inbox[side].push_back(std::move(from.front()));
        from.pop_front();
    }
    if (c.inbox[side].empty() || c.wake_pending[side]) return;
    c.wake_pending[side] = true;
    schedule(event(now_ + processing_delay(side, c.inbox[side].size()), Ev::AppWake, &c, side));
}

void LinkSim::on_peer_fin(Connection& c, int side) {
    if (c.wake_pending[side]) return;
    c.wake_pending[side] = true;
    schedule(event(now_ + processing_delay(side, 0), Ev::AppWake, &c, side));
}

void LinkSim::on_reset(Connection& c, int side) {
    c.inbox[side].clear();
}

void LinkSim::wake(Connection& c, int side) {
    c.wake_pending[side] = false;
    TcpEndpoint* ep = c.ep[side].get();
    if (!ep || ep->is_reset()) return;
    while (!c.inbox[side].empty()) {
        AppMessage m = std::move(c.inbox[side].front());
        c.inbox[side].pop_front();
        c.last_received[side] = Header{setup_.scenario->profile->code_of(m.kind), m.length, m.id, false};
        if (side == kMs)
            ms_handle(c, m);
        else
            etr_handle(c, m);
    }
    ep->flush();
    if (ep->peer_fin() && !c.closing[side]) close_side(c, side, false);
}

void LinkSim::ms_handle(Connection& c, const AppMessage& m) {
    switch (m.kind) {
        case Kind::Registration:
            ms_registration(c, m);
            break;
        case Kind::Subscribe:
        case Kind::MembershipRefreshRequest:
        case Kind::Unsubscribe:
            ms_membership(c, m);
            break;
        default:
            break;  // Error Notifications and the rest are only logged by a Map-Server
    }
}

// Draws a fault of probability `p` and, when it strikes, records it for the manifest.
bool LinkSim::fault(Connection& c, double p, const char* kind, const AppMessage& m, Direction dir) {
    if (p <= 0 || !fault_rng_.chance(p)) return false;
    c.truth->faults.push_back(FaultEvent{kind, dir, m.id, m.eid});
    return true;
}

void LinkSim::ms_registration(Connection& c, const AppMessage& m) {
    const Eid& eid = *m.eid;
    const Faults& faults = setup_.scenario->faults;
    if (fault(c, faults.skip_answer, "skip_answer", m, Direction::EtrToMs)) return;
    auto rejected = rejects_.find(eid);
    bool accept = rejected == rejects_.end();
    std::optional<NackReason> wrong;
    if (fault(c, faults.wrong_nack, "wrong_nack", m, Direction::EtrToMs)) {
        // An ACK becomes a NACK (reason 4); a NACK gets the next reason of the table.
        wrong = accept ? NackReason::Unspecified
                       : static_cast<NackReason>((static_cast<int>(rejected->second) + 1) % 4);
        accept = false;
    }
    MessageTruth info;
    info.eid = eid;
    info.answers = m.index;
    const Profile& profile = *setup_.scenario->profile;
    NackReason reason = wrong ? *wrong : accept ? NackReason::Unspecified : rejected->second;
    Message reply =
        accept ? build::registration_ack(0, eid) : build::registration_nack(0, reason, eid, profile);
    if (!accept) info.reason = reason;
    info.kind = reply.kind;
    std::uint32_t index = send_encoded(c, kMs, encode_message(reply, profile), info, std::nullopt, m.mapping);
    if (MessageTruth* reg = c.truth->message(m.index)) reg->answer = index;
    c.truth->answered(eid, accept, info.reason);
    // A withdrawal is acknowledged without a Mapping Notification (spec 9 item 16).
    if (!accept || m.ttl == 0) return;
    MessageTruth note;
    note.eid = eid;
    build::EtrIds ids{setup_.etr.xtr_id, setup_.etr.site_id};
    send(c, kMs, build::mapping_notification(0, ids, build::stored_record(*m.record)), note);
}

void LinkSim::ms_membership(Connection& c, const AppMessage& m) {
    std::uint32_t iid = m.iid;
    std::uint16_t afi = m.afi;
    if (m.kind == Kind::Unsubscribe) return;
    const auto& served = setup_.ms.membership_iids;
    MessageTruth info;
    info.iid = iid;
    info.afi = afi;
    info.request_id = m.id;
    if (std::find(served.begin(), served.end(), iid) == served.end()) {
        bool known = setup_.members && setup_.members->contains(iid);
        info.membership_error = known ? 2 : 1;  // distribution not enabled / instance not found
        send(c, kMs, build::subscribe_nack(0, afi, iid, m.id, *info.membership_error), info);
        return;
    }
    bool subscribe = m.kind == Kind::Subscribe;
    Kind first = subscribe ? Kind::SubscribeAck : Kind::MembershipRefreshBegin;
    send(c, kMs, build::membership_reply(0, first, afi, iid, m.id), info);
    ms_elements(c, Kind::ElementAdd, afi, iid);
    if (!subscribe)
        send(c, kMs, build::membership_reply(0, Kind::MembershipRefreshEnd, afi, iid, m.id), info);
}

void LinkSim::ms_elements(Connection& c, Kind kind, std::uint16_t afi, std::uint32_t iid) {
    if (!setup_.members) return;
    auto it = setup_.members->find(iid);
    if (it == setup_.members->end()) return;
    for (const auto& [site, rloc] : it->second) {
        MessageTruth info;
        info.iid = iid;
        info.afi = afi;
        info.site_id = site;
        info.rloc = rloc;
        send(c, kMs, build::membership_element(0, kind, afi, iid, site, rloc), info);
    }
}

void LinkSim::etr_handle(Connection& c, const AppMessage& m) {
    switch (m.kind) {
        case Kind::RegistrationRefresh:
            etr_refresh(c, m);
            break;
        case Kind::RegistrationAck:
        case Kind::RegistrationNack: {
            Mapping* mp = m.mapping < mappings_.size() ? &mappings_[m.mapping] : find_mapping(*m.eid);
            if (mp) mp->nacked = m.kind == Kind::RegistrationNack;
            break;
        }
        default:
            break;
    }
}

// Re-sends every configured record in the scope; with R only those the Map-Server last rejected (spec 6.6).
void LinkSim::etr_refresh(Connection& c, const AppMessage& m) {
    const auto* scope = setup_.scenario->profile->scope(m.scope);
    if (!scope) return;
    Eid selector = m.eid.value_or(Eid{});
    std::vector<Mapping*> chosen;
    for (Mapping& mp : mappings_) {
        if (!mp.active || !build::refresh_selects(scope->value, selector, mp.cfg.eid)) continue;
        if (m.rejected_only && !mp.nacked) continue;
        chosen.push_back(&mp);
    }
    // Only a Refresh that asks for something can be seen to be ignored.
    if (!chosen.empty() &&
        fault(c, setup_.scenario->faults.ignore_refresh, "ignore_refresh", m, Direction::MsToEtr))
        return;
    for (Mapping* mp : chosen)
        send_registration(c, *mp, false);
}

// One record per Registration, reusing the nonce of the UDP Map-Register that carried it (spec 2.5 type 17).
void LinkSim::send_registration(Connection& c, Mapping& mp, bool withdraw) {
    build::RegisterParams p;
    if (mp.nonce == 0) mp.nonce = rng_.next();
    p.nonce = mp.nonce;
    p.ids = build::EtrIds{setup_.etr.xtr_id, setup_.etr.site_id};
    std::uint32_t ttl = withdraw ? 0 : mp.cfg.ttl;
    EidRecord rec =
        build::eid_record(mp.cfg.eid, locators(mp), ttl, mp.cfg.as_lcaf.value_or(mp.cfg.eid.iid != 0));
    const std::string& key = mp.cfg.key.empty() ? setup_.etr.key : mp.cfg.key;
    MessageTruth info;
    info.kind = Kind::Registration;
    info.eid = mp.cfg.eid;
    info.ttl = ttl;
    Bytes bytes = build::encode_registration(0, rec, p, key, *setup_.scenario->profile);
    auto mapping = static_cast<std::size_t>(&mp - mappings_.data());
    send_encoded(c, kEtr, std::move(bytes), std::move(info), std::move(rec), mapping);
    c.truth->registration_sent(mp.cfg.eid, ttl, locators(mp));
}

void LinkSim::initial_refresh(Connection& c) {
    if (!c.ep[kMs] || !c.ep[kMs]->established() || c.closing[kMs]) return;
    MessageTruth info;
    send(c, kMs, build::registration_refresh(0, Scope::All, Eid{}, false, *setup_.scenario->profile), info);
    c.ep[kMs]->flush();
}

// An RST waits until what was written has gone out once, so that every counted message was on the wire.
void LinkSim::close_side(Connection& c, int side, bool rst) {
    TcpEndpoint* ep = c.ep[side].get();
    if (c.closing[side] || !ep || ep->is_reset()) return;
    if (rst && !ep->all_sent()) {
        schedule(event(now_ + 1'000, Ev::ResetRetry, &c, side));
        return;
    }
    if (!c.truth->closed_by) c.truth->closed_by = side == kEtr ? "etr" : "ms";
    c.closing[side] = true;
    if (rst)
        ep->reset();
    else
        ep->close();
}

}  // namespace msrt::synth
