// The scenario's timeline applied to one ETR-Map-Server pair. Configuration changes apply whether or not a
// session is up; messages need one, and are skipped with a warning otherwise.
#include <cstdio>

#include "msrt/build.hpp"
#include "synth/link_sim.hpp"

namespace msrt::synth {

void LinkSim::warn(const Action& a, const std::string& what) const {
    std::fprintf(stderr, "msrt synth: warning: line %d (%s/%s at %.6f s): %s\n", a.line,
                 setup_.etr.name.c_str(), setup_.ms.name.c_str(), static_cast<double>(a.at) / 1e6,
                 what.c_str());
}

Connection* LinkSim::live(const Action& a, int side, bool quiet) {
    Connection* c = current_;
    bool up = c && c->ep[side] && c->ep[side]->established() && !c->closing[side];
    if (!up && !quiet) warn(a, "no session is up; skipped");
    return up ? c : nullptr;
}

LinkSim::Mapping* LinkSim::find_mapping(const Eid& eid) {
    if (mapping_index_.size() != mappings_.size())
        for (std::size_t i = mapping_index_.size(); i < mappings_.size(); ++i)
            mapping_index_[mappings_[i].cfg.eid] = i;
    auto it = mapping_index_.find(eid);
    return it == mapping_index_.end() ? nullptr : &mappings_[it->second];
}

void LinkSim::act(const Action& a) {
    Connection* c = nullptr;
    switch (a.kind) {
        case ActionKind::Register:
            act_register(a);
            break;
        case ActionKind::Withdraw:
            act_withdraw(a);
            break;
        case ActionKind::Connect:
            if (current_) warn(a, "a session is already up or starting; skipped");
            start_udp();
            break;
        case ActionKind::Close:
            if ((c = live(a, a.by_ms ? kMs : kEtr))) {
                c->reconnect = a.reconnect;
                close_side(*c, a.by_ms ? kMs : kEtr, a.rst);
            }
            break;
        case ActionKind::Refresh:
            if ((c = live(a, kMs))) act_refresh(a, *c);
            break;
        case ActionKind::Accept:
            rejects_.erase(a.eid.eid);
            break;
        case ActionKind::Reject:
            rejects_[a.eid.eid] = *a.eid.nack;
            break;
        case ActionKind::Error:
            if ((c = live(a, a.by_ms ? kMs : kEtr))) act_error(a, *c);
            break;
        default:
            if ((c = live(a, a.by_ms ? kMs : kEtr))) act_membership(a, *c);
            break;
    }
}

// A new or changed mapping: the ETR's configuration changes, and a live session carries a Registration.
void LinkSim::act_register(const Action& a) {
    Mapping* mp = find_mapping(a.eid.eid);
    if (!mp) mp = &mappings_.emplace_back();
    mp->cfg = a.eid;
    if (a.eid.nack == NackReason::AuthenticationFailure && a.eid.key.empty())
        mp->cfg.key = setup_.etr.key + "-stale";
    mp->active = true;
    mp->nacked = false;
    if (a.eid.nack) rejects_[a.eid.eid] = *a.eid.nack;
    if (Connection* c = live(a, kEtr, true)) {
        send_registration(*c, *mp, false);
        c->ep[kEtr]->flush();
    }
}

void LinkSim::act_withdraw(const Action& a) {
    Mapping* mp = find_mapping(a.eid.eid);
    if (!mp || !mp->active) {
        warn(a, a.eid.eid.str() + " is not registered by this ETR; skipped");
        return;
    }
    mp->active = false;
    if (Connection* c = live(a, kEtr, true)) {
        send_registration(*c, *mp, true);
        c->ep[kEtr]->flush();
    }
}

void LinkSim::act_refresh(const Action& a, Connection& c) {
    const Profile& profile = *setup_.scenario->profile;
    MessageTruth info;
    info.scope = profile.code_of(a.scope);
    info.rejected_only = a.rejected_only;
    if (a.scope != Scope::All) info.eid = build::refresh_selector(a.scope, a.target);
    send(c, kMs, build::registration_refresh(0, a.scope, a.target, a.rejected_only, profile), info);
    c.ep[kMs]->flush();
}

// An Error Notification about the last message this side received (spec 2.5 type 16).
void LinkSim::act_error(const Action& a, Connection& c) {
    int side = a.by_ms ? kMs : kEtr;
    Header offending = c.last_received[side].value_or(Header{});
    MessageTruth info;
    info.error = a.error;
    info.offending = offending;
    send(c, side, build::error_notification(0, a.error, offending, {}, *setup_.scenario->profile), info);
    c.ep[side]->flush();
}

void LinkSim::act_membership(const Action& a, Connection& c) {
    MessageTruth info;
    info.iid = a.iid;
    info.afi = a.afi;
    Kind kind = Kind::Unknown;
    switch (a.kind) {
        case ActionKind::Subscribe:
            kind = Kind::Subscribe;
            break;
        case ActionKind::Unsubscribe:
            kind = Kind::Unsubscribe;
            break;
        case ActionKind::MembershipRefresh:
            kind = Kind::MembershipRefreshRequest;
            break;
        case ActionKind::ElementAdd:
            kind = Kind::ElementAdd;
            break;
        default:
            kind = Kind::ElementRemove;
            break;
    }
    int side = a.by_ms ? kMs : kEtr;
    if (kind == Kind::ElementAdd || kind == Kind::ElementRemove) {
        info.site_id = a.site_id;
        info.rloc = a.rloc;
        send(c, side, build::membership_element(0, kind, a.afi, a.iid, a.site_id, a.rloc), info);
    } else {
        send(c, side, build::membership(0, kind, a.afi, a.iid), info);
    }
    c.ep[side]->flush();
}

}  // namespace msrt::synth
