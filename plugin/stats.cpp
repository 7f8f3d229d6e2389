// Statistics. The "lisp-msrt" tap carries one TapRecord per message. Listeners:
//  - `tshark -z lisp-msrt,stat[,filter]`: message counts per session, type and direction;
//  - `tshark -z lisp-msrt,state[,filter]`: each session's final registration table, rebuilt by its own
//    msrt::session::Tracker (protocol/, the code behind `msrt sessions`) from the tapped message bytes;
//  - two stats trees with the same content for Wireshark's Statistics menu (LISP-MSRT/...).
#include <array>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "decoded.hpp"
#include "dissect.hpp"
#include "msrt/session/tracker.hpp"
#include "plugin.hpp"

namespace lmsrt {

int tap = -1;

namespace {

using msrt::session::Tracker;

const char* kSeparator = "===================================================================";

std::string type_label(guint16 type) {
    const msrt::TypeEntry* e = profile().type(type);
    return e ? e->name : "Unknown type (" + std::to_string(type) + ")";
}

const char* direction_label(msrt::Direction d) {
    return d == msrt::Direction::EtrToMs ? "ETR to Map-Server" : "Map-Server to ETR";
}

// Columns sized to their widest cell, like `msrt`'s tables.
void print_table(const std::vector<std::vector<std::string>>& rows, const std::vector<bool>& right) {
    std::vector<std::size_t> width(rows.front().size(), 0);
    for (const auto& r : rows)
        for (std::size_t c = 0; c < r.size(); ++c)
            width[c] = std::max(width[c], r[c].size());
    for (const auto& r : rows) {
        std::string line = "  ";
        for (std::size_t c = 0; c < r.size(); ++c) {
            std::string pad(width[c] - r[c].size(), ' ');
            bool last = c + 1 == r.size();
            line += right[c] ? pad + r[c] : r[c] + (last ? "" : pad);
            if (!last) line += "  ";
        }
        std::printf("%s\n", line.c_str());
    }
}

tap_packet_status redraw() {
    return TAP_PACKET_REDRAW;
}

// ---- -z lisp-msrt,stat
// ----------------------------------------------------------------------------------------

struct CountSession {
    std::string label;
    std::map<guint16, std::array<std::uint64_t, 2>> counts;  // type -> [direction]
};
using CountData = std::map<guint32, CountSession>;

tap_packet_status count_packet(void* p, packet_info*, epan_dissect_t*, const void* data, tap_flags_t) {
    const auto* r = static_cast<const TapRecord*>(data);
    CountSession& s = (*static_cast<CountData*>(p))[r->session];
    s.label = r->session_label;
    ++s.counts[r->type][static_cast<int>(r->dir)];
    return redraw();
}

void count_draw(void* p) {
    std::printf("\n%s\nLISP-MSRT messages per session, type and direction\n", kSeparator);
    for (const auto& [index, s] : *static_cast<CountData*>(p)) {
        std::printf("Session %u: %s\n", index, s.label.c_str());
        std::vector<std::vector<std::string>> rows{{"Message", "ETR->MS", "MS->ETR"}};
        for (const auto& [type, c] : s.counts)
            rows.push_back({type_label(type), std::to_string(c[0]), std::to_string(c[1])});
        print_table(rows, {false, true, true});
    }
    std::printf("%s\n", kSeparator);
}

// ---- -z lisp-msrt,state
// ---------------------------------------------------------------------------------------

struct StateSession {
    std::string label;
    std::unique_ptr<Tracker> tracker;
    std::map<msrt::session::Key, msrt::session::Status>
        shown;  // stats tree: the status each EID is shown under
};
using StateData = std::map<guint32, StateSession>;

msrt::Micros micros(const packet_info* pinfo) {
    return static_cast<msrt::Micros>(pinfo->abs_ts.secs) * 1'000'000 + pinfo->abs_ts.nsecs / 1000;
}

Tracker& feed(std::map<guint32, StateSession>& all, packet_info* pinfo, const TapRecord& r) {
    StateSession& s = all[r.session];
    if (!s.tracker) {
        s.label = r.session_label;
        s.tracker = std::make_unique<Tracker>(profile());
        if (r.mid_stream) s.tracker->start_mid_stream();
    }
    const Decoded& d = decode_message(msrt::ByteView(r.bytes, r.length), profile(), pinfo->pool);
    s.tracker->on_message(*d.message, r.dir, micros(pinfo), r.frame);
    return *s.tracker;
}

tap_packet_status state_packet(void* p, packet_info* pinfo, epan_dissect_t*, const void* data, tap_flags_t) {
    feed(*static_cast<StateData*>(p), pinfo, *static_cast<const TapRecord*>(data));
    return redraw();
}

std::string clock(msrt::Micros t) {
    if (t == 0) return "";
    std::time_t secs = static_cast<std::time_t>(t / 1'000'000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%02d:%02d:%02d.%06lld", tm.tm_hour, tm.tm_min, tm.tm_sec,
                  static_cast<long long>(t % 1'000'000));
    return buf;
}

std::string rlocs(const msrt::session::RlocSet& set) {
    std::string s;
    for (const msrt::session::Rloc& r : set) {
        char buf[64];
        std::snprintf(buf, sizeof buf, " %u/%u %u/%u 0x%x", r.priority, r.weight, r.m_priority, r.m_weight,
                      r.flags);
        s += (s.empty() ? "" : "; ") + r.address.str() + buf;
    }
    return s;
}

std::string reason(std::optional<std::uint8_t> code) {
    if (!code) return "";
    const auto* r = profile().reason(*code);
    return r ? r->key : "unknown_" + std::to_string(*code);
}

std::string refresh_cell(const Tracker& t, const msrt::session::Entry& e) {
    if (e.last_refresh == msrt::session::kNone) return "";
    const msrt::session::RefreshRecord& r = t.refreshes()[e.last_refresh];
    return clock(r.at) + " scope " + std::to_string(r.scope.code) + (r.scope.rejected_only ? " R" : "") +
           (e.refresh_mark != msrt::session::kNone ? " (not re-sent)" : "");
}

// The columns of `msrt sessions`' registration table.
void print_registrations(const Tracker& t) {
    std::vector<std::vector<std::string>> rows{{"IID", "EID-prefix", "Status", "Reason", "TTL", "Sent",
                                                "Answered", "Refresh", "xTR-ID", "Site-ID",
                                                "RLOCs (address prio/weight mprio/mweight flags)"}};
    for (const auto& [key, e] : t.table()) {
        const msrt::session::SiteIds& ids = t.ids(e.ids);
        rows.push_back({std::to_string(key.iid), key.prefix.str() + "/" + std::to_string(key.len),
                        msrt::session::status_key(e.status), reason(e.reason), std::to_string(e.ttl),
                        clock(e.sent_at), clock(e.answered_at), refresh_cell(t, e),
                        ids.present ? msrt::xtr_id_str(ids.xtr_id) : "",
                        ids.present ? std::to_string(ids.site_id) : "", rlocs(t.rlocs(e.rlocs))});
    }
    if (rows.size() == 1) {
        std::printf("  (no registrations)\n");
        return;
    }
    print_table(rows, {true, false, false, false, true, false, false, false, false, true, false});
}

void state_draw(void* p) {
    std::printf("\n%s\nLISP-MSRT registration state per session\n", kSeparator);
    for (const auto& [index, s] : *static_cast<StateData*>(p)) {
        msrt::session::Summary sum = s.tracker->summary();
        std::printf("Session %u: %s\n  registrations: %u registered, %u rejected, %u pending, %u withdrawn\n",
                    index, s.label.c_str(), sum.registered, sum.rejected, sum.pending, sum.withdrawn);
        print_registrations(*s.tracker);
    }
    std::printf("%s\n", kSeparator);
}

// ---- registering the text listeners
// ---------------------------------------------------------------------------

template <class Data>
void start_listener(const char* opt_arg, const char* cli, tap_packet_cb packet, tap_draw_cb draw) {
    const char* filter = nullptr;
    std::size_t n = std::strlen(cli);
    if (std::strncmp(opt_arg, cli, n) == 0 && opt_arg[n] == ',') filter = opt_arg + n + 1;
    auto* data = new Data;  // lives until tshark exits, like tshark's own listeners
    GString* err =
        register_tap_listener("lisp-msrt", data, filter, TL_REQUIRES_NOTHING, nullptr, packet, draw, nullptr);
    if (err) {
        std::fprintf(stderr, "tshark: can't start %s: %s\n", cli, err->str);
        g_string_free(err, TRUE);
        delete data;
    }
}

void start_stat(const char* opt_arg, void*) {
    start_listener<CountData>(opt_arg, "lisp-msrt,stat", count_packet, count_draw);
}
void start_state(const char* opt_arg, void*) {
    start_listener<StateData>(opt_arg, "lisp-msrt,state", state_packet, state_draw);
}

// ---- stats trees for Wireshark's Statistics menu
// -------------------------------------------------------------

int g_messages_root = -1;

void messages_init(stats_tree* st) {
    g_messages_root = stats_tree_create_node(st, "Messages", 0, STAT_DT_INT, TRUE);
}

tap_packet_status messages_packet(stats_tree* st, packet_info*, epan_dissect_t*, const void* data,
                                  tap_flags_t) {
    const auto* r = static_cast<const TapRecord*>(data);
    tick_stat_node(st, "Messages", 0, TRUE);
    std::string session = "Session " + std::to_string(r->session) + ": " + r->session_label;
    int s = tick_stat_node(st, session.c_str(), g_messages_root, TRUE);
    int d = tick_stat_node(st, direction_label(r->dir), s, TRUE);
    tick_stat_node(st, type_label(r->type).c_str(), d, FALSE);
    return redraw();
}

// The registration table per session: Session -> status -> EID (1 while the EID has that status, else 0).
std::map<stats_tree*, std::unique_ptr<StateData>> g_state_trees;

void registrations_init(stats_tree* st) {
    g_state_trees[st] = std::make_unique<StateData>();
    stats_tree_create_node(st, "Sessions", 0, STAT_DT_INT, TRUE);
}

void registrations_cleanup(stats_tree* st) {
    g_state_trees.erase(st);
}

tap_packet_status registrations_packet(stats_tree* st, packet_info* pinfo, epan_dissect_t*, const void* data,
                                       tap_flags_t) {
    auto it = g_state_trees.find(st);
    if (it == g_state_trees.end()) return TAP_PACKET_DONT_REDRAW;
    const auto* r = static_cast<const TapRecord*>(data);
    const Tracker& t = feed(*it->second, pinfo, *r);
    StateSession& ss = (*it->second)[r->session];
    std::string session = "Session " + std::to_string(r->session) + ": " + r->session_label;
    int s = set_stat_node(st, session.c_str(), stats_tree_parent_id_by_name(st, "Sessions"), TRUE,
                          static_cast<int>(t.table().size()));
    msrt::session::Summary sum = t.summary();
    const std::pair<msrt::session::Status, std::uint32_t> statuses[] = {
        {msrt::session::Status::Registered, sum.registered},
        {msrt::session::Status::Rejected, sum.rejected},
        {msrt::session::Status::Pending, sum.pending},
        {msrt::session::Status::Withdrawn, sum.withdrawn}};
    std::array<int, 4> node{};
    for (const auto& [status, n] : statuses)
        node[static_cast<int>(status)] =
            set_stat_node(st, msrt::session::status_key(status), s, TRUE, static_cast<int>(n));
    // An EID shows 1 under its current status and 0 under the ones it left (stats trees cannot drop a node).
    for (const auto& [key, e] : t.table()) {
        auto [shown, added] = ss.shown.try_emplace(key, e.status);
        if (!added && shown->second == e.status) continue;
        std::string name = key.str();
        if (!added) set_stat_node(st, name.c_str(), node[static_cast<int>(shown->second)], FALSE, 0);
        set_stat_node(st, name.c_str(), node[static_cast<int>(e.status)], FALSE, 1);
        shown->second = e.status;
    }
    return redraw();
}

}  // namespace

void register_stats() {
    tap = register_tap("lisp-msrt");
    static stat_tap_ui stat_ui = {
        REGISTER_STAT_GROUP_GENERIC, nullptr, "lisp-msrt,stat", start_stat, 0, nullptr};
    static stat_tap_ui state_ui = {
        REGISTER_STAT_GROUP_GENERIC, nullptr, "lisp-msrt,state", start_state, 0, nullptr};
    register_stat_tap_ui(&stat_ui, nullptr);
    register_stat_tap_ui(&state_ui, nullptr);
    stats_tree_register_plugin("lisp-msrt", "lisp-msrt.messages", "LISP-MSRT/Messages by session", 0,
                               messages_packet, messages_init, nullptr);
    stats_tree_register_plugin("lisp-msrt", "lisp-msrt.registrations", "LISP-MSRT/Registration state", 0,
                               registrations_packet, registrations_init, registrations_cleanup);
}

}  // namespace lmsrt
