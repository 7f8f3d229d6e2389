#include "sessions/state_report.hpp"

#include "common/json.hpp"
#include "common/table.hpp"
#include "common/text_spill.hpp"
#include "sessions/csv.hpp"
#include "sessions/session_report.hpp"
#include "sessions/time_text.hpp"

namespace msrt::cli {
namespace {

std::string endpoint_text(const session::PackedAddress& a, std::uint16_t port) {
    Endpoint e{a.unpack(), port};
    return e.str();
}

// --ms/--etr/--iid/--eid on the merged view: rows of the MS and key, registrants of the ETR.
bool keep(const session::SiteRow& row, session::Registrant& r, const Filters& f) {
    Endpoint ms{row.ms.unpack(), r.session.ms_port}, etr{r.session.etr.unpack(), r.session.etr_port};
    return (!f.ms || f.ms->matches(ms)) && (!f.etr || f.etr->matches(etr));
}

// Whether the filters show the row, which keeps only the registrants they show.
bool shown(session::SiteRow& row, const Filters& f) {
    if (!f.key(row.key)) return false;
    std::erase_if(row.registrants, [&](session::Registrant& r) { return !keep(row, r, f); });
    return !row.registrants.empty();
}

const char* registrant_status(const session::Registrant& r) {
    return r.orphaned_at ? "orphaned" : session::status_key(r.status);
}

void write_json_row(std::FILE* out, const session::SiteRow& row, const Options& o) {
    Json j;
    j.begin_object().field("ms", row.ms.str()).field("iid", std::uint64_t{row.key.iid});
    j.field("eid", eid_text(row.key)).field("status", row.status()).key("rlocs");
    write_rlocs(j, row.merged_rlocs());
    j.key("registrants").begin_array();
    for (const session::Registrant& r : row.registrants) {
        j.begin_object()
            .field("session", r.session.id)
            .field("etr", endpoint_text(r.session.etr, r.session.etr_port))
            .field("status", registrant_status(r));
        std::string reason = reason_key(*o.profile, r.reason);
        if (reason.empty())
            j.key("reason").null();
        else
            j.field("reason", reason);
        if (r.ids.present)
            j.field("xtr_id", xtr_id_str(r.ids.xtr_id)).field("site_id", r.ids.site_id);
        else
            j.key("xtr_id").null().key("site_id").null();
        j.field("ttl", std::uint64_t{r.ttl}).field("t_bit", r.t_bit).key("rlocs");
        write_rlocs(j, r.rlocs);
        j.key("sent").number(epoch_text(r.sent_at)).key("answered");
        r.answered_at ? j.number(epoch_text(r.answered_at)) : j.null();
        j.key("orphaned");
        r.orphaned_at ? j.number(epoch_text(*r.orphaned_at)) : j.null();
        j.key("expires");
        r.expires ? j.number(epoch_text(*r.expires)) : j.null();
        j.end_object();
    }
    j.end_array().end_object();
    std::fprintf(out, "%s\n", j.str().c_str());
}

std::string registrant_text(const session::Registrant& r) {
    std::string s = endpoint_text(r.session.etr, r.session.etr_port) + " " + registrant_status(r);
    if (r.expires) s += " until " + clock_text(*r.expires);
    return s;
}

// The rows shown, each given to `f`.
void each_shown(const StateRows& rows, const Filters& filters,
                const std::function<void(const session::SiteRow&)>& f) {
    rows([&](session::SiteRow& row) {
        if (shown(row, filters)) f(row);
    });
}

// A Map-Server's state may be hundreds of thousands of rows: laid out as they come, after a pass to measure.
void write_table(std::FILE* out, const StateRows& rows, const Options& o, Micros at) {
    std::fprintf(out, "Map-Server state at %s\n", iso_text(at).c_str());
    StreamedTable t({"MS", "IID", "EID-prefix", "Status", "Registrants", "xTR-ID", "RLOCs (merged)"},
                    {false, true, false, false, false, false, false});
    std::string text;
    auto each_row = [&](auto given) {
        each_shown(rows, o.filters, [&](const session::SiteRow& row) {
            std::string who, xtr;
            for (const session::Registrant& r : row.registrants) {
                who += (who.empty() ? "" : "; ") + registrant_text(r);
                if (r.ids.present) xtr += (xtr.empty() ? "" : "; ") + xtr_id_str(r.ids.xtr_id);
            }
            given({row.ms.str(), std::to_string(row.key.iid), eid_text(row.key), row.status(), who, xtr,
                   rlocs_text(row.merged_rlocs())});
        });
    };
    each_row([&](std::initializer_list<std::string_view> cells) { t.measure(cells); });
    if (t.rows() == 0) {
        std::fprintf(out, "  (no registrations)\n");
        return;
    }
    FileSpill file(out);
    t.header(text, "");
    each_row([&](std::initializer_list<std::string_view> cells) {
        t.row(text, "", cells);
        spill_if_large(&file, text);
    });
    file.spill(text);
}

void write_csv(std::FILE* out, const StateRows& rows, const Options& o) {
    csv_row(out, {"ms", "iid", "eid", "status", "session", "etr", "registrant_status", "reason", "xtr_id",
                  "site_id", "ttl", "sent", "answered", "orphaned", "expires", "rlocs"});
    each_shown(rows, o.filters, [&](const session::SiteRow& row) {
        for (const session::Registrant& r : row.registrants)
            csv_row(out, {row.ms.str(), std::to_string(row.key.iid), eid_text(row.key), row.status(),
                          std::to_string(r.session.id), endpoint_text(r.session.etr, r.session.etr_port),
                          registrant_status(r), reason_key(*o.profile, r.reason),
                          r.ids.present ? xtr_id_str(r.ids.xtr_id) : "",
                          r.ids.present ? std::to_string(r.ids.site_id) : "", std::to_string(r.ttl),
                          epoch_text(r.sent_at), r.answered_at ? epoch_text(r.answered_at) : "",
                          r.orphaned_at ? epoch_text(*r.orphaned_at) : "",
                          r.expires ? epoch_text(*r.expires) : "", rlocs_text(r.rlocs)});
    });
}

}  // namespace

void write_state(std::FILE* out, const StateRows& rows, const Options& o, Micros at) {
    switch (o.format) {
        case Format::Json:
            each_shown(rows, o.filters, [&](const session::SiteRow& row) { write_json_row(out, row, o); });
            break;
        case Format::Csv:
            write_csv(out, rows, o);
            break;
        case Format::Table:
            write_table(out, rows, o, at);
            break;
    }
}

}  // namespace msrt::cli
