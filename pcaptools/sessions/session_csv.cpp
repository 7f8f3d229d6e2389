// CSV: one row per registration, the session's columns repeated; a session with no registrations gets one
// row with the registration columns empty.
#include "msrt/session/registry.hpp"
#include "sessions/csv.hpp"
#include "sessions/session_report.hpp"
#include "sessions/time_text.hpp"

namespace msrt::cli {

void write_session_csv_header(std::FILE* out) {
    csv_row(out, {"session", "etr", "ms", "start", "end", "end_reason", "findings", "iid", "eid", "status",
                  "reason", "ttl", "xtr_id", "site_id", "sent", "answered", "orphaned", "expires", "rlocs"});
}

void write_session_csv(std::FILE* out, const SessionState& s, const Options& o) {
    std::vector<std::string> head{
        std::to_string(s.id),      s.info().etr.str(),
        s.info().ms.str(),         epoch_text(s.start),
        epoch_text(s.end),         end_reason_key(s.end_how.value_or(SessionEnd::CaptureEnd)),
        std::to_string(s.findings)};
    const session::Tracker& t = s.tracker;
    bool any = false;
    for (const auto& [key, e] : t.table()) {
        if (!o.filters.key(key.eid())) continue;
        any = true;
        const session::SiteIds& ids = t.ids(e.ids);
        bool orphan = s.lost() && e.status == session::Status::Registered;
        std::vector<std::string> row = head;
        row.insert(row.end(),
                   {std::to_string(key.iid), eid_text(key), session::status_key(e.status),
                    reason_key(*o.profile, e.reason), std::to_string(e.ttl),
                    ids.present ? xtr_id_str(ids.xtr_id) : "", ids.present ? std::to_string(ids.site_id) : "",
                    e.sent_at ? epoch_text(e.sent_at) : "", e.answered_at ? epoch_text(e.answered_at) : "",
                    orphan ? "1" : "0", orphan ? epoch_text(session::orphan_expiry(e, s.end)) : "",
                    rlocs_text(t.rlocs(e.rlocs))});
        csv_row(out, row);
    }
    if (!any) {
        head.resize(19);
        csv_row(out, head);
    }
}

}  // namespace msrt::cli
