// CSV: one row per registration, the session's columns repeated; a session with no registrations gets one
// row with the registration columns empty.
#include <vector>

#include "msrt/session/registry.hpp"
#include "sessions/csv.hpp"
#include "sessions/session_report.hpp"
#include "sessions/time_text.hpp"

namespace msrt::cli {
namespace {

constexpr std::size_t kRegistrationColumns = 12;

// The session's columns, rendered once and repeated on each of its rows (with the comma after them).
std::string session_columns(const SessionState& s) {
    std::string line;
    auto cell = [&line](std::string_view v) {
        append_csv_cell(line, v);
        line += ',';
    };
    SessionInfo info = s.info();
    cell(std::to_string(s.id));
    cell(info.etr.str());
    cell(info.ms.str());
    append_epoch(line, s.start);
    line += ',';
    append_epoch(line, s.end);
    line += ',';
    cell(end_reason_key(s.end_how.value_or(SessionEnd::CaptureEnd)));
    cell(std::to_string(s.findings));
    return line;
}

}  // namespace

void write_session_csv_header(std::FILE* out) {
    csv_row(out, {"session", "etr", "ms", "start", "end", "end_reason", "findings", "iid", "eid", "status",
                  "reason", "ttl", "xtr_id", "site_id", "sent", "answered", "orphaned", "expires", "rlocs"});
}

void write_session_csv(std::FILE* out, const SessionState& s, const Options& o) {
    const std::string head = session_columns(s);
    const session::Tracker& t = s.tracker;
    std::vector<std::string> rlocs, xtr_ids;
    std::string line;
    auto cell = [&line](std::string_view v) {
        append_csv_cell(line, v);
        line += ',';
    };
    auto time_cell = [&line](Micros at) {
        if (at) append_epoch(line, at);
        line += ',';
    };
    bool all = !o.filters.by_eid();
    bool any = false;
    for (const auto& [key, e] : t.table()) {
        if (!all && !o.filters.key(key)) continue;
        any = true;
        const session::SiteIds& ids = t.ids(e.ids);
        bool orphan = s.lost() && e.status == session::Status::Registered;
        line.assign(head);
        cell(std::to_string(key.iid));
        cell(eid_text(key));
        cell(session::status_key(e.status));
        cell(reason_key(*o.profile, e.reason));
        cell(std::to_string(e.ttl));
        cell(shared_text(xtr_ids, e.ids,
                         [&] { return ids.present ? xtr_id_str(ids.xtr_id) : std::string(); }));
        cell(ids.present ? std::to_string(ids.site_id) : "");
        time_cell(e.sent_at);
        time_cell(e.answered_at);
        cell(orphan ? "1" : "0");
        if (orphan) append_epoch(line, session::orphan_expiry(e, s.end));
        line += ',';
        append_csv_cell(line, shared_text(rlocs, e.rlocs, [&] { return rlocs_text(t.rlocs(e.rlocs)); }));
        line += '\n';
        std::fwrite(line.data(), 1, line.size(), out);
    }
    if (!any) {
        line.assign(head);
        line.append(kRegistrationColumns - 1, ',');
        line += '\n';
        std::fwrite(line.data(), 1, line.size(), out);
    }
}

}  // namespace msrt::cli
