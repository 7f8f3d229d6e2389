// The human view of a session, in the spirit of `show lisp session` and `show lisp site`.
#include <charconv>
#include <cstdio>

#include "common/table.hpp"
#include "msrt/session/registry.hpp"
#include "sessions/session_report.hpp"
#include "sessions/time_text.hpp"

namespace msrt::cli {
namespace {

std::string auth_line(const SessionState& s) {
    if (!s.udp_auth) return "none seen before the session";
    const session::UdpAuth& a = *s.udp_auth;
    std::string line = std::string("Map-Register at ") + clock_text(a.register_at) + ", r bit " +
                       (a.r_bit ? "set" : "clear") + ", nonce " + nonce_text(a.nonce) + ", Map-Notify " +
                       (a.map_notify ? "seen" : "not seen");
    return line + (s.authorised ? " -> authorised" : " -> not authorised");
}

void counts_table(std::string& out, const SessionState& s) {
    Table t({"Message", "ETR->MS", "MS->ETR"}, {false, true, true});
    const session::Counts c = s.tracker.counts();
    for (std::size_t k = 0; k < kKindCount; ++k)
        if (c[0][k] || c[1][k])
            t.row({std::string(kind_name(static_cast<Kind>(k))), std::to_string(c[0][k]),
                   std::to_string(c[1][k])});
    t.row({"(octets)", std::to_string(s.bytes[0]), std::to_string(s.bytes[1])});
    t.print(out, "  ");
}

std::string incidents_line(const SessionState& s) {
    const Incidents& i = s.incidents();
    std::string line;
    auto add = [&line](std::uint64_t n, const char* what) {
        if (n) line += (line.empty() ? "" : ", ") + std::to_string(n) + " " + what;
    };
    add(i.gap_count, "capture gap(s)");
    add(i.gap_octets[0] + i.gap_octets[1], "octets lost");
    add(i.framing_count, "framing error(s)");
    add(i.malformed, "malformed message(s)");
    add(s.tracker.id_stats(Direction::EtrToMs).gaps + s.tracker.id_stats(Direction::MsToEtr).gaps,
        "Message-ID gap(s)");
    add(s.tracker.id_stats(Direction::EtrToMs).repeats + s.tracker.id_stats(Direction::MsToEtr).repeats,
        "Message-ID repeat(s)");
    add(i.unmatched, "unmatched answer(s)");
    add(i.wrong_direction, "message(s) in the wrong direction");
    add(i.error_notifications, "Error Notification(s)");
    return line.empty() ? "none" : line;
}

// The text of the latest time a column showed: registrations packed into one segment share their times.
class LastTime {
  public:
    template <class Render>
    const std::string& text(Micros t, Render render) {
        if (t != at_ || text_.empty()) {
            text_ = render(t);
            at_ = t;
        }
        return text_;
    }

  private:
    Micros at_ = 0;
    std::string text_;
};

// The shared cells, and the Refresh column's (a handful of Refreshes per session, each rendered once).
class TableCells : public SharedCells {
  public:
    using SharedCells::SharedCells;

    const std::string& refresh(const session::Entry& e) {
        auto render = [&] {
            const session::RefreshRecord& r = tracker_.refreshes()[e.last_refresh];
            return clock_text(r.at) + " scope " + std::to_string(r.scope.code) +
                   (r.scope.rejected_only ? " R" : "") +
                   (e.refresh_mark != session::kNone ? " (not re-sent)" : "");
        };
        return shared_text(e.refresh_mark != session::kNone ? unanswered_ : refreshes_, e.last_refresh,
                           render);
    }

  private:
    std::vector<std::string> refreshes_, unanswered_;
};

std::string orphaned_until(Micros expiry) {
    return "orphaned until " + clock_text(expiry);
}

// A number's digits, held for the length of a row. With these and EidCell rather than a std::string per
// cell, `msrt sessions` as a table took 2% fewer instructions (a row per registration of a large capture).
class Digits {
  public:
    explicit Digits(std::uint64_t v)
        : size_(static_cast<std::size_t>(std::to_chars(text_, text_ + 20, v).ptr - text_)) {}
    std::string_view view() const { return {text_, size_}; }

  private:
    char text_[20];
    std::size_t size_;
};

// The EID-prefix cell ("10.1.0.0/16"), composed in place for the families address_text writes.
class EidCell {
  public:
    explicit EidCell(const session::Key& k) {
        if (char* end = eid_chars(text_, k))
            view_ = std::string_view(text_, static_cast<std::size_t>(end - text_));
        else
            view_ = other_ = eid_text(k);
    }
    std::string_view view() const { return view_; }

