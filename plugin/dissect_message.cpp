// One message: decoded once by protocol/, then shown. Each message gets its own subtree under a single
// lisp-msrt protocol item per frame, labelled "Message N: ..." so that `tshark -T json` gets distinct keys
// when a frame carries several messages.
#include "conversation_state.hpp"
#include "decoded.hpp"
#include "dissect.hpp"
#include "expert.hpp"
#include "plugin.hpp"
#include "tree.hpp"
#include "tree_session.hpp"

namespace lmsrt {
namespace {

namespace lay = msrt::layout;
constexpr int kFrameKey = -1;  // packet scope: FrameScratch

// What the messages of one frame share (also those TCP hands over in a second call after a reassembled PDU).
// One packet-scope record, updated in place: Wireshark's proto data is a list that grows with every add.
struct FrameScratch {
    guint ordinals = 0;  // messages and framing errors so far, in dissection order (the same each pass)
    proto_tree* tree = nullptr;  // the frame's lisp-msrt subtree
};

FrameScratch& frame_scratch(packet_info* pinfo) {
    auto* f = static_cast<FrameScratch*>(p_get_proto_data(pinfo->pool, pinfo, proto, kFrameKey));
    if (f) return *f;
    f = wmem_new0(pinfo->pool, FrameScratch);
    p_add_proto_data(pinfo->pool, pinfo, proto, kFrameKey, f);
    return *f;
}

// The frame's lisp-msrt item, created by its first message; later messages add to it.
proto_tree* frame_tree(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, FrameScratch& f, guint ordinal) {
    if (ordinal == 0) {
        col_set_str(pinfo->cinfo, COL_PROTOCOL, kProtoShort);
        col_clear(pinfo->cinfo, COL_INFO);
    }
    if (f.tree || !tree) return f.tree;
    proto_item* item = proto_tree_add_item(tree, proto, tvb, 0, -1, ENC_NA);
    f.tree = proto_item_add_subtree(item, ett.proto);
    return f.tree;
}

void add_header(const Ctx& c, proto_tree* t, const msrt::Header& h, guint len) {
    proto_tree_add_uint(t, hf.type, c.tvb, at(0, lay::header::kType), 2, h.type);
    proto_tree_add_uint(t, hf.length, c.tvb, at(0, lay::header::kLength), 2, h.length);
    if (h.short_form) {
        proto_item* si = proto_tree_add_item(t, hf.short_form, c.tvb, 0, gi(len), ENC_NA);
        expert_add_info(c.pinfo, si, &ei.short_form);
        proto_tree_add_uint(t, hf.end_marker, c.tvb, at(0, lay::header::kShortFormMarker), 4,
                            msrt::wire::kEndMarker);
        return;
    }
    proto_tree_add_uint(t, hf.id, c.tvb, at(0, lay::header::kId), 4, h.id);
    proto_tree_add_uint(t, hf.end_marker, c.tvb, gi(len - msrt::wire::kMarkerSize), 4,
                        msrt::wire::kEndMarker);
}

void add_malformed(const Ctx& c, proto_tree* t, proto_item* item, const Decoded& d, guint len) {
    gint body = gi(lay::header::kBody), body_len = gi(len) - body - gi(msrt::wire::kMarkerSize);
    proto_item* mi = proto_tree_add_string(t, hf.malformed, c.tvb,
                                           gi(std::min<std::size_t>(d.error_offset, len - 1)), 1, d.error);
    expert_add_info_format(c.pinfo, mi, &ei.malformed, "Message body does not decode: %s", d.error);
    if (body_len > 0) proto_tree_add_item(t, hf.body, c.tvb, body, body_len, ENC_NA);
    proto_item_append_text(item, " [malformed]");
}

void queue_tap(packet_info* pinfo, const Session* s, const MsgInfo* info, const msrt::Message& m,
               msrt::ByteView b) {
    if (!s || !info || !have_tap_listener(tap)) return;
    auto* r = wmem_new0(pinfo->pool, TapRecord);
    r->session = s->index;
    r->session_label = s->label();
    r->dir = info->dir;
    r->kind = m.kind;
    r->type = m.header.type;
    r->bytes = b.data();
    r->length = static_cast<guint32>(b.size());
    r->frame = pinfo->num;
    r->mid_stream = s->mid_stream;
    tap_queue_packet(tap, pinfo, r);
}

}  // namespace

void dissect_message(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree) {
    guint len = tvb_captured_length(tvb);
    msrt::ByteView bytes(tvb_get_ptr(tvb, 0, gi(len)), len);
    const Decoded& d = decode_message(bytes, profile(), pinfo->pool);
    const msrt::Message& m = *d.message;
    FrameScratch& f = frame_scratch(pinfo);
    guint ordinal = f.ordinals++;
    Session* s = session_for(pinfo, m.kind);
    const MsgInfo* info = s ? message_info(pinfo, *s, m, ordinal) : nullptr;
    queue_tap(pinfo, s, info, m, bytes);

    proto_tree* ft = frame_tree(tvb, pinfo, tree, f, ordinal);
    MessageTexts texts;
    if (pinfo->cinfo || visible(ft)) texts = message_texts(pinfo->pool, m, profile(), ordinal);
    col_append_sep_str(pinfo->cinfo, COL_INFO, ", ", texts.info);
    proto_item* item = nullptr;
    proto_tree* t = proto_tree_add_subtree(ft, tvb, 0, gi(len), ett.message, &item, texts.label);
    Ctx c{tvb, pinfo, bytes, item, details_wanted(pinfo, tree), texts.eid};
    add_header(c, t, m.header, len);
    if (d.ok)
        add_body(c, t, item, m);
    else
        add_malformed(c, t, item, d, len);
    if (s && info) add_session_items(c, t, item, *s, *info, &m);
}

void dissect_bad_framing(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, msrt::FramingProblem problem,
                         guint32 value) {
    guint len = tvb_captured_length(tvb);
    FrameScratch& f = frame_scratch(pinfo);
    guint ordinal = f.ordinals++;
    Session* s = session_for(pinfo, msrt::Kind::Unknown);
    const MsgInfo* info = s ? framing_info(pinfo, *s, ordinal) : nullptr;
    proto_tree* ft = frame_tree(tvb, pinfo, tree, f, ordinal);
    col_append_sep_fstr(pinfo->cinfo, COL_INFO, ", ", "[Framing error: %s]",
                        msrt::framing_problem_name(problem).data() /* a literal: NUL-terminated */);
    proto_item* item = nullptr;
    proto_tree* t = proto_tree_add_subtree_format(ft, tvb, 0, gi(len), ett.framing, &item,
                                                  "Message %u: framing error", ordinal + 1);
    proto_item* pi = proto_tree_add_uint(t, hf.framing_error, tvb, 0, gi(std::min(len, 4u)),
                                         static_cast<guint32>(problem));
    if (problem == msrt::FramingProblem::BadEndMarker)
        proto_item_append_text(pi, " (found 0x%08x)", value);
    else
        proto_item_append_text(pi, " (Length %u)", value);
    expert_add_info_format(pinfo, pi, framing_expert(problem), "Framing error: %s",
                           msrt::framing_problem_name(problem).data() /* a literal: NUL-terminated */);
    proto_item* sk = proto_tree_add_item(t, hf.skipped, tvb, 0, gi(len), ENC_NA);
    expert_add_info_format(pinfo, sk, &ei.skipped, "%u octets skipped to find the next message header", len);
    Ctx c{tvb, pinfo, {}, item, true, nullptr};
    if (s && info) add_session_items(c, t, item, *s, *info, nullptr);
}

}  // namespace lmsrt
