// One JSON object per session (JSON Lines). Keys named as in docs/manifest.md for the same things.
#include "msrt/session/registry.hpp"
#include "sessions/session_report.hpp"
#include "sessions/time_text.hpp"

namespace msrt::cli {
namespace {

constexpr Direction kDirs[] = {Direction::EtrToMs, Direction::MsToEtr};

Json& time_field(Json& j, std::string_view k, Micros t) {
    return j.key(k).number(epoch_text(t));
}
Json& time_or_null(Json& j, std::string_view k, Micros t) {
    return t ? time_field(j, k, t) : j.key(k).null();
}

void write_udp_auth(Json& j, const SessionState& s) {
    j.key("udp_auth");
    if (!s.udp_auth) {
        j.null();
        return;
    }
    const session::UdpAuth& a = *s.udp_auth;
    j.begin_object()
        .field("r_bit", a.r_bit)
        .field("nonce", nonce_text(a.nonce))
        .field("map_notify", a.map_notify)
        .field("authenticated", a.authenticated());
    time_field(j, "at", a.register_at);
    j.end_object();
}

void write_counts(Json& j, const SessionState& s) {
    j.key("counts").begin_object();
    for (Direction d : kDirs) {
        j.key(direction_key(d)).begin_object();
        const auto row = s.tracker.counts()[static_cast<int>(d)];
        for (std::size_t k = 0; k < row.size(); ++k)
            if (row[k]) j.field(kind_key(static_cast<Kind>(k)), std::uint64_t{row[k]});
        j.end_object();
    }
    j.end_object();
    j.key("bytes").begin_object();
    for (Direction d : kDirs)
        j.field(direction_key(d), s.bytes[static_cast<int>(d)]);
    j.end_object();
}

void write_incidents(Json& j, const SessionState& s) {
    const Incidents& i = s.incidents();
    j.key("gaps").begin_array();
    for (const GapRecord& g : i.gaps) {
        j.begin_object().field("dir", direction_key(g.dir));
        time_field(j, "at", g.at).field("offset", g.offset).field("octets", g.octets).end_object();
    }
    j.end_array();
    j.key("id_gaps").begin_array();
    for (const IdGapRecord& g : i.id_gaps) {
        j.begin_object().field("dir", direction_key(g.dir));
        time_field(j, "at", g.at)
            .field("expected", unsigned{g.expected})
            .field("got", unsigned{g.got})
            .end_object();
    }
    j.end_array();
    j.key("framing_errors").begin_array();
    for (const FramingRecord& f : i.framing) {
        j.begin_object().field("dir", direction_key(f.dir));
        time_field(j, "at", f.at)
            .field("offset", f.error.offset)
            .field("problem", framing_problem_name(f.error.problem))
            .field("value", unsigned{f.error.value})
            .end_object();
    }
    j.end_array();
    j.key("incidents")
        .begin_object()
        .field("gaps", unsigned{i.gap_count})
        .field("framing_errors", unsigned{i.framing_count})
        .field("malformed", unsigned{i.malformed})
        .field("unmatched", unsigned{i.unmatched})
        .field("wrong_direction", unsigned{i.wrong_direction})
        .field("error_notifications", unsigned{i.error_notifications})
        .field("transport_notes", unsigned{i.transport_notes});
    for (Direction d : kDirs) {
        const session::IdStats& ids = s.tracker.id_stats(d);
        j.key(std::string("ids_") + direction_key(d))
            .begin_object()
            .field("gaps", unsigned{ids.gaps})
            .field("repeats", unsigned{ids.repeats})
            .field("missing", ids.missing)
            .end_object();
        j.field(std::string("gap_octets_") + direction_key(d), i.gap_octets[static_cast<int>(d)]);
        j.field(std::string("skipped_octets_") + direction_key(d), i.skipped_octets[static_cast<int>(d)]);
    }
    j.end_object();
}

void write_refresh(Json& j, const session::RefreshRecord& r) {
    j.begin_object();
    time_field(j, "at", r.at)
        .field("scope", unsigned{r.scope.code})
        .field("rejected_only", r.scope.rejected_only)
        .field("selects", r.scope.str())
        .field("marked", unsigned{r.marked})
        .field("answered", unsigned{r.answered})
        .field("caused", unsigned{r.caused})
        .end_object();
}

void write_registration(Json& j, const SessionState& s, const session::Key& key, const session::Entry& e,
                        const Profile& p) {
    const session::Tracker& t = s.tracker;
    const session::SiteIds& ids = t.ids(e.ids);
    j.begin_object().field("iid", std::uint64_t{key.iid}).field("eid", eid_text(key));
    j.field("status", session::status_key(e.status));
    std::string reason = reason_key(p, e.reason);
    if (reason.empty())
        j.key("reason").null();
    else
        j.field("reason", reason);
    if (ids.present)
        j.field("xtr_id", xtr_id_str(ids.xtr_id)).field("site_id", ids.site_id);
    else
        j.key("xtr_id").null().key("site_id").null();
    j.field("ttl", std::uint64_t{e.ttl}).field("t_bit", e.t_bit);
    j.key("rlocs");
    write_rlocs(j, t.rlocs(e.rlocs));
    j.field("notified", e.notified).key("ms_rlocs");
    if (e.ms_rlocs == session::kNone)
        j.null();
    else
        write_rlocs(j, t.rlocs(e.ms_rlocs));
    time_or_null(j, "sent", e.sent_at);
    time_or_null(j, "answered", e.answered_at);
    j.key("refresh");
    if (e.last_refresh == session::kNone)
        j.null();
    else
        write_refresh(j, t.refreshes()[e.last_refresh]);
    j.field("refresh_pending", e.refresh_mark != session::kNone);
    bool orphan = s.lost() && e.status == session::Status::Registered;
    j.field("orphaned", orphan);
    if (orphan)
        time_field(j, "expires", session::orphan_expiry(e, s.end));
    else
        j.key("expires").null();
    j.end_object();
}

}  // namespace

void write_session_json(std::FILE* out, const SessionState& s, const Options& o) {
    Json j;
    j.begin_object().field("session", s.id).field("etr", s.info().etr.str()).field("ms", s.info().ms.str());
    time_field(j, "start", s.start);
    time_field(j, "end", s.end);
    j.field("end_reason", end_reason_key(s.end_how.value_or(SessionEnd::CaptureEnd)))
        .field("start_reason", s.how_started == SessionStart::Syn ? "syn" : "mid_stream");
    write_udp_auth(j, s);
    j.field("authorised", s.authorised);
    write_counts(j, s);
    write_incidents(j, s);
    j.key("refreshes").begin_array();
    for (const session::RefreshRecord& r : s.tracker.refreshes())
        write_refresh(j, r);
    j.end_array();
    session::Summary sum = s.tracker.summary();
    j.key("summary")
        .begin_object()
        .field("registered", unsigned{sum.registered})
        .field("rejected", unsigned{sum.rejected})
        .field("pending", unsigned{sum.pending})
        .field("withdrawn", unsigned{sum.withdrawn})
        .end_object();
    j.field("findings", unsigned{s.findings});
    j.key("registrations").begin_array();
    for (const auto& [key, e] : s.tracker.table())
        if (o.filters.key(key.eid())) write_registration(j, s, key, e, *o.profile);
    j.end_array().end_object();
    std::fprintf(out, "%s\n", j.str().c_str());
}

}  // namespace msrt::cli
