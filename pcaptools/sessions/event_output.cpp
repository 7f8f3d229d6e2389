#include "sessions/event_output.hpp"

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

std::string session_text(const Event& e) {
    if (!e.session) return e.address.value_or("");
    return "#" + std::to_string(e.session->id) + " " + e.session->info().etr.str();
}

std::string latency_text(Micros us) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6f", static_cast<double>(us) / 1e6);
    return buf;
}

std::string extras_text(const Event& e) {
    std::string s;
    for (const auto& [k, v] : e.extra)
        s += std::string(s.empty() ? "" : " ") + k + "=" + v;
    return s;
}

}  // namespace

EventWriter::EventWriter(std::FILE* out, const Options& o) : out_(out), format_(o.format) {
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
    std::fprintf(out_, "%s  %-28s %s %-24s %6s  %-26s %s\n", iso_text(e.at).c_str(), session_text(e).c_str(),
                 arrow(e.dir), e.name, e.id ? std::to_string(*e.id).c_str() : "", e.eid.value_or("").c_str(),
                 detail.c_str());
}

void EventWriter::json(const Event& e) {
    Json j;
    j.begin_object().key("at").number(epoch_text(e.at)).field("frame", e.frame);
    if (e.session) {
        j.field("session", e.session->id)
            .field("etr", e.session->info().etr.str())
            .field("ms", e.session->info().ms.str());
    } else {
        j.key("session").null();
    }
    j.field("event", e.name);
    if (e.dir) j.field("dir", direction_key(*e.dir));
    if (e.id) j.field("id", unsigned{*e.id});
    if (e.eid) j.field("eid", *e.eid);
    if (e.answers) j.field("answers", unsigned{*e.answers});
    if (e.latency) j.key("latency").number(latency_text(*e.latency));
    if (e.expected) j.field("expected", unsigned{*e.expected});
    if (e.offset) j.field("offset", *e.offset);
    if (e.octets) j.field("octets", *e.octets);
    if (e.address) j.field("address", *e.address);
    for (const auto& [k, v] : e.extra)
        j.field(k, v);
    if (!e.detail.empty()) j.field("detail", e.detail);
    j.end_object();
    std::fprintf(out_, "%s\n", j.str().c_str());
}

void EventWriter::csv(const Event& e) {
    auto opt = [](const auto& v) { return v ? std::to_string(*v) : std::string(); };
    std::string detail = e.detail;
    std::string extra = extras_text(e);
    if (!extra.empty()) detail += (detail.empty() ? "" : " ") + extra;
    csv_row(out_, {epoch_text(e.at), std::to_string(e.frame), e.session ? std::to_string(e.session->id) : "",
                   e.session ? e.session->info().etr.str() : e.address.value_or(""),
                   e.session ? e.session->info().ms.str() : "", e.name, e.dir ? direction_key(*e.dir) : "",
                   opt(e.id), e.eid.value_or(""), opt(e.answers), e.latency ? latency_text(*e.latency) : "",
                   opt(e.expected), opt(e.offset), opt(e.octets), detail});
}

}  // namespace msrt::cli
