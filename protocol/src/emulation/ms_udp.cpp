// The UDP half of the Map-Server (spec 6.1 steps 1-2, 7.2): authenticated Map-Registers install soft state,
// are answered by a Map-Notify when M is set, and (ietf) authorise one TCP session from their source.
#include "msrt/emulation/ms_model.hpp"

namespace msrt::emulation {
namespace {

namespace lisp = wire::lisp;

// The sites a Map-Register's records fall in: authentication is tried with each of their keys.
std::vector<const Site*> candidate_sites(const Policy& p, const MapRegister& mr) {
    std::vector<const Site*> out;
    for (const EidRecord& rec : mr.records)
        if (auto m = p.match(rec.key()); m && std::find(out.begin(), out.end(), m->site) == out.end())
            out.push_back(m->site);
    return out;
}

}  // namespace

void MapServerModel::on_udp(const Peer& from, ByteView payload, Micros now) {
    Result<MapRegister> r = decode_map_register(payload);
    if (!r || r->is_notify()) {
        log(0, "UDP from " + from.str() + ": not a Map-Register" + (r ? "" : ": " + r.error().str()));
        return;
    }
    const Site* site = nullptr;
    for (const Site* s : candidate_sites(policy_, *r))
        if (!check_auth(*r, payload, *s)) site = s;
    if (!site) {
        log(0, "UDP Map-Register from " + from.str() + " dropped: no site, or authentication failed");
        return;
    }
    XtrId xtr = r->has_ids ? r->xtr_id : XtrId{};
    std::vector<EidRecord> accepted;
    for (const EidRecord& rec : r->records) {
        RegKey key{xtr, rec.key()};
        RecordCheck c = check_record(key, rec, policy_, 0);
        if (c.site != site || c.reason) continue;  // no NACK over UDP: the record is simply not installed
        accepted.push_back(rec);
        auto it = table_.find(key);
        if (it != table_.end() && it->second.session) continue;  // a live session's state takes precedence
        if (rec.ttl == 0) {
            remove(key);
            answers_[key] = MsAnswer{Verdict::Withdrawn, std::nullopt, now};
            continue;
        }
        MsEntry e{as_stored(rec), r->site_id, site->name, from, r->flag(lisp::kRegT), std::nullopt, 0};
        install(key, std::move(e));
        make_soft(key, now);
        answers_[key] = MsAnswer{Verdict::Registered, std::nullopt, now};
    }
    log(0, "UDP Map-Register from " + from.str() + ": " + std::to_string(accepted.size()) + " of " +
               std::to_string(r->records.size()) + " record(s) accepted" + (r->reliable() ? ", r set" : ""));
    if (r->flag(lisp::kRegM)) answer_udp(from, *r, accepted, *site);
    if (policy_.profile->reliable_bit && r->reliable())
        authorisations_.emplace(from.ip, now + policy_.authorisation);
}

void MapServerModel::answer_udp(const Peer& from, const MapRegister& mr,
                                const std::vector<EidRecord>& accepted, const Site& site) {
    RegisterHeader h;
    h.notify = true;
    // The Map-Notify echoes `r` to announce reliable-transport support (spec 9 item 18).
    h.flags = mr.reliable() ? lisp::kRegReliable : 0;
    h.nonce = mr.nonce;
    h.key_id = mr.key_id;
    h.alg_id = mr.alg_id;
    if (mr.has_ids) h.xtr_id = mr.xtr_id;
    h.site_id = mr.site_id;
    MsAction a;
    a.type = MsAction::Type::SendUdp;
    a.peer = from;
    a.bytes = build_signed_register(h, accepted, site.key);
    actions_.push_back(std::move(a));
}

}  // namespace msrt::emulation