  private:
    char text_[kEidChars];
    std::string other_;  // Distinguished Names and the rest
    std::string_view view_;
};

// Gives `row` the cells of each registration the filters show.
template <class Row>
void each_row(const SessionState& s, const Options& o, Row row) {
    const session::Tracker& tr = s.tracker;
    TableCells shared(tr);
    LastTime sent, answered, orphaned;
    for (const auto& [key, e] : tr.table()) {
        if (!o.filters.key(key)) continue;
        const session::SiteIds& ids = tr.ids(e.ids);
        std::string_view status = session::status_key(e.status);
        if (s.lost() && e.status == session::Status::Registered)
            status = orphaned.text(session::orphan_expiry(e, s.end), orphaned_until);
        std::string_view sent_cell = e.sent_at ? std::string_view(sent.text(e.sent_at, clock_text)) : "";
        std::string_view answered_cell =
            e.answered_at ? std::string_view(answered.text(e.answered_at, clock_text)) : "";
        std::string reason = reason_key(*o.profile, e.reason);
        Digits iid(key.iid), ttl(e.ttl), site(ids.site_id);
        row({iid.view(), EidCell(key).view(), status, reason, ttl.view(), sent_cell, answered_cell,
             shared.refresh(e), shared.xtr_id(e.ids), ids.present ? site.view() : "", shared.rlocs(e.rlocs)});
    }
}

const std::vector<std::string> kRegistrationColumns = {"IID",
                                                       "EID-prefix",
                                                       "Status",
                                                       "Reason",
                                                       "TTL",
                                                       "Sent",
                                                       "Answered",
                                                       "Refresh",
                                                       "xTR-ID",
                                                       "Site-ID",
                                                       "RLOCs (address prio/weight mprio/mweight flags)"};
const std::vector<bool> kRegistrationRight = {true,  false, false, false, true, false,
                                              false, false, false, true,  false};

// Beyond this many registrations the table is laid out as it is produced (twice: once to measure), rather
// than held whole: the text of a few hundred thousand rows is hundreds of megabytes.
constexpr std::size_t kHeldRows = 4096;

using Cells = std::initializer_list<std::string_view>;

void registration_table(std::string& out, const SessionState& s, const Options& o, TextSpill* spill) {
    if (spill && s.tracker.table().size() > kHeldRows) {
        StreamedTable t(kRegistrationColumns, kRegistrationRight);
        each_row(s, o, [&](Cells cells) { t.measure(cells); });
        if (t.rows() == 0) {
            out += "  (no registrations)\n";
            return;
        }
        t.header(out, "  ");
        each_row(s, o, [&](Cells cells) {
            t.row(out, "  ", cells);
            spill_if_large(spill, out);
        });
        return;
    }
    Table t(kRegistrationColumns, kRegistrationRight);
    each_row(s, o, [&](Cells cells) { t.row(cells); });
    if (t.empty())
        out += "  (no registrations)\n";
    else
        t.print(out, "  ");
}

}  // namespace

void write_session_table(std::string& out, const SessionState& s, const Options& o, TextSpill* spill) {
    SessionInfo info = s.info();
    char duration[32];
    std::snprintf(duration, sizeof duration, "%.3f", static_cast<double>(s.end - s.start) / 1e6);
    out += "Session " + std::to_string(s.id) + "  ETR " + info.etr.str() + "  MS " + info.ms.str() + "\n";
    out += "  start " + iso_text(s.start) +
           (s.how_started == SessionStart::Syn ? " (SYN)" : " (mid-stream)") + "  end " + iso_text(s.end) +
           " (" + end_reason_key(s.end_how.value_or(SessionEnd::CaptureEnd)) + ")  duration " + duration +
           " s\n";
    out += "  UDP authentication: " + auth_line(s) + "\n";
    out += "  incidents: " + incidents_line(s) + "\n";
    counts_table(out, s);
    session::Summary sum = s.tracker.summary();
    out += "  registrations: " + std::to_string(sum.registered) + " registered, " +
           std::to_string(sum.rejected) + " rejected, " + std::to_string(sum.pending) + " pending, " +
           std::to_string(sum.withdrawn) + " withdrawn\n";
    registration_table(out, s, o, spill);
    out += "\n";
}

}  // namespace msrt::cli
