// A policy change (docs/emulation.md, "Policy changes"): registrations the new policy forbids are revoked,
// and each session is asked, by Refreshes scoped to the site prefixes concerned, to re-send what changed:
// R = 1 when only earlier rejections may now pass, R = 0 when registered keys must be re-sent too.
#include "msrt/emulation/ms_model.hpp"
#include "msrt/session/refresh_scope.hpp"

namespace msrt::emulation {
namespace {

// The region a refresh for `eid` is scoped to: the site prefix covering it, in the new policy or the old.
Eid region_of(const Eid& eid, const Policy& now, const Policy& old) {
    if (auto m = now.covering(eid)) return m->prefix->eid;
    if (auto m = old.covering(eid)) return m->prefix->eid;
    return eid;
}

}  // namespace

bool MapServerModel::key_changed(const Policy& old, const Eid& eid) const {
    auto a = old.match(eid);
    auto b = policy_.match(eid);
    if (!a || !b) return false;
    return a->site->key != b->site->key || a->site->allow_unauthenticated != b->site->allow_unauthenticated;
}

void MapServerModel::set_policy(Policy policy, Micros now) {
    Policy old = std::exchange(policy_, std::move(policy));
    log(0, "policy changed: " + std::to_string(policy_.sites.size()) + " site(s)");
    recheck_soft();
    for (auto& [id, s] : sessions_) {
        RefreshPlan plan;
        replan_session(s, old, plan, now);
        send_plan(id, s, plan);
    }
}

void MapServerModel::replan_session(Session& s, const Policy& old, RefreshPlan& plan, Micros now) {
    auto add = [&](const Eid& eid, bool resend_all) {
        RefreshGroup& g = plan[region_of(eid, policy_, old)];
        g.keys.push_back(eid);
        g.resend_all = g.resend_all || resend_all;
    };
    std::vector<RegKey> registered(s.registered.begin(), s.registered.end());
    for (const RegKey& key : registered) {
        const MsEntry& e = table_.at(key);
        RecordCheck c = check_record(key, e.record, policy_, 0);
        if (!c.site || c.reason) {
            NackReason why = c.reason.value_or(NackReason::InvalidSitePrefix);
            s.rejected[key] = Rejection{why, e.record};
            answers_[key] = MsAnswer{Verdict::Rejected, why, now};
            remove(key);
            log(0, "policy revokes " + key.eid.str() + " of xTR " + xtr_id_str(key.xtr_id));
            add(key.eid, true);
        } else if (key_changed(old, key.eid)) {
            add(key.eid, true);  // registered under the old key: must authenticate again
        }
    }
    std::map<std::string, std::size_t> admitted;  // tentatively, per site, against max-prefixes
    for (const auto& [key, rej] : s.rejected) {
        RecordCheck c = check_record(key, rej.record, policy_, 0);
        if (!c.site || c.reason) continue;
        if (c.site->max_prefixes &&
            site_count(c.site->name) + admitted[c.site->name] >= *c.site->max_prefixes)
            continue;
        if (rej.reason == NackReason::AuthenticationFailure && !key_changed(old, key.eid)) continue;
        ++admitted[c.site->name];
        add(key.eid, false);
    }
}

void MapServerModel::send_plan(SessionId id, Session& s, const RefreshPlan& plan) {
    for (const auto& [region, g] : plan) {
        Message m;
        if (g.keys.size() == 1) {
            m = make_refresh(*policy_.profile, Scope::Exact, !g.resend_all, g.keys.front());
        } else {
            Scope scope = region.prefix.afi == wire::afi::kNone ? Scope::Instance : Scope::Covering;
            m = make_refresh(*policy_.profile, scope, !g.resend_all, region);
        }
        log(id, "policy change: Refresh " +
                    session::RefreshScope::of(*m.as<RegistrationRefresh>(), *policy_.profile).str() +
                    " for " + std::to_string(g.keys.size()) + " key(s)");
        send(id, s, std::move(m));
    }
}

void MapServerModel::recheck_soft() {
    std::vector<RegKey> gone;
    for (const auto& [key, e] : table_) {
        if (e.session) continue;
        RecordCheck c = check_record(key, e.record, policy_, 0);
        if (!c.site || c.reason) gone.push_back(key);
    }
    for (const RegKey& k : gone) {
        log(0, "policy removes soft state " + k.eid.str() + " of xTR " + xtr_id_str(k.xtr_id));
        remove(k);
    }
}

}  // namespace msrt::emulation
