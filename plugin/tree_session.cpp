// What the session tracker knows about a message: its session and direction, the links to the messages it
// answers or caused (spec 2.7, 6.4), Message-ID continuity, and the registration table after it.
#include "tree_session.hpp"
#include "conversation_state.hpp"
#include "expert.hpp"
#include "plugin.hpp"
#include "tree.hpp"

namespace lmsrt {
namespace {

using msrt::Kind;

guint32 frame_at(const Session& s, std::uint32_t index) {
    const auto& log = s.tracker.log();
    return index < log.size() ? static_cast<guint32>(log[index].frame) : 0;
}

const msrt::session::LogEntry* log_entry(const Session& s, std::uint32_t index) {
    const auto& log = s.tracker.log();
    return index < log.size() ? &log[index] : nullptr;
}

void add_response_to(const Ctx& c, proto_tree* t, const Session& s, const msrt::session::Note& n) {
    if (!n.answers) return;
    add_generated(proto_tree_add_uint(t, hf.response_to, c.tvb, 0, 0, frame_at(s, *n.answers)));
    if (!n.request_time) return;
    msrt::Micros now =
        static_cast<msrt::Micros>(c.pinfo->abs_ts.secs) * 1'000'000 + c.pinfo->abs_ts.nsecs / 1000;
    msrt::Micros d = now - *n.request_time;
    nstime_t delta{static_cast<time_t>(d / 1'000'000), static_cast<int>((d % 1'000'000) * 1000)};
    add_generated(proto_tree_add_time(t, hf.response_time, c.tvb, 0, 0, &delta));
}

// Links that need the whole capture (answers that come later) are only known once the first pass is over.
void add_registration_links(const Ctx& c, proto_tree* t, proto_item* item, const Session& s,
                            const MsgInfo& i) {
    const msrt::session::LogEntry* e = log_entry(s, i.note.index);
    if (e && e->answered_by)
        add_generated(proto_tree_add_uint(t, hf.response_in, c.tvb, 0, 0, frame_at(s, *e->answered_by)));
    else if (PINFO_FD_VISITED(c.pinfo))
        expert_add_info(c.pinfo, item, &ei.unanswered);
    if (i.note.caused_by)
        add_generated(proto_tree_add_uint(t, hf.caused_by, c.tvb, 0, 0, frame_at(s, *i.note.caused_by)));
}

void add_refresh_links(const Ctx& c, proto_tree* t, proto_item* item, const Session& s, const MsgInfo& i) {
    const msrt::session::LogEntry* e = log_entry(s, i.note.index);
    if (e) {
        proto_item* ci = add_generated(
            proto_tree_add_uint(t, hf.caused_count, c.tvb, 0, 0, static_cast<guint32>(e->caused.size())));
        proto_tree* ct = proto_item_add_subtree(ci, ett.caused);
        for (std::uint32_t r : e->caused)
            add_generated(proto_tree_add_uint(ct, hf.caused_in, c.tvb, 0, 0, frame_at(s, r)));
    }
    if (!i.note.refresh || *i.note.refresh >= s.tracker.refreshes().size()) return;
    const msrt::session::RefreshRecord& r = s.tracker.refreshes()[*i.note.refresh];
    add_generated(proto_tree_add_uint(t, hf.refresh_marked, c.tvb, 0, 0, r.marked));
    add_generated(proto_tree_add_uint(t, hf.refresh_answered, c.tvb, 0, 0, r.answered));
    if (PINFO_FD_VISITED(c.pinfo) && r.answered < r.marked)
        expert_add_info_format(c.pinfo, item, &ei.refresh_unanswered,
                               "Refresh not answered: %u of %u registrations it asked for were never re-sent",
                               r.marked - r.answered, r.marked);
}

void add_error_link(const Ctx& c, proto_tree* t, proto_item* item, const Session& s, const MsgInfo& i,
                    const msrt::Message& m) {
    const auto* e = m.as<msrt::ErrorNotification>();
    if (!e) return;
    msrt::Direction peer =
        i.dir == msrt::Direction::EtrToMs ? msrt::Direction::MsToEtr : msrt::Direction::EtrToMs;
    guint32 frame = frame_of_message(s, peer, e->offending_id, c.pinfo->num);
    if (frame)
        add_generated(proto_tree_add_uint(t, hf.err_offending_in, c.tvb, 0, 0, frame));
    else
        expert_add_info(c.pinfo, item, &ei.offending_not_found);
}

void add_links(const Ctx& c, proto_tree* t, proto_item* item, const Session& s, const MsgInfo& i,
               const msrt::Message& m) {
    const msrt::session::Note& n = i.note;
    switch (m.kind) {
        case Kind::Registration:
            add_registration_links(c, t, item, s, i);
            break;
        case Kind::RegistrationAck:
        case Kind::RegistrationNack: {
            add_response_to(c, t, s, n);
            const msrt::session::LogEntry* e = log_entry(s, n.index);
            if (e && e->notified_by)
                add_generated(
                    proto_tree_add_uint(t, hf.notification_in, c.tvb, 0, 0, frame_at(s, *e->notified_by)));
            break;
        }
        case Kind::MappingNotification:
            if (n.follows_ack)
                add_generated(proto_tree_add_uint(t, hf.ack_in, c.tvb, 0, 0, frame_at(s, *n.follows_ack)));
            break;
        case Kind::RegistrationRefresh:
            add_refresh_links(c, t, item, s, i);
            break;
        case Kind::ErrorNotification:
            add_error_link(c, t, item, s, i, m);
            break;
        default:
            break;
    }
    if (n.unmatched) expert_add_info(c.pinfo, item, &ei.unmatched);
}

void add_id_check(const Ctx& c, proto_tree* t, proto_item* item, const msrt::Message& m,
                  const msrt::session::Note& n) {
    if (!n.expected_id) return;
    add_generated(proto_tree_add_uint(t, hf.expected_id, c.tvb, 0, 0, *n.expected_id));
    std::uint32_t ahead = m.header.id - *n.expected_id;
    if (ahead < 0x80000000u)
        expert_add_info_format(c.pinfo, item, &ei.id_gap,
                               "Message ID gap: expected %u, got %u (%u messages missing from the capture)",
                               *n.expected_id, m.header.id, ahead);
    else
        expert_add_info_format(c.pinfo, item, &ei.id_repeat,
                               "Message ID %u repeated or out of order (expected %u)", m.header.id,
                               *n.expected_id);
}

void add_state(const Ctx& c, proto_tree* t, const msrt::session::Summary& a) {
    const char* text =
        wmem_strdup_printf(c.pinfo->pool, "registered %u, rejected %u, pending %u, withdrawn %u",
                           a.registered, a.rejected, a.pending, a.withdrawn);
    proto_item* si = add_generated(proto_tree_add_string(t, hf.state, c.tvb, 0, 0, text));
    proto_tree* st = proto_item_add_subtree(si, ett.state);
    add_generated(proto_tree_add_uint(st, hf.state_registered, c.tvb, 0, 0, a.registered));
    add_generated(proto_tree_add_uint(st, hf.state_rejected, c.tvb, 0, 0, a.rejected));
    add_generated(proto_tree_add_uint(st, hf.state_pending, c.tvb, 0, 0, a.pending));
    add_generated(proto_tree_add_uint(st, hf.state_withdrawn, c.tvb, 0, 0, a.withdrawn));
}

void add_udp_auth(const Ctx& c, proto_tree* t, proto_item* item, const Session& s, const MsgInfo& i) {
    if (s.udp_auth) {
        add_generated(proto_tree_add_uint(t, hf.udp_auth_in, c.tvb, 0, 0,
                                          static_cast<guint32>(s.udp_auth->register_frame)));
        add_generated(proto_tree_add_boolean(t, hf.udp_auth_r, c.tvb, 0, 0, s.udp_auth->r_bit));
        add_generated(proto_tree_add_boolean(t, hf.udp_auth_notified, c.tvb, 0, 0, s.udp_auth->map_notify));
    } else if (i.tracked && i.note.index == 0) {
        expert_add_info(c.pinfo, item, &ei.no_udp_auth);
    }
}

}  // namespace

void add_session_items(const Ctx& c, proto_tree* t, proto_item* item, const Session& s, const MsgInfo& i,
                       const msrt::Message* m) {
    const char* label = s.label(c.pinfo->pool);
    proto_item* si = add_generated(
        proto_tree_add_uint_format_value(t, hf.session, c.tvb, 0, 0, s.index, "%u (%s)", s.index, label));
    proto_tree* st = proto_item_add_subtree(si, ett.session);
    add_generated(proto_tree_add_uint(st, hf.direction, c.tvb, 0, 0, static_cast<guint32>(i.dir)));
    if (i.after_framing_error) expert_add_info(c.pinfo, item, &ei.after_framing_error);
    if (!m || !i.tracked) return;
    add_generated(proto_tree_add_uint(st, hf.message_number, c.tvb, 0, 0, i.note.index));
    add_udp_auth(c, st, item, s, i);
    add_links(c, t, item, s, i, *m);
    add_id_check(c, t, item, *m, i.note);
    if (i.note.wrong_direction) expert_add_info(c.pinfo, item, &ei.wrong_direction);
    add_state(c, t, i.note.after);
}

}  // namespace lmsrt
