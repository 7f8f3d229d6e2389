#include "sessions/event_output.hpp"

#include <unistd.h>

#include "common/json.hpp"
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
    session_.etr_json.clear();
    append_json_string(session_.etr_json, session_.etr);
    session_.ms_json.clear();
    append_json_string(session_.ms_json, session_.ms);
    return session_;
}

// Written as text of a fixed shape, not through the Json builder: `msrt events` writes a line per message,
// and the builder's generic keys and separators were a third of its time. The lines accumulate and go out
// in chunks (a write per line cost more than formatting it); on a terminal each goes out at once.
namespace {

template <class T>
void uint_member(std::string& o, std::string_view key, T v) {
    o += key;
    append_json_uint(o, v);
}

void string_member(std::string& o, std::string_view key, std::string_view v) {
    o += key;
    append_json_string(o, v);
}

}  // namespace

void EventWriter::json(const Event& e) {
    constexpr std::size_t kChunk = 64u << 10;
    std::string& o = pending_;
    o += "{\"at\":";
    append_epoch(o, e.at);
    uint_member(o, ",\"frame\":", e.frame);
    if (e.session) {
        const SessionText& t = session_text(*e.session);
        uint_member(o, ",\"session\":", e.session->id);
        o += ",\"etr\":";
        o += t.etr_json;
        o += ",\"ms\":";
        o += t.ms_json;
    } else {
        o += ",\"session\":null";
    }
    string_member(o, ",\"event\":", e.name);
    if (e.dir) string_member(o, ",\"dir\":", direction_key(*e.dir));
    if (e.id) uint_member(o, ",\"id\":", *e.id);
    if (!e.eid.empty()) string_member(o, ",\"eid\":", e.eid);
    if (e.answers) uint_member(o, ",\"answers\":", *e.answers);
    if (e.latency) {
        o += ",\"latency\":";
        append_seconds(o, *e.latency);
    }
    if (e.expected) uint_member(o, ",\"expected\":", *e.expected);
    if (e.offset) uint_member(o, ",\"offset\":", *e.offset);
    if (e.octets) uint_member(o, ",\"octets\":", *e.octets);
    if (!e.address.empty()) string_member(o, ",\"address\":", e.address);
    for (const auto& [k, v] : e.extra) {
        o += ',';
        append_json_string(o, k);
        o += ':';
        append_json_string(o, v);
    }
    if (!e.detail.empty()) string_member(o, ",\"detail\":", e.detail);
    o += "}\n";
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
