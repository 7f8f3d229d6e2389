#include "synth/manifest.hpp"

#include <algorithm>

#include "common/json.hpp"
#include "common/rlocs_json.hpp"

namespace msrt::synth {
namespace {

using cli::Json;

double seconds(Micros t) {
    return static_cast<double>(t) / 1e6;
}

std::string endpoint(const Address& ip, std::uint16_t port) {
    std::string a = ip.str();
    return (ip.afi == wire::afi::kIpv6 ? "[" + a + "]" : a) + ":" + std::to_string(port);
}

std::string prefix_str(const Eid& e) {
    return e.prefix.str() + "/" + std::to_string(e.len);
}

void write_counts(Json& j, const SessionTruth& s, const Profile& p) {
    j.key("counts").begin_object();
    for (Direction d : {Direction::EtrToMs, Direction::MsToEtr}) {
        j.key(direction_key(d)).begin_object();
        for (const TypeEntry& t : p.types)
            if (std::uint64_t n = s.counts[static_cast<std::size_t>(d)][static_cast<std::size_t>(t.kind)])
                j.field(t.key, n);
        j.end_object();
    }
    j.end_object();
}

void write_udp_auth(Json& j, const SessionTruth& s) {
    j.key("udp_auth");
    if (!s.udp || !s.udp->captured) {
        j.null();
        return;
    }
    char nonce[24];
    std::snprintf(nonce, sizeof nonce, "0x%016llx", static_cast<unsigned long long>(s.udp->nonce));
    j.begin_object()
        .field("r_bit", s.udp->r_bit)
        .field("nonce", nonce)
        .field("map_notify", s.udp->map_notify)
        .field("authenticated", s.udp->authenticated)
        .end_object();
}

void write_eid(Json& j, const std::optional<Eid>& eid) {
    j.key("eid");
    if (eid)
        j.value(eid->str());
    else
        j.null();
}

void write_membership_fields(Json& j, const MessageTruth& m) {
    j.field("iid", std::uint64_t{m.iid}).field("eid_afi", unsigned{m.afi});
    if (m.request_id) j.field("request_id", std::uint64_t{*m.request_id});
    if (m.membership_error) j.field("error_code", unsigned{*m.membership_error});
    if (m.site_id) j.field("site_id", *m.site_id);
    if (m.rloc) j.field("rloc", m.rloc->str());
}

void write_answer_link(Json& j, const SessionTruth& s, const MessageTruth& m) {
    j.key("answer");
    if (m.answer == kNoIndex) {
        j.null();
        return;
    }
    const MessageTruth& a = s.messages[m.answer];
    j.begin_object().field("id", std::uint64_t{a.id}).field("type", kind_key(a.kind)).end_object();
}

void write_error_fields(Json& j, const MessageTruth& m, const Profile& p) {
    const auto* e = p.error_code(p.code_of(*m.error));
    j.field("code", e ? e->key : "unknown").key("offending").begin_object();
    j.field("type", unsigned{m.offending.type}).field("length", unsigned{m.offending.length});
    j.field("id", std::uint64_t{m.offending.id}).end_object();
}

// The fields docs/manifest.md gives each type, after dir, id and type.
void write_type_fields(Json& j, const SessionTruth& s, const MessageTruth& m, const Profile& p) {
    switch (m.kind) {
        case Kind::Registration:
            write_eid(j, m.eid);
            j.field("ttl", std::uint64_t{m.ttl});
            write_answer_link(j, s, m);
            return;
        case Kind::RegistrationAck:
        case Kind::RegistrationNack:
            write_eid(j, m.eid);
            if (m.reason) {
                const auto* r = p.reason(p.code_of(*m.reason));
                j.field("reason", r ? r->key : "unspecified");
            }
            j.field("answers", std::uint64_t{s.messages[m.answers].id});
            return;
        case Kind::RegistrationRefresh:
            j.field("scope", unsigned{m.scope}).field("rejected_only", m.rejected_only);
            write_eid(j, m.eid);
            return;
        case Kind::MappingNotification:
            write_eid(j, m.eid);
            return;
        case Kind::ErrorNotification:
            write_error_fields(j, m, p);
            return;
        default:
            write_membership_fields(j, m);
            return;
    }
}

void write_message(Json& j, const SessionTruth& s, const MessageTruth& m, const Profile& p) {
    j.begin_object()
        .field("dir", direction_key(m.dir))
        .field("id", std::uint64_t{m.id})
        .field("type", kind_key(m.kind));
    write_type_fields(j, s, m, p);
    j.field("in_capture", m.in_capture).end_object();
}

void write_registrations(Json& j, const SessionTruth& s, const Profile& p) {
    j.key("registrations").begin_array();
    for (const auto& [eid, e] : s.table) {
        j.begin_object().field("iid", std::uint64_t{eid.iid}).field("eid", prefix_str(eid));
        j.field("status", status_key(e.status)).key("reason");
        const auto* r = e.reason ? p.reason(p.code_of(*e.reason)) : nullptr;
        if (r)
            j.value(r->key);
        else
            j.null();
        j.field("xtr_id", xtr_id_str(s.xtr_id))
            .field("site_id", s.site_id)
            .field("ttl", std::uint64_t{e.ttl});
        // In the shape msrt sessions writes a locator set in: the manifest is compared with its output.
        session::RlocSet rlocs;
        for (const Locator& l : e.rlocs)
            rlocs.push_back(session::Rloc::of(l));
        cli::append_rlocs_json(j.key("rlocs").raw_value(), rlocs);
        j.end_object();
    }
    j.end_array();
}

void write_faults(Json& j, const SessionTruth& s) {
    if (!s.faults_enabled) return;
    j.key("faults").begin_array();
    for (const FaultEvent& f : s.faults) {
        j.begin_object()
            .field("kind", f.kind)
            .field("dir", direction_key(f.dir))
            .field("id", std::uint64_t{f.id});
        j.key("eid");
        if (f.eid)
            j.value(f.eid->str());
        else
            j.null();
        j.end_object();
    }
    j.end_array();
}

void write_events(Json& j, const SessionTruth& s) {
    j.key("impairment_events").begin_array();
    for (const ImpairmentEvent& e : s.events) {
        j.begin_object().field("kind", e.kind).field("dir", direction_key(e.dir)).field("frame", e.frame);
        if (e.related_frame) j.field("overtaken_by", e.related_frame);
        if (e.octets) j.field("missing_octets", e.octets);
        j.end_object();
    }
    j.end_array();
}

}  // namespace

std::optional<Detail> detail_from_name(std::string_view name) {
    if (name == "full") return Detail::Full;
    if (name == "tables") return Detail::Tables;
    if (name == "counts") return Detail::Counts;
    return std::nullopt;
}

ManifestWriter::ManifestWriter(std::FILE* out, const ManifestHeader& h, Detail detail)
    : out_(out), profile_(*h.profile), detail_(detail) {
    Json j;
    j.begin_object()
        .field("generator", h.generator)
        .field("scenario", h.scenario)
        .field("seed", h.seed)
        .field("profile", profile_.name)
        .field("capture", h.capture)
        .field("format", h.format)
        .key("capture_start");
    if (h.capture_start)
        j.value(seconds(*h.capture_start), 6);
    else
        j.null();
    // The header fields, one a line, then the sessions array of the same object, streamed.
    std::string body = pretty_json(j.take() + "}", 0, 0);
    body = body.substr(2, body.size() - 4);
    std::fprintf(out_, "{\n%s,\n  \"sessions\": [", body.c_str());
}

void ManifestWriter::session(std::unique_ptr<SessionTruth> s) {
    if (!s->index) return;  // nothing of it reached the capture
    waiting_[*s->index] = std::move(s);
    write_ready();
}

void ManifestWriter::write_ready() {
    for (auto it = waiting_.find(next_); it != waiting_.end(); it = waiting_.find(next_)) {
        write_session(*it->second);
        waiting_.erase(it);
        ++next_;
    }
}

void ManifestWriter::write_session(const SessionTruth& s) {
    Json j;
    j.begin_object()
        .field("index", *s.index)
        .field("etr", endpoint(s.etr_ip, s.etr_port))
        .field("ms", endpoint(s.ms_ip, s.ms_port))
        .field("etr_name", s.etr_name)
        .field("ms_name", s.ms_name)
        .field("start", seconds(s.start), 6)
        .field("end", seconds(s.end), 6)
        .field("opened", s.opened_by_syn ? "syn" : "mid_stream")
        .field("end_reason", end_reason_key(s.end_reason))
        .key("closed_by");
    if (s.closed_by && s.end_reason != EndReason::CaptureEnd)
        j.value(s.closed_by);
    else
        j.null();
    write_udp_auth(j, s);
    write_counts(j, s, profile_);
    if (detail_ == Detail::Full) {
        j.key("messages").begin_array();
        for (const MessageTruth& m : s.messages)
            write_message(j, s, m, profile_);
        j.end_array();
    }
    if (detail_ != Detail::Counts) write_registrations(j, s, profile_);
    write_events(j, s);
    write_faults(j, s);
    j.end_object();
    std::fprintf(out_, "%s\n    %s", first_ ? "" : ",", pretty_json(j.str(), 4).c_str());
    first_ = false;
}

bool ManifestWriter::finish(const MergeStats& stats) {
    while (!waiting_.empty()) {
        next_ = waiting_.begin()->first;
        write_ready();
    }
    Json j;
    j.begin_array();
    for (const std::string& k : stats.impairments)
        j.value(k);
    j.end_array();
    std::fprintf(out_, "%s],\n  \"impairments\": %s,\n  \"frames\": %llu\n}\n", first_ ? "" : "\n  ",
                 pretty_json(j.str(), 2).c_str(), static_cast<unsigned long long>(stats.frames));
    return std::fflush(out_) == 0 && !std::ferror(out_);
}

}  // namespace msrt::synth
