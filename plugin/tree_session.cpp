// What the session tracker knows about a message: its session and direction, the links to the messages it
// answers or caused (spec 2.7, 6.4), Message-ID continuity, and the registration table after it.
#include "tree_session.hpp"
#include <charconv>
#include <utility>

#include "conversation_state.hpp"
#include "expert.hpp"
#include "plugin.hpp"
#include "tree.hpp"

namespace lmsrt {
namespace {

using msrt::Kind;

void add_frame(const Ctx& c, proto_tree* t, int hf_index, guint32 frame) {
    if (frame) add_generated(proto_tree_add_uint(t, hf_index, c.tvb, 0, 0, frame));
}

void add_response_to(const Ctx& c, proto_tree* t, const MsgInfo& i) {
    add_frame(c, t, hf.response_to, i.response);
    gint64 us = response_time_us(i);
    if (!i.response || us < 0) return;
    nstime_t delta{static_cast<time_t>(us / 1'000'000), static_cast<int>((us % 1'000'000) * 1000)};
    add_generated(proto_tree_add_time(t, hf.response_time, c.tvb, 0, 0, &delta));
}

// Links to later messages are only complete once the first pass is over: the "never answered" verdicts wait
// for a later pass (tshark -2, or Wireshark).
void add_registration_links(const Ctx& c, proto_tree* t, proto_item* item, const MsgInfo& i) {
    add_frame(c, t, hf.response_in, i.response);
    if (!i.response && PINFO_FD_VISITED(c.pinfo)) expert_add_info(c.pinfo, item, &ei.unanswered);
    add_frame(c, t, hf.caused_by, i.caused_by());
}

void add_refresh_links(const Ctx& c, proto_tree* t, proto_item* item, const Session& s, const MsgInfo& i) {
    const CausedBy* caused = caused_by_refresh(s, i.index);
    proto_item* ci =
        add_generated(proto_tree_add_uint(t, hf.caused_count, c.tvb, 0, 0, caused ? caused->count : 0));
    if (caused) {
        proto_tree* ct = proto_item_add_subtree(ci, ett.caused);
        for (guint32 frame : caused->frames)
            add_frame(c, ct, hf.caused_in, frame);
    }
    if (i.refresh() >= s.tracker.refreshes().size()) return;
    const msrt::session::RefreshRecord& r = s.tracker.refreshes()[i.refresh()];
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
        add_frame(c, t, hf.err_offending_in, frame);
    else
        expert_add_info(c.pinfo, item, &ei.offending_not_found);
}

void add_links(const Ctx& c, proto_tree* t, proto_item* item, const Session& s, const MsgInfo& i,
               const msrt::Message& m) {
    switch (m.kind) {
        case Kind::Registration:
            add_registration_links(c, t, item, i);
            break;
        case Kind::RegistrationAck:
            add_response_to(c, t, i);
            add_frame(c, t, hf.notification_in, i.notification());
            break;
        case Kind::RegistrationNack:
            add_response_to(c, t, i);
            break;
        case Kind::MappingNotification:
            add_frame(c, t, hf.ack_in, i.notification());
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
    if (i.unmatched) expert_add_info(c.pinfo, item, &ei.unmatched);
}

void add_id_check(const Ctx& c, proto_tree* t, proto_item* item, const msrt::Message& m, const MsgInfo& i) {
    if (!i.has_expected_id) return;
    guint32 expected = expected_id(i);
    add_generated(proto_tree_add_uint(t, hf.expected_id, c.tvb, 0, 0, expected));
    std::uint32_t ahead = m.header.id - expected;
    if (ahead < 0x80000000u)
        expert_add_info_format(c.pinfo, item, &ei.id_gap,
                               "Message ID gap: expected %u, got %u (%u messages missing from the capture)",
                               expected, m.header.id, ahead);
    else
        expert_add_info_format(c.pinfo, item, &ei.id_repeat,
                               "Message ID %u repeated or out of order (expected %u)", m.header.id, expected);
}

// "registered N, rejected M, pending K, withdrawn W", once per message: to_chars, not printf.
const char* state_text(wmem_allocator_t* pool, const msrt::session::Summary& a) {
    char buf[96];
    char* p = buf;
    const std::pair<const char*, guint32> parts[] = {{"registered ", a.registered},
                                                     {", rejected ", a.rejected},
                                                     {", pending ", a.pending},
                                                     {", withdrawn ", a.withdrawn}};
    for (const auto& [label, n] : parts) {
        for (const char* l = label; *l;)
            *p++ = *l++;
        p = std::to_chars(p, buf + sizeof buf, n).ptr;
    }
    return wmem_strndup(pool, buf, static_cast<std::size_t>(p - buf));
}

void add_state(const Ctx& c, proto_tree* t, const msrt::session::Summary& a) {
    const char* text = wanted(t, hf.state) ? state_text(c.pinfo->pool, a) : "";
    proto_item* si = add_generated(proto_tree_add_string(t, hf.state, c.tvb, 0, 0, text));
    // The counts repeat the text: for filters (lisp-msrt.state.pending > 0) only.
    proto_tree* st = proto_item_add_subtree(si, ett.state);
    const std::pair<int, guint32> counts[] = {{hf.state_registered, a.registered},
                                              {hf.state_rejected, a.rejected},
                                              {hf.state_pending, a.pending},
                                              {hf.state_withdrawn, a.withdrawn}};
    for (const auto& [h, n] : counts)
        if (referenced(h)) add_generated(proto_tree_add_uint(st, h, c.tvb, 0, 0, n));
}

// On the session's first message (and on every one when a filter asks for it).
void add_udp_auth(const Ctx& c, proto_tree* t, proto_item* item, const Session& s, const MsgInfo& i) {
    bool first = i.tracked && i.index == 0;
    if (s.udp_auth && (first || referenced(hf.udp_auth_in) || referenced(hf.udp_auth_r) ||
                       referenced(hf.udp_auth_notified))) {
        add_generated(proto_tree_add_uint(t, hf.udp_auth_in, c.tvb, 0, 0,
                                          static_cast<guint32>(s.udp_auth->register_frame)));
        add_generated(proto_tree_add_boolean(t, hf.udp_auth_r, c.tvb, 0, 0, s.udp_auth->r_bit));
        add_generated(proto_tree_add_boolean(t, hf.udp_auth_notified, c.tvb, 0, 0, s.udp_auth->map_notify));
    } else if (!s.udp_auth && first) {
        expert_add_info(c.pinfo, item, &ei.no_udp_auth);
    }
}

}  // namespace

void add_session_items(const Ctx& c, proto_tree* t, proto_item* item, const Session& s, const MsgInfo& i,
                       const msrt::Message* m) {
    proto_tree* st = t;
    // A plain value: its label is built only when someone displays it. The endpoints are named once, on the
    // session's first message (the IP and TCP layers name them on every frame).
    proto_item* si = add_generated(proto_tree_add_uint(t, hf.session, c.tvb, 0, 0, s.index));
    if (i.index == 0) proto_item_append_text(si, " (%s)", s.label());
    add_generated(proto_tree_add_uint(st, hf.direction, c.tvb, 0, 0, static_cast<guint32>(i.dir)));
    if (i.after_framing_error) expert_add_info(c.pinfo, item, &ei.after_framing_error);
    if (!m || !i.tracked) return;
    if (referenced(hf.message_number))
        add_generated(proto_tree_add_uint(st, hf.message_number, c.tvb, 0, 0, i.index));
    add_udp_auth(c, st, item, s, i);
    add_links(c, t, item, s, i, *m);
    add_id_check(c, t, item, *m, i);
    if (i.wrong_direction) expert_add_info(c.pinfo, item, &ei.wrong_direction);
    add_state(c, t, i.after);
}

}  // namespace lmsrt
