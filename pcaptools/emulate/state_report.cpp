#include "emulate/state_report.hpp"

#include "common/json.hpp"
#include "common/table.hpp"
#include "emulate/describe.hpp"

namespace msrt::cli {
namespace {

using namespace emulation;

std::string eid_text(const Eid& e) {
    return e.prefix.str() + "/" + std::to_string(e.len);
}

std::string reason_text(const std::optional<NackReason>& r, const Profile& p) {
    return r ? reason_key(p.code_of(*r), p) : std::string("-");
}

void rlocs_json(Json& j, const EidRecord& r) {
    j.key("rlocs").begin_array();
    for (const Locator& l : r.locators) {
        j.begin_object();
        j.field("address", l.rloc.addr.str());
        j.field("priority", unsigned{l.priority}).field("weight", unsigned{l.weight});
        j.field("m_priority", unsigned{l.m_priority}).field("m_weight", unsigned{l.m_weight});
        j.field("flags", unsigned{l.flags});
        j.end_object();
    }
    j.end_array();
}

void reason_json(Json& j, const std::optional<NackReason>& r, const Profile& p) {
    j.key("reason");
    if (r)
        j.value(reason_key(p.code_of(*r), p));
    else
        j.null();
}

}  // namespace

void print_ms_state(std::FILE* out, const MapServerModel& ms, Micros now) {
    const Profile& p = *ms.policy().profile;
    std::fprintf(out, "Map-Server: %zu open session(s), %zu registration(s) held\n", ms.open_sessions(),
                 ms.table().size());
    Table t({"xTR-ID", "EID", "last answer", "reason", "held", "RLOCs"});
    for (const auto& [key, a] : ms.answers()) {
        auto it = ms.table().find(key);
        std::string held = "-";
        if (it != ms.table().end())
            held = it->second.session
                       ? "session " + std::to_string(*it->second.session)
                       : "soft, " + std::to_string((it->second.expires - now) / 1'000'000) + " s left";
        t.row({xtr_id_str(key.xtr_id), key.eid.str(), verdict_key(a.verdict), reason_text(a.reason, p), held,
               it != ms.table().end() ? rlocs_text(it->second.record) : "-"});
    }
    t.print(out, "  ");
}

void write_ms_state_json(std::FILE* out, const MapServerModel& ms, Micros now) {
    const Profile& p = *ms.policy().profile;
    Json j;
    j.begin_object().field("role", "ms").field("open_sessions", std::uint64_t{ms.open_sessions()});
    j.key("registrations").begin_array();
    for (const auto& [key, a] : ms.answers()) {
        auto it = ms.table().find(key);
        j.begin_object();
        j.field("xtr_id", xtr_id_str(key.xtr_id)).field("iid", std::uint64_t{key.eid.iid});
        j.field("eid", eid_text(key.eid)).field("status", verdict_key(a.verdict));
        reason_json(j, a.reason, p);
        j.field("held", it == ms.table().end() ? "no" : it->second.session ? "session" : "soft");
        if (it != ms.table().end()) {
            j.field("site", it->second.site);
            if (!it->second.session)
                j.field("expires_in", static_cast<std::int64_t>((it->second.expires - now) / 1'000'000));
            rlocs_json(j, it->second.record);
        }
        j.end_object();
    }
    j.end_array().end_object();
    std::fprintf(out, "%s\n", j.str().c_str());
}

void print_etr_state(std::FILE* out, const std::vector<const EtrModel*>& etrs) {
    for (const EtrModel* e : etrs) {
        const Profile& p = *e->config().profile;
        const EtrCounters& c = e->counters();
        std::fprintf(
            out, "ETR %s: state %s, %llu session(s), %llu registration(s) sent, %llu ACK, %llu NACK\n",
            xtr_id_str(e->config().xtr_id).c_str(), etr_state_key(e->state()),
            static_cast<unsigned long long>(c.sessions), static_cast<unsigned long long>(c.registrations),
            static_cast<unsigned long long>(c.acks), static_cast<unsigned long long>(c.nacks));
        Table t({"EID", "status", "reason", "MS view RLOCs"});
        for (const auto& [eid, k] : e->table())
            t.row({eid.str(), key_status_key(k.status), reason_text(k.reason, p),
                   k.ms_view ? rlocs_text(*k.ms_view) : "-"});
        t.print(out, "  ");
    }
}

void write_etr_state_json(std::FILE* out, const std::vector<const EtrModel*>& etrs) {
    Json j;
    j.begin_object().field("role", "etr").key("etrs").begin_array();
    for (const EtrModel* e : etrs) {
        const Profile& p = *e->config().profile;
        j.begin_object()
            .field("xtr_id", xtr_id_str(e->config().xtr_id))
            .field("state", etr_state_key(e->state()));
        j.field("sessions", e->counters().sessions).field("registrations_sent", e->counters().registrations);
        j.key("registrations").begin_array();
        for (const auto& [eid, k] : e->table()) {
            j.begin_object().field("iid", std::uint64_t{eid.iid}).field("eid", eid_text(eid));
            j.field("status", key_status_key(k.status));
            reason_json(j, k.reason, p);
            if (k.ms_view) rlocs_json(j, *k.ms_view);
            j.end_object();
        }
        j.end_array().end_object();
    }
    j.end_array().end_object();
    std::fprintf(out, "%s\n", j.str().c_str());
}

}  // namespace msrt::cli
