// CSV: one row per registration, the session's columns repeated; a session with no registrations gets one
// row with the registration columns empty.
#include <optional>
#include <vector>

#include "msrt/session/registry.hpp"
#include "sessions/csv.hpp"
#include "sessions/session_report.hpp"
#include "sessions/time_text.hpp"

namespace msrt::cli {
namespace {

constexpr std::size_t kRegistrationColumns = 12;

// A cell and the comma after it.
void add_cell(std::string& line, std::string_view v) {
    append_csv_cell(line, v);
    line += ',';
}

// A time cell (empty for none) and the comma after it.
void add_time(std::string& line, std::optional<Micros> t) {
    if (t) append_epoch(line, *t);
    line += ',';
}

// The session's columns, rendered once and repeated on each of its rows (with the comma after them).
std::string session_columns(const SessionState& s) {
    std::string line;
    SessionInfo info = s.info();
    add_cell(line, std::to_string(s.id));
    add_cell(line, info.etr.str());
    add_cell(line, info.ms.str());
    add_time(line, s.start);
    add_time(line, s.end);
    add_cell(line, end_reason_key(s.end_how.value_or(SessionEnd::CaptureEnd)));
    add_cell(line, std::to_string(s.findings));
    return line;
}

}  // namespace

void write_session_csv_header(std::FILE* out) {
    csv_row(out, {"session", "etr", "ms", "start", "end", "end_reason", "findings", "iid", "eid", "status",
                  "reason", "ttl", "xtr_id", "site_id", "sent", "answered", "orphaned", "expires", "rlocs"});
}

void write_session_csv(std::string& out, const SessionState& s, const Options& o, TextSpill* spill) {
    const std::string head = session_columns(s);
    const session::Tracker& t = s.tracker;
    SharedCells shared(t);
    // 0 is a time no message of a capture has: the entry has none.
    auto time_of = [](Micros t) { return t ? std::optional<Micros>(t) : std::nullopt; };
    bool any = false;
    for (const auto& [key, e] : t.table()) {
        if (!o.filters.key(key)) continue;
        any = true;
        const session::SiteIds& ids = t.ids(e.ids);
        bool orphan = s.lost() && e.status == session::Status::Registered;
        out += head;
        add_cell(out, std::to_string(key.iid));
        add_cell(out, eid_text(key));
        add_cell(out, session::status_key(e.status));
        add_cell(out, reason_key(*o.profile, e.reason));
        add_cell(out, std::to_string(e.ttl));
        add_cell(out, shared.xtr_id(e.ids));
        add_cell(out, ids.present ? std::to_string(ids.site_id) : "");
        add_time(out, time_of(e.sent_at));
        add_time(out, time_of(e.answered_at));
        add_cell(out, orphan ? "1" : "0");
        add_time(out, orphan ? std::optional<Micros>(session::orphan_expiry(e, s.end)) : std::nullopt);
        append_csv_cell(out, shared.rlocs(e.rlocs));
        out += '\n';
        spill_if_large(spill, out);
    }
    if (!any) {
        out += head;
        out.append(kRegistrationColumns - 1, ',');
        out += '\n';
    }
}

}  // namespace msrt::cli
