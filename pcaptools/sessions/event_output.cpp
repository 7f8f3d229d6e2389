#include "sessions/event_output.hpp"

#include <unistd.h>

#include <algorithm>
#include <charconv>
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
constexpr std::size_t kChunk = 64u << 10;  // lines held before they are written

std::size_t line_room(const Event& e, std::size_t session_text) {
    std::size_t room = kEventFixed + session_text + json_string_room(e.eid.size()) +
                       json_string_room(e.detail.size()) + json_string_room(e.address.size());
    for (const auto& [k, v] : e.extra)
        room += 5 + std::strlen(k) + json_string_room(v.size());
    return room;
}

}  // namespace

// A line composed by `compose` in `room` made at the end of the pending lines, which go out once they fill a
// chunk (or at once on a terminal).
template <class Compose>
void EventWriter::line(std::size_t room, Compose compose) {
    Chars c = scratch_.room(room);
    compose(c);
    scratch_.append_to(pending_, c);
    if (pending_.size() >= kChunk || interactive_) flush();
}

void EventWriter::json(const Event& e) {
    const SessionText* t = e.session ? &session_text(*e.session) : nullptr;
    line(line_room(e, t ? t->json.size() : 0), [&](Chars& c) {
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
    });
}

// Columns of fixed width (events stream out, so they cannot be sized to their contents), composed like the
// JSON lines: printf and a temporary string per piece made the table three times slower than JSON.
namespace {

constexpr std::size_t kWho = 28, kName = 24, kId = 6, kEid = 26;

std::size_t text_room(const Event& e, std::size_t etr) {
    std::size_t room = kEventFixed + kIsoChars + std::max(kWho, 22 + etr + e.address.size()) +
                       std::max(kName, std::strlen(e.name)) + std::max(kEid, e.eid.size()) + e.detail.size();
    for (const auto& [k, v] : e.extra)
        room += 2 + std::strlen(k) + v.size();
    return room;
}

// The detail column: the event's text, then what it adds to it, each after a separator once there is text.
void detail_chars(Chars& c, const Event& e) {
    bool any = !e.detail.empty();
    c.text(e.detail);
    auto next = [&](std::string_view separator) -> Chars& {
        if (any) c.text(separator);
        any = true;
        return c;
    };
    if (e.latency) next(", ").lit("after ").seconds(*e.latency).lit(" s");
    if (e.answers) next(", ").lit("answers ID ").uint(*e.answers);
    if (e.expected) next(", ").lit("expected ID ").uint(*e.expected);
    if (e.octets) next(", ").uint(*e.octets).lit(" octets");
    if (e.extra.empty()) return;
    next("  ").lit("[");
    for (const auto& [k, v] : e.extra) {
        if (&k != &e.extra.front().first) c.lit(" ");
        c.text(k).lit("=").text(v);
    }
    c.lit("]");
}

}  // namespace

void EventWriter::text(const Event& e) {
    const SessionText* t = e.session ? &session_text(*e.session) : nullptr;
    line(text_room(e, t ? t->etr.size() : 0), [&](Chars& c) {
        c.iso(e.at).lit("  ");
        const char* who = c.end();
        t ? c.lit("#").uint(e.session->id).lit(" ").text(t->etr) : c.text(e.address);
        c.pad(who, kWho).lit(" ").text(arrow(e.dir)).lit(" ").left(e.name, kName).lit(" ");
        char id[16];
        char* id_end = e.id ? std::to_chars(id, id + sizeof id, *e.id).ptr : id;
        c.right(std::string_view(id, static_cast<std::size_t>(id_end - id)), kId).lit("  ");
        c.left(e.eid, kEid).lit(" ");
        detail_chars(c, e);
        c.lit("\n");
    });
}

void EventWriter::flush() {
    std::fwrite(pending_.data(), 1, pending_.size(), out_);
    pending_.clear();
}

// Cell by cell into the pending lines, as the table: a string per cell and a write per line were most of the
// cost of `msrt events --csv`.
void EventWriter::csv(const Event& e) {
    const SessionText* t = e.session ? &session_text(*e.session) : nullptr;
    std::string_view detail = e.detail;
    if (!e.extra.empty()) {
        detail_ = e.detail;
        for (const auto& [k, v] : e.extra)
            detail_.append(&k == &e.extra.front().first && e.detail.empty() ? "" : " ")
                .append(k)
                .append("=")
                .append(v);
        detail = detail_;
    }
    // Numbers, commas and the time within kEventFixed; each text cell at worst doubled and quoted.
    std::size_t room = kEventFixed + csv_cell_room(std::strlen(e.name)) + csv_cell_room(e.eid.size()) +
                       csv_cell_room(detail.size()) + csv_cell_room(e.address.size()) +
                       (t ? csv_cell_room(t->etr.size()) + csv_cell_room(t->ms.size()) : 0);
    line(room, [&](Chars& c) {
        auto number = [&c](std::optional<std::uint64_t> v) -> Chars& {
            return v ? c.uint(*v).lit(",") : c.lit(",");
        };
        c.time(e.at).lit(",");
        number(e.frame);
        number(t ? std::optional<std::uint64_t>(e.session->id) : std::nullopt);
        c.csv(t ? std::string_view(t->etr) : std::string_view(e.address)).lit(",");
        c.csv(t ? std::string_view(t->ms) : std::string_view()).lit(",");
        c.csv(e.name).lit(",").csv(e.dir ? direction_key(*e.dir) : "").lit(",");
        number(e.id);
        c.csv(e.eid).lit(",");
        number(e.answers);
        if (e.latency) c.seconds(*e.latency);
        c.lit(",");
        number(e.expected);
        number(e.offset);
        number(e.octets);
        c.csv(detail).lit("\n");
    });
}

}  // namespace msrt::cli
