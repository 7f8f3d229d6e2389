#include "sessions/decode_printer.hpp"

#include <algorithm>
#include <cinttypes>

#include "common/message_text.hpp"
#include "msrt/codec.hpp"
#include "msrt/map_register.hpp"
#include "sessions/time_text.hpp"

namespace msrt::cli {
namespace {

constexpr const char* kArrow = " \u2192 ";
constexpr std::size_t kWhatWidth = 26;  // "Membership Refresh Request"
constexpr std::size_t kIdWidth = 8;

std::size_t display_width(std::string_view s) {
    std::size_t n = 0;
    for (unsigned char c : s)
        n += (c & 0xC0) != 0x80;  // count UTF-8 code points, not octets
    return n;
}

// `s` and spaces after it up to `width` columns on a terminal (`display` true) or octets, as printf's "%-*s".
void append_left(std::string& out, std::string_view s, std::size_t width, bool display = true) {
    std::size_t w = display ? display_width(s) : s.size();
    out += s;
    if (w < width) out.append(width - w, ' ');
}

// What was appended to `out` since `from`, right-aligned in `width` octets as printf's "%*s".
void right_align_from(std::string& out, std::size_t from, std::size_t width) {
    std::size_t n = out.size() - from;
    if (n < width) out.insert(from, width - n, ' ');
}

std::string pad(std::string_view s, std::size_t width) {
    std::string out;
    append_left(out, s, width);
    return out;
}

std::string tag(const SessionInfo& s) {
    return "#" + std::to_string(s.id);
}

const char* end_key(SessionEnd how) {
    switch (how) {
        case SessionEnd::Fin:
            return "fin";
        case SessionEnd::Rst:
            return "rst";
        case SessionEnd::CaptureEnd:
            return "capture_end";
    }
    return "?";
}

const char* end_text(SessionEnd how) {
    switch (how) {
        case SessionEnd::Fin:
            return "FIN";
        case SessionEnd::Rst:
            return "RST";
        case SessionEnd::CaptureEnd:
            return "end of capture";
    }
    return "?";
}

const char* problem_key(FramingProblem p) {
    switch (p) {
        case FramingProblem::LengthTooSmall:
            return "length_too_small";
        case FramingProblem::ShortForm:
            return "short_form";
        case FramingProblem::LengthUnderflow:
            return "length_underflow";
        case FramingProblem::LengthTooLarge:
            return "length_too_large";
        case FramingProblem::BadEndMarker:
            return "bad_end_marker";
        case FramingProblem::Truncated:
            return "truncated";
    }
    return "?";
}

std::string framing_detail(const FramingError& e) {
    char value[32];
    if (e.problem == FramingProblem::BadEndMarker)
        std::snprintf(value, sizeof value, "found 0x%08x", e.value);
    else
        std::snprintf(value, sizeof value, "Length %u", e.value);
    return std::string(framing_problem_name(e.problem)) + " (" + value + ") at stream offset " +
           std::to_string(e.offset);
}

const char* lisp_type_name(unsigned type) {
    static constexpr const char* kNames[] = {"LISP type 0",  "Map-Request",  "Map-Reply",
                                             "Map-Register", "Map-Notify",   "Map-Notify-Ack",
                                             "Map-Referral", "Info-Request", "Encapsulated Control Message"};
    return type < std::size(kNames) ? kNames[type] : "LISP type (reserved)";
}

// The common header, for labelling a message whose body does not decode (the framer checked Length and
// marker).
struct HeaderFields {
    std::uint16_t type = 0;
    std::uint32_t id = 0;
};
HeaderFields header_fields(ByteView m) {
    HeaderFields h;
    if (m.size() >= 2) h.type = load_be16(m.data());
    if (m.size() >= wire::kMinLength) h.id = load_be32(m.data() + 4);
    return h;
}

}  // namespace

// Composed without printf: `msrt decode` writes a line per message.
void DecodePrinter::append_time(std::string& out, Micros t) const {
    switch (o_.time) {
        case TimeFormat::Epoch:
            return append_epoch(out, t);
        case TimeFormat::Relative:
            return append_seconds(out, t - first_time_);
        case TimeFormat::Utc:
            out += clock_text(t);
            return;
    }
}

const std::string& DecodePrinter::flow(const SessionInfo& s, Direction d) {
    if (flow_.valid && flow_.id == s.id && flow_.dir == d) return flow_.text;
    const Endpoint& from = d == Direction::EtrToMs ? s.etr : s.ms;
    const Endpoint& to = d == Direction::EtrToMs ? s.ms : s.etr;
    flow_.text = from.str() + kArrow + to.str();
    flow_.id = s.id;
    flow_.dir = d;
    flow_.valid = true;
    return flow_.text;
}

int DecodePrinter::time_width() const {
    switch (o_.time) {
        case TimeFormat::Relative:
            return 11;  // "1234.123456"
        case TimeFormat::Utc:
            return 15;  // "22:13:20.000000"
        case TimeFormat::Epoch:
            return 17;  // "1700000000.000000"
    }
    return 11;
}

void DecodePrinter::header() {
    header_done_ = true;
    const char* when = o_.time == TimeFormat::Relative ? "time"
                       : o_.time == TimeFormat::Utc    ? "UTC"
                                                       : "epoch";
    std::fprintf(out_, "%6s  %*s  %-4s  %s  %s  %s  %s\n", "frame", time_width(), when, "sess",
                 pad("source → destination", flow_width_).c_str(), pad("message", kWhatWidth).c_str(),
                 pad("id", kIdWidth).c_str(), "content");
}

void DecodePrinter::print(const PacketRef& at, const Row& row) {
    if (!header_done_) header();
    flow_width_ = std::max(flow_width_, display_width(row.flow));
    line_.clear();
    append_json_uint(line_, at.frame);
    right_align_from(line_, 0, 6);
    line_ += "  ";
    std::size_t time_at = line_.size();
    append_time(line_, at.time);
    right_align_from(line_, time_at, static_cast<std::size_t>(time_width()));
    line_ += "  ";
    append_left(line_, row.tag, 4, false);
    line_ += "  ";
    append_left(line_, row.flow, flow_width_);
    line_ += "  ";
    append_left(line_, row.what, kWhatWidth);
    line_ += "  ";
    append_left(line_, row.id, kIdWidth);
    line_ += "  ";
    line_ += row.detail;
    line_ += '\n';
    std::fwrite(line_.data(), 1, line_.size(), out_);
}

Json& DecodePrinter::begin(const char* event, const PacketRef& at) {
    json_.begin_object().field("event", event).field("frame", at.frame).key("time");
    append_epoch(json_.raw_value(), at.time);
    return json_;
}

Json& DecodePrinter::begin(const char* event, const SessionInfo& s, Direction d, const PacketRef& at) {
    begin(event, at).field("session", s.id).field("dir", direction_key(d));
    const Endpoint& src = d == Direction::EtrToMs ? s.etr : s.ms;
    const Endpoint& dst = d == Direction::EtrToMs ? s.ms : s.etr;
    return json_.field("src", src.str()).field("dst", dst.str());
}

void DecodePrinter::end() {
    json_.end_object();
    const std::string& line = json_.str();
    std::fwrite(line.data(), 1, line.size(), out_);
    std::fputc('\n', out_);
    json_.clear();  // keeps its capacity for the next line
}

void DecodePrinter::finding(const SessionInfo* s) {
    ++findings_;
    if (!s) return;
    if (auto it = open_.find(s->id); it != open_.end()) ++it->second.findings;
}

void DecodePrinter::on_session_open(const SessionInfo& s, SessionStart how, const PacketRef& at) {
    ++sessions_;
    open_[s.id].mid_stream = how == SessionStart::MidStream;
    const char* start = how == SessionStart::Syn ? "syn" : "mid_stream";
    if (o_.json) {
        begin("session_open", at).field("session", s.id).field("etr", s.etr.str()).field("ms", s.ms.str());
        json_.field("start", start);
        return end();
    }
    print(at, Row{tag(s), s.etr.str() + " \u21c4 " + s.ms.str(), "session open", "",
                  how == SessionStart::Syn ? "SYN" : "joined mid-stream (no SYN in the capture)"});
}

void DecodePrinter::on_message(const SessionInfo& s, Direction d, const PacketRef& at, ByteView message,
                               std::uint64_t offset) {
    ++messages_;
    if (auto it = open_.find(s.id); it != open_.end())
        ++(d == Direction::EtrToMs ? it->second.up : it->second.down);
    bool ok = false;
    Error error;
    const Message& m = slots_.decode(message, *o_.profile, ok, error);
    HeaderFields h = ok ? HeaderFields{m.header.type, m.header.id} : header_fields(message);
    if (!ok) finding(&s);
    if (o_.json) {
        begin("message", s, d, at).field("offset", offset).field("length", message.size());
        const TypeEntry* t = o_.profile->type(h.type);
        json_.field("type", t ? t->key : "unknown").field("type_code", h.type).field("id", h.id);
        if (ok)
            message_json(json_, m, *o_.profile);
        else
            json_.field("malformed", error.str());
        return end();
    }
    std::string detail = ok ? message_summary(m, *o_.profile) : "! malformed: " + error.str();
    print(at, Row{tag(s), flow(s, d), type_label(h.type, *o_.profile), "id " + std::to_string(h.id), detail});
}

void DecodePrinter::on_framing_error(const SessionInfo& s, Direction d, const PacketRef& at,
                                     const FramingError& e) {
    finding(&s);
    if (o_.json) {
        begin("framing_error", s, d, at).field("offset", e.offset).field("problem", problem_key(e.problem));
        json_.field("value", static_cast<std::uint64_t>(e.value));
        return end();
    }
    print(at, Row{tag(s), flow(s, d), "! framing error", "", framing_detail(e)});
}

void DecodePrinter::on_skipped(const SessionInfo& s, Direction d, const PacketRef& at, std::uint64_t offset,
                               std::uint64_t count) {
    auto it = open_.find(s.id);
    // Joining a stream mid-way means starting inside a message: passing over its tail is expected.
    bool expected = offset == 0 && it != open_.end() && it->second.mid_stream;
    if (!expected) finding(&s);
    if (o_.json) {
        begin("skipped", s, d, at).field("offset", offset).field("count", count).field("expected", expected);
        return end();
    }
    std::string detail =
        std::to_string(count) + " octets at stream offset " + std::to_string(offset) +
        (expected ? " (tail of a message before the capture began)" : " to the next good header");
    print(at, Row{tag(s), flow(s, d), expected ? "skipped" : "! skipped", "", detail});
}

void DecodePrinter::on_gap(const SessionInfo& s, Direction d, const PacketRef& at, std::uint64_t offset,
                           std::uint64_t count) {
    finding(&s);
    if (o_.json) {
        begin("gap", s, d, at).field("offset", offset).field("count", count);
        return end();
    }
    print(at, Row{tag(s), flow(s, d), "! capture gap", "",
                  std::to_string(count) + " octets not in the capture at stream offset " +
                      std::to_string(offset)});
}

void DecodePrinter::on_transport_note(const SessionInfo& s, Direction d, const PacketRef& at,
                                      const std::string& note) {
    finding(&s);
    if (o_.json) {
        begin("transport_note", s, d, at).field("note", note);
        return end();
    }
    print(at, Row{tag(s), flow(s, d), "! TCP", "", note});
}

void DecodePrinter::on_session_close(const SessionInfo& s, SessionEnd how, const PacketRef& at) {
    SessionCounts c = open_[s.id];
    open_.erase(s.id);
    if (o_.json) {
        begin("session_close", at).field("session", s.id).field("end", end_key(how));
        json_.field("etr_to_ms", c.up).field("ms_to_etr", c.down).field("findings", c.findings);
        return end();
    }
    std::string detail = std::string(end_text(how)) + "; messages " + std::to_string(c.up) +
                         " ETR\u2192MS, " + std::to_string(c.down) + " MS\u2192ETR" +
                         (c.findings ? "; " + std::to_string(c.findings) + " findings" : "");
    print(at, Row{tag(s), s.etr.str() + " \u21c4 " + s.ms.str(), "session close", "", detail});
}

void DecodePrinter::on_udp_lisp(const UdpLisp& u, const PacketRef& at) {
    ++udp_;
    unsigned type = u.payload.empty() ? 0 : u.payload[0] >> 4;
    bool registration = type == wire::lisp::kMapRegister || type == wire::lisp::kMapNotify;
    Result<MapRegister> m = registration ? decode_map_register(u.payload) : Result<MapRegister>(Error{});
    if (registration && !m) finding(nullptr);
    if (o_.json) {
        begin("udp", at).field("src", u.src.str()).field("dst", u.dst.str()).field("lisp_type", type);
        json_.field("length", u.payload.size());
        if (registration && m)
            map_register_json(json_, *m);
        else if (registration)
            json_.field("malformed", m.error().str());
        return end();
    }
    std::string detail = !registration ? std::to_string(u.payload.size()) + " octets (not decoded)"
                         : m           ? map_register_summary(*m)
                                       : "! malformed: " + m.error().str();
    print(at, Row{"udp", u.src.str() + kArrow + u.dst.str(), std::string("UDP ") + lisp_type_name(type), "",
                  detail});
}

void DecodePrinter::on_input_problem(const PacketRef& at, const std::string& what) {
    finding(nullptr);
    if (o_.json) {
        begin("input_problem", at).field("problem", what);
        return end();
    }
    print(at, Row{"", "", "! input problem", "", what});
}

void DecodePrinter::finish() {
    std::fflush(out_);
    if (o_.json) return;
    if (!header_done_) std::fprintf(out_, "no reliable-transport sessions or UDP LISP messages found\n");
    std::fprintf(out_,
                 "\n%" PRIu64 " session%s, %" PRIu64 " message%s, %" PRIu64 " UDP LISP message%s; %" PRIu64
                 " finding%s\n",
                 sessions_, sessions_ == 1 ? "" : "s", messages_, messages_ == 1 ? "" : "s", udp_,
                 udp_ == 1 ? "" : "s", findings_, findings_ == 1 ? "" : "s");
    std::fflush(out_);
}

}  // namespace msrt::cli
