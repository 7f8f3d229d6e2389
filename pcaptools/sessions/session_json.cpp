// One JSON object per session (JSON Lines). Keys named as in docs/manifest.md for the same things.
// Registrations are the bulk of the output of a large capture, and a session's registrations share a few
// locator sets, xTR-IDs and Refreshes: each of those is rendered once per session and repeated as text, and
// each registration is written as text in one pass.
#include <algorithm>
#include <charconv>
#include <cstring>

#include "common/address_text.hpp"
#include "msrt/constants.hpp"
#include "msrt/session/registry.hpp"
#include "sessions/chars.hpp"
#include "sessions/session_report.hpp"
#include "sessions/time_text.hpp"

namespace msrt::cli {
namespace {

constexpr Direction kDirs[] = {Direction::EtrToMs, Direction::MsToEtr};

Json& time_field(Json& j, std::string_view k, Micros t) {
    append_epoch(j.key(k).raw_value(), t);
    return j;
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
    const session::Counts counts = s.tracker.counts();
    for (Direction d : kDirs) {
        j.key(direction_key(d)).begin_object();
        const auto& row = counts[static_cast<int>(d)];
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

}  // namespace

const std::string& SessionJsonWriter::rlocs(const session::Tracker& t, std::uint32_t n) {
    static const std::string kEmpty = "[]";
    if (n == session::kNone) return kEmpty;
    return shared_text(rlocs_, n, [&] {
        part_.clear();
        write_rlocs(part_, t.rlocs(n));
        return part_.str();
    });
}

const std::string& SessionJsonWriter::refresh(const session::Tracker& t, std::uint32_t n) {
    return shared_text(refreshes_, n, [&] {
        part_.clear();
        write_refresh(part_, t.refreshes()[n]);
        return part_.str();
    });
}

// The "xtr_id" and "site_id" members together.
const std::string& SessionJsonWriter::ids(const session::Tracker& t, std::uint32_t n) {
    static const std::string kAbsent = "\"xtr_id\":null,\"site_id\":null";
    const session::SiteIds& ids = t.ids(n);
    if (!ids.present) return kAbsent;
    return shared_text(ids_, n, [&] {
        std::string text = "\"xtr_id\":";
        append_json_string(text, xtr_id_str(ids.xtr_id));
        text += ",\"site_id\":";
        append_json_uint(text, ids.site_id);
        return text;
    });
}

namespace {

// What the keys, punctuation, numbers, booleans and times of a registration take at most, all but the
// EID and the texts shared with other registrations (their sizes are added).
constexpr std::size_t kRegistrationFixed = 512;

// An IPv4, IPv6 or MAC prefix as a JSON string (its text needs no escaping), written without a string's
// checks at each piece: the end, or nullptr for other families.
constexpr std::size_t kEidJsonChars = kEidChars + 2;  // and the quotes
char* eid_json_chars(char* out, const session::Key& key) {
    char* end = eid_chars(out + 1, key);
    if (!end) return nullptr;
    out[0] = '"';
    *end++ = '"';
    return end;
}

// Room for a session's text before it is written, as far as it will be held at once (a larger one is
// handed over in parts of TextSpill::kSize): growing it step by step copied it each time.
void reserve_for(std::string& text, std::size_t registrations) {
    constexpr std::size_t kPerRegistration = 768, kHead = 4096;
    text.reserve(std::min(kHead + registrations * kPerRegistration, TextSpill::kSize + kHead));
}

}  // namespace

// Written as text (through Scratch: a large table is most of the output).
void SessionJsonWriter::registration(const SessionState& s, const session::Key& key, const session::Entry& e,
                                     const Profile& p) {
    const session::Tracker& t = s.tracker;
    std::string& out = j_.raw_value();
    char eid_buffer[kEidJsonChars];
    std::string other_eid;
    char* eid_end = eid_json_chars(eid_buffer, key);
    if (!eid_end) append_eid_json(other_eid, key);
    std::string_view eid =
        eid_end ? std::string_view(eid_buffer, static_cast<std::size_t>(eid_end - eid_buffer)) : other_eid;
    std::string_view why = e.reason ? std::string_view(reason(p, *e.reason)) : "null";
    std::string_view ids_text = ids(t, e.ids), rlocs_text = rlocs(t, e.rlocs);
    std::string_view ms_rlocs =
        e.ms_rlocs == session::kNone ? "null" : std::string_view(rlocs(t, e.ms_rlocs));
    std::string_view refresh_text =
        e.last_refresh == session::kNone ? "null" : std::string_view(refresh(t, e.last_refresh));
    Chars c = scratch_.room(kRegistrationFixed + eid.size() + why.size() + ids_text.size() +
                            rlocs_text.size() + ms_rlocs.size() + refresh_text.size());
    c.lit("{\"iid\":").uint(key.iid).lit(",\"eid\":");
    c.text(eid);
    c.lit(",\"status\":\"").text(session::status_key(e.status)).lit("\"");
    c.lit(",\"reason\":").text(why);
    c.lit(",").text(ids_text);
    c.lit(",\"ttl\":").uint(e.ttl);
    c.lit(",\"t_bit\":").boolean(e.t_bit);
    c.lit(",\"rlocs\":").text(rlocs_text);
    c.lit(",\"notified\":").boolean(e.notified);
    c.lit(",\"ms_rlocs\":").text(ms_rlocs);
    c.lit(",\"sent\":").time_or_null(e.sent_at);
    c.lit(",\"answered\":").time_or_null(e.answered_at);
    c.lit(",\"refresh\":").text(refresh_text);
    c.lit(",\"refresh_pending\":").boolean(e.refresh_mark != session::kNone);
    bool orphan = s.lost() && e.status == session::Status::Registered;
    c.lit(",\"orphaned\":").boolean(orphan);
    c.lit(",\"expires\":");
    orphan ? c.time(session::orphan_expiry(e, s.end)) : c.lit("null");
    c.lit("}");
    scratch_.append_to(out, c);
}

// The NACK reason as a JSON string, rendered once per code.
const std::string& SessionJsonWriter::reason(const Profile& p, std::uint8_t code) {
    if (reasons_profile_ != &p) {
        reasons_.assign(256, std::string());
        reasons_profile_ = &p;
    }
    std::string& text = reasons_[code];
    if (text.empty()) append_json_string(text, reason_key(p, code));
    return text;
}

void SessionJsonWriter::write(std::string& out, const SessionState& s, const Options& o, TextSpill* spill) {
    rlocs_.clear();
    refreshes_.clear();
    ids_.clear();
    Json& j = j_;
    j.start(std::move(out));
    reserve_for(j.buffer(), s.tracker.table().size());
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
    for (std::uint32_t n = 0; n < s.tracker.refreshes().size(); ++n)
        j.raw(refresh(s.tracker, n));
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
    for (const auto& [key, e] : s.tracker.table()) {
        if (!o.filters.key(key)) continue;
        registration(s, key, e, *o.profile);
        spill_if_large(spill, j.buffer());
    }
    j.end_array().end_object();
    out = j.take();
    out += '\n';
}

}  // namespace msrt::cli
