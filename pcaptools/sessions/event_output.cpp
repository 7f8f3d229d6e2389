#include "sessions/event_output.hpp"

#include <unistd.h>

#include <cstring>

#include "common/json.hpp"
#include "sessions/chars.hpp"
#include "sessions/csv.hpp"
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
    std::string who =
        e.session ? "#" + std::to_string(e.session->id) + " " + session_text(*e.session).etr : e.address;
    std::fprintf(out_, "%s  %-28s %s %-24s %6s  %-26s %s\n", iso_text(e.at).c_str(), who.c_str(),
                 arrow(e.dir), e.name, e.id ? std::to_string(*e.id).c_str() : "", e.eid.c_str(),
                 detail.c_str());
}

// A session's endpoints, rendered once per run of its events rather than per event: its id tells it.
const EventWriter::SessionText& EventWriter::session_text(const SessionInfo& s) {
    if (session_.valid && session_.id == s.id) return session_;
    session_.id = s.id;
    session_.valid = true;
    session_.etr = s.etr.str();
    session_.ms = s.ms.str();
    session_.json = ",\"session\":";
    append_json_uint(session_.json, s.id);
    session_.json += ",\"etr\":";
    append_json_string(session_.json, session_.etr);
    session_.json += ",\"ms\":";
    append_json_string(session_.json, session_.ms);
    return session_;
}

// Written as text of a fixed shape, not through the Json builder: `msrt events` writes a line per message,
// and the builder's generic keys and separators were a third of its time. Each line is composed in room made
// for the most it can take; the lines accumulate and go out in chunks (a write per line cost more than
// formatting it); on a terminal each goes out at once.
namespace {

// Keys, punctuation, the name, the numbers and the time of an event line at most; its strings are added.
constexpr std::size_t kEventFixed = 512;

std::size_t line_room(const Event& e, std::size_t session_text) {
    std::size_t room = kEventFixed + session_text + json_string_room(e.eid.size()) +
                       json_string_room(e.detail.size()) + json_string_room(e.address.size());
    for (const auto& [k, v] : e.extra)
        room += 5 + std::strlen(k) + json_string_room(v.size());
    return room;
}

}  // namespace

void EventWriter::json(const Event& e) {
    constexpr std::size_t kChunk = 64u << 10;
    const SessionText* t = e.session ? &session_text(*e.session) : nullptr;
    std::string& o = pending_;
    std::size_t at = o.size();
    o.resize(at + line_room(e, t ? t->json.size() : 0));
    Chars c(o.data() + at);
    c.lit("{\"at\":").time(e.at).lit(",\"frame\":").uint(e.frame);
    t ? c.text(t->json) : c.lit(",\"session\":null");
    // The name, the direction and the keys of the extra fields are static identifiers: nothing to escape.
    c.lit(",\"event\":\"").text(e.name).lit("\"");
    if (e.dir) c.lit(",\"dir\":\"").text(direction_key(*e.dir)).lit("\"");
    if (e.id) c.lit(",\"id\":").uint(*e.id);
    if (!e.eid.empty()) c.lit(",\"eid\":").string(e.eid);
    if (e.answers) c.lit(",\"answers\":").uint(*e.answers);
    if (e.latency) c.lit(",\"latency\":").seconds(*e.latency);
    if (e.expected) c.lit(",\"expected\":").uint(*e.expected);
    if (e.offset) c.lit(",\"offset\":").uint(*e.offset);
    if (e.octets) c.lit(",\"octets\":").uint(*e.octets);
    if (!e.address.empty()) c.lit(",\"address\":").string(e.address);
    for (const auto& [k, v] : e.extra)
        c.lit(",\"").text(k).lit("\":").string(v);
    if (!e.detail.empty()) c.lit(",\"detail\":").string(e.detail);
    c.lit("}\n");
    o.resize(static_cast<std::size_t>(c.end() - o.data()));
    if (o.size() >= kChunk || interactive_) flush();
}

void EventWriter::flush() {
    std::fwrite(pending_.data(), 1, pending_.size(), out_);
    pending_.clear();
}

void EventWriter::csv(const Event& e) {
    auto opt = [](const auto& v) { return v ? std::to_string(*v) : std::string(); };
    std::string detail = e.detail;
    std::string extra = extras_text(e);
    if (!extra.empty()) detail += (detail.empty() ? "" : " ") + extra;
    csv_row(out_, {epoch_text(e.at), std::to_string(e.frame), e.session ? std::to_string(e.session->id) : "",
                   e.session ? session_text(*e.session).etr : e.address,
                   e.session ? session_text(*e.session).ms : "", e.name, e.dir ? direction_key(*e.dir) : "",
                   opt(e.id), e.eid, opt(e.answers), e.latency ? latency_text(*e.latency) : "",
                   opt(e.expected), opt(e.offset), opt(e.octets), detail});
}

}  // namespace msrt::cli
