#include "sessions/event_output.hpp"

#include <unistd.h>

#include "common/json.hpp"
#include "sessions/csv.hpp"
#include "sessions/session_state.hpp"
#include "sessions/time_text.hpp"

namespace msrt::cli {
namespace {

const char* arrow(const std::optional<Direction>& d) {
    if (!d) return "  ";
    return *d == Direction::EtrToMs ? "->" : "<-";
}

std::string latency_text(Micros us) {
    std::string text;
    append_seconds(text, us);
    return text;
}

std::string extras_text(const Event& e) {
    std::string s;
    for (const auto& [k, v] : e.extra)
        s += std::string(s.empty() ? "" : " ") + k + "=" + v;
    return s;
}

}  // namespace

EventWriter::EventWriter(std::FILE* out, const Options& o)
    : out_(out), format_(o.format), interactive_(isatty(fileno(out))) {
    if (format_ == Format::Csv)
        csv_row(out_, {"at", "frame", "session", "etr", "ms", "event", "dir", "id", "eid", "answers",
                       "latency", "expected", "offset", "octets", "detail"});
}

void EventWriter::write(const Event& e) {
    switch (format_) {
        case Format::Json:
            json(e);
            break;
        case Format::Csv:
            csv(e);
            break;
        case Format::Table:
            text(e);
            break;
    }
}

void EventWriter::text(const Event& e) {
    std::string detail = e.detail;
    if (e.latency)
        detail += (detail.empty() ? "" : ", ") + std::string("after ") + latency_text(*e.latency) + " s";
    if (e.answers)
        detail += (detail.empty() ? "" : ", ") + std::string("answers ID ") + std::to_string(*e.answers);
    if (e.expected)
        detail += (detail.empty() ? "" : ", ") + std::string("expected ID ") + std::to_string(*e.expected);
    if (e.octets) detail += (detail.empty() ? "" : ", ") + std::to_string(*e.octets) + " octets";
    std::string extra = extras_text(e);
    if (!extra.empty()) detail += (detail.empty() ? "" : "  ") + std::string("[") + extra + "]";
    std::string who = e.session ? "#" + std::to_string(e.session->id) + " " + session_text(*e.session).etr
                                : e.address.value_or("");
    std::fprintf(out_, "%s  %-28s %s %-24s %6s  %-26s %s\n", iso_text(e.at).c_str(), who.c_str(),
                 arrow(e.dir), e.name, e.id ? std::to_string(*e.id).c_str() : "", e.eid.value_or("").c_str(),
                 detail.c_str());
}

// A session's endpoints, rendered once per run of its events rather than per event. A session's state is
// freed when it ends, and another may take its address: the id tells them apart.
const EventWriter::SessionText& EventWriter::session_text(const SessionState& s) {
    if (session_.session == &s && session_.id == s.id) return session_;
    SessionInfo info = s.info();
    session_.id = s.id;
    session_.session = &s;
    session_.etr = info.etr.str();
    session_.ms = info.ms.str();
    session_.etr_json.clear();
    append_json_string(session_.etr_json, session_.etr);
    session_.ms_json.clear();
    append_json_string(session_.ms_json, session_.ms);
    return session_;
}

// Events accumulate in the builder and go out in chunks: a write per event (and its newline) cost more than
// formatting it. On a terminal each goes out at once.
void EventWriter::json(const Event& e) {
    constexpr std::size_t kChunk = 64u << 10;
    Json& j = json_;
    j.begin_object();
    append_epoch(j.key("at").raw_value(), e.at);
    j.field("frame", e.frame);
    if (e.session) {
        const SessionText& t = session_text(*e.session);
        j.field("session", e.session->id).key("etr").raw(t.etr_json).key("ms").raw(t.ms_json);
    } else {
        j.key("session").null();
    }
    j.field("event", e.name);
    if (e.dir) j.field("dir", direction_key(*e.dir));
    if (e.id) j.field("id", unsigned{*e.id});
    if (e.eid) j.field("eid", *e.eid);
    if (e.answers) j.field("answers", unsigned{*e.answers});
    if (e.latency) append_seconds(j.key("latency").raw_value(), *e.latency);
    if (e.expected) j.field("expected", unsigned{*e.expected});
    if (e.offset) j.field("offset", *e.offset);
    if (e.octets) j.field("octets", *e.octets);
    if (e.address) j.field("address", *e.address);
    for (const auto& [k, v] : e.extra)
        j.field(k, v);
    if (!e.detail.empty()) j.field("detail", e.detail);
    j.end_object();
    j.raw_value() += '\n';  // objects at the top level, one per line
    if (j.str().size() >= kChunk || interactive_) flush();
}

void EventWriter::flush() {
    std::fwrite(json_.str().data(), 1, json_.str().size(), out_);
    json_.clear();
}

void EventWriter::csv(const Event& e) {
    auto opt = [](const auto& v) { return v ? std::to_string(*v) : std::string(); };
    std::string detail = e.detail;
    std::string extra = extras_text(e);
    if (!extra.empty()) detail += (detail.empty() ? "" : " ") + extra;
    csv_row(out_, {epoch_text(e.at), std::to_string(e.frame), e.session ? std::to_string(e.session->id) : "",
                   e.session ? session_text(*e.session).etr : e.address.value_or(""),
                   e.session ? session_text(*e.session).ms : "", e.name, e.dir ? direction_key(*e.dir) : "",
                   opt(e.id), e.eid.value_or(""), opt(e.answers), e.latency ? latency_text(*e.latency) : "",
                   opt(e.expected), opt(e.offset), opt(e.octets), detail});
}

}  // namespace msrt::cli
