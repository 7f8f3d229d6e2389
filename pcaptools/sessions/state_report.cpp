#include "sessions/state_report.hpp"

#include "common/address_text.hpp"
#include "common/json.hpp"
#include "common/table.hpp"
#include "common/text_spill.hpp"
#include "sessions/csv.hpp"
#include "sessions/session_report.hpp"
#include "sessions/time_text.hpp"

namespace msrt::cli {
namespace {

std::string endpoint_text(const session::PackedAddress& a, std::uint16_t port) {
    return Endpoint{a.unpack(), port}.str();
}

// The same, appended; without unpacking an IP address.
void append_endpoint(std::string& out, const session::PackedAddress& a, std::uint16_t port) {
    char text[kEndpointChars];
    if (char* end = endpoint_chars(text, a.afi(), a.octets.data(), port)) return void(out.append(text, end));
    out += endpoint_text(a, port);
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

// The same as a JSON string: address text needs no escaping.
void append_endpoint_json(std::string& out, const session::PackedAddress& a, std::uint16_t port) {
    char text[kEndpointChars];
    char* end = endpoint_chars(text, a.afi(), a.octets.data(), port);
    if (!end) return append_json_string(out, endpoint_text(a, port));
    out += '"';
    out.append(text, end);
    out += '"';
}

void append_time_or_null(std::string& out, std::optional<Micros> t) {
    t ? append_epoch(out, *t) : void(out += "null");
}

// The state of a large Map-Server is hundreds of thousands of registrants: each is written as text in one
// pass (the Json builder, escaping every key and formatting through temporaries, took half of `state`).
void append_registrant_json(std::string& out, const session::Registrant& r, const Profile& p) {
    out += "{\"session\":";
    append_json_uint(out, r.session.id);
    out += ",\"etr\":";
    append_endpoint_json(out, r.session.etr, r.session.etr_port);
    out += ",\"status\":\"";
    out += registrant_status(r);
    out += "\",\"reason\":";
    r.reason ? append_json_string(out, reason_key(p, r.reason)) : void(out += "null");
    if (r.ids.present) {
        out += ",\"xtr_id\":\"";
        append_xtr_id(out, r.ids.xtr_id);
        out += "\",\"site_id\":";
        append_json_uint(out, r.ids.site_id);
    } else {
        out += ",\"xtr_id\":null,\"site_id\":null";
    }
    out += ",\"ttl\":";
    append_json_uint(out, r.ttl);
    out += r.t_bit ? ",\"t_bit\":true,\"rlocs\":" : ",\"t_bit\":false,\"rlocs\":";
    append_rlocs_json(out, r.rlocs);
    out += ",\"sent\":";
    append_epoch(out, r.sent_at);
    out += ",\"answered\":";
    append_time_or_null(out, r.answered_at ? std::optional<Micros>(r.answered_at) : std::nullopt);
    out += ",\"orphaned\":";
    append_time_or_null(out, r.orphaned_at);
    out += ",\"expires\":";
    append_time_or_null(out, r.expires);
    out += '}';
}

// `at`: the moment's text, the same in every row (so that a row piped on alone still says when it held).
void append_json_row(std::string& out, std::string_view at, const session::SiteRow& row, const Profile& p) {
    out += "{\"at\":";
    out += at;
    out += ",\"ms\":";
    append_address_json(out, row.ms);
    out += ",\"iid\":";
    append_json_uint(out, row.key.iid);
    out += ",\"eid\":";
    append_eid_json(out, row.key);
    out += ",\"status\":\"";
    out += row.status();
    out += "\",\"rlocs\":";
    append_rlocs_json(out, row.merged_rlocs());
    out += ",\"registrants\":[";
    for (const session::Registrant& r : row.registrants) {
        if (&r != &row.registrants.front()) out += ',';
        append_registrant_json(out, r, p);
    }
    out += "]}\n";
}

void append_registrant_text(std::string& out, const session::Registrant& r) {
    append_endpoint(out, r.session.etr, r.session.etr_port);
    out += ' ';
    out += registrant_status(r);
    if (r.expires) out += " until " + clock_text(*r.expires);
}

// The rows shown, each given to `f`.
void each_shown(const StateRows& rows, const Filters& filters,
                const std::function<void(const session::SiteRow&)>& f) {
    rows([&](session::SiteRow& row) {
        if (shown(row, filters)) f(row);
    });
}

void write_json(std::FILE* out, const StateRows& rows, const Options& o, Micros at) {
    FileSpill file(out);
    std::string text, at_text = epoch_text(at);
    each_shown(rows, o.filters, [&](const session::SiteRow& row) {
        append_json_row(text, at_text, row, *o.profile);
        spill_if_large(&file, text);
    });
    file.spill(text);
}

// A Map-Server's state may be hundreds of thousands of rows: laid out as they come, after a pass to measure.
void write_table(std::FILE* out, const StateRows& rows, const Options& o, std::optional<Micros> at) {
    if (at)
        std::fprintf(out, "Map-Server state at %s\n", iso_text(*at).c_str());
    else
        std::fprintf(out, "Map-Server state: the captures have no frames\n");
    StreamedTable t({"MS", "IID", "EID-prefix", "Status", "Registrants", "xTR-ID", "RLOCs (merged)"},
                    {false, true, false, false, false, false, false});
    std::string text;
    auto each_row = [&](auto given) {
        each_shown(rows, o.filters, [&](const session::SiteRow& row) {
            std::string who, xtr;
            for (const session::Registrant& r : row.registrants) {
                if (!who.empty()) who += "; ";
                append_registrant_text(who, r);
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

void write_csv(std::FILE* out, const StateRows& rows, const Options& o, Micros at) {
    std::string at_text = epoch_text(at);
    csv_row(out, {"at", "ms", "iid", "eid", "status", "session", "etr", "registrant_status", "reason",
                  "xtr_id", "site_id", "ttl", "sent", "answered", "orphaned", "expires", "rlocs"});
    each_shown(rows, o.filters, [&](const session::SiteRow& row) {
        for (const session::Registrant& r : row.registrants)
            csv_row(out, {at_text, row.ms.str(), std::to_string(row.key.iid), eid_text(row.key), row.status(),
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

void write_state(std::FILE* out, const StateRows& rows, const Options& o, std::optional<Micros> at) {
    switch (o.format) {
        case Format::Json:
            write_json(out, rows, o, at.value_or(0));  // none: no frames, so no rows
            break;
        case Format::Csv:
            write_csv(out, rows, o, at.value_or(0));
            break;
        case Format::Table:
            write_table(out, rows, o, at);
            break;
    }
}

}  // namespace msrt::cli
