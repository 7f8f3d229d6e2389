// msrt events' table and CSV lines (EventWriter) against printf and RFC 4180, written here independently.
// The table: the columns "%s  %-28s %s %-24s %6s  %-26s %s" (time, session or address, arrow, event, Message
// ID, EID, detail), values longer than their column never cut, and the detail composed of the event's text
// and what it adds. The CSV: fifteen cells, quoted when they hold a comma, a quote or a newline. The writer
// composes both without printf or a string per cell.
#include <catch2/catch.hpp>
#include <string>

#include "event_timeline.hpp"
#include "sessions/time_text.hpp"

using namespace msrt;
using namespace msrt::cli;
using namespace msrt::cli::test;

namespace {

std::string printed(const char* format, auto... args) {
    int n = std::snprintf(nullptr, 0, format, args...);
    std::string out(static_cast<std::size_t>(n) + 1, '\0');
    std::snprintf(out.data(), out.size(), format, args...);
    out.pop_back();
    return out;
}

std::string reference_detail(const Event& e) {
    std::string detail = e.detail;
    auto add = [&detail](const char* separator, const std::string& text) {
        detail += (detail.empty() ? "" : separator) + text;
    };
    if (e.latency) add(", ", printed("after %.6f s", static_cast<double>(*e.latency) / 1e6));
    if (e.answers) add(", ", "answers ID " + std::to_string(*e.answers));
    if (e.expected) add(", ", "expected ID " + std::to_string(*e.expected));
    if (e.octets) add(", ", std::to_string(*e.octets) + " octets");
    std::string extras;
    for (const auto& [key, value] : e.extra)
        extras += (extras.empty() ? "" : " ") + std::string(key) + "=" + value;
    if (!extras.empty()) add("  ", "[" + extras + "]");
    return detail;
}

std::string reference_line(const Event& e) {
    std::string who =
        e.session ? "#" + std::to_string(e.session->id) + " " + e.session->etr.str() : e.address;
    const char* arrow = !e.dir ? "  " : *e.dir == Direction::EtrToMs ? "->" : "<-";
    std::string id = e.id ? std::to_string(*e.id) : "";
    return printed("%s  %-28s %s %-24s %6s  %-26s %s\n", iso_text(e.at).c_str(), who.c_str(), arrow, e.name,
                   id.c_str(), e.eid.c_str(), reference_detail(e).c_str());
}

std::string epoch(Micros t) {  // the times here are after 1970
    return printed("%lld.%06lld", static_cast<long long>(t / 1'000'000),
                   static_cast<long long>(t % 1'000'000));
}

std::string csv_cell(const std::string& v) {
    if (v.find_first_of(",\"\n") == std::string::npos) return v;
    std::string quoted = "\"";
    for (char c : v)
        quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
}

std::string reference_csv(const Event& e) {
    auto number = [](auto v) { return v ? std::to_string(*v) : std::string(); };
    std::string extras;
    for (const auto& [key, value] : e.extra)
        extras += (extras.empty() ? "" : " ") + std::string(key) + "=" + value;
    std::string detail = e.detail + (extras.empty() || e.detail.empty() ? "" : " ") + extras;
    const std::string cells[] = {epoch(e.at),
                                 std::to_string(e.frame),
                                 e.session ? std::to_string(e.session->id) : "",
                                 e.session ? e.session->etr.str() : e.address,
                                 e.session ? e.session->ms.str() : "",
                                 e.name,
                                 !e.dir                         ? ""
                                 : *e.dir == Direction::EtrToMs ? "etr_to_ms"
                                                                : "ms_to_etr",
                                 number(e.id),
                                 e.eid,
                                 number(e.answers),
                                 e.latency ? epoch(*e.latency) : "",
                                 number(e.expected),
                                 number(e.offset),
                                 number(e.octets),
                                 detail};
    std::string line;
    for (const std::string& c : cells)
        line += (&c == &cells[0] ? "" : ",") + csv_cell(c);
    return line + "\n";
}

// `out` and `expected` alike, line by line first, so that a difference names its line.
void same_lines(const std::string& out, const std::string& expected) {
    std::size_t a = 0, b = 0;
    for (std::size_t line = 1; a < expected.size() && b < out.size(); ++line) {
        std::size_t a_end = expected.find('\n', a), b_end = out.find('\n', b);
        INFO("line " << line);
        REQUIRE(out.substr(b, b_end - b) == expected.substr(a, a_end - a));
        a = a_end + 1;
        b = b_end + 1;
    }
    CHECK(out == expected);
}

}  // namespace

TEST_CASE("Event table lines: as printf lays them out, long values uncut, the detail composed in order") {
    Timeline t(3000);
    std::string expected;
    for (const Event& e : t.events)
        expected += reference_line(e);
    same_lines(directly(t, Format::Table), expected);
}

TEST_CASE("Event CSV lines: the header, then fifteen cells per event, quoted as RFC 4180 has it") {
    Timeline t(3000);
    std::string expected =
        "at,frame,session,etr,ms,event,dir,id,eid,answers,latency,expected,offset,octets,detail\n";
    for (const Event& e : t.events)
        expected += reference_csv(e);
    same_lines(directly(t, Format::Csv), expected);
}
