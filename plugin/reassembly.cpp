// The TCP side: Wireshark's TCP reassembly (tcp_dissect_pdus) cuts the stream into PDUs; get_pdu_len decides
// with protocol/'s framing rules (check_frame, the same rules as msrt::Framer) where each one ends.
//
// Broken framing never throws and never stalls: the bad stretch becomes a PDU of its own that runs to the
// next plausible header (resync_distance, at least one octet), is reported with an expert error, and the rest
// of the segment is still dissected. Length 0 in particular cannot stall a direction.
#include "dissect.hpp"
#include "msrt/frame_check.hpp"
#include "plugin.hpp"

namespace lmsrt {
namespace {

// get_pdu_len's verdict for the PDU it just sized. tcp_dissect_pdus calls dissect_pdu for that PDU right
// after, so the verdict (which may have needed octets beyond the PDU, e.g. a bad end marker) is handed over
// here rather than recomputed from the shorter PDU.
struct Verdict {
    guint32 frame = 0;
    const guint8* data = nullptr;
    guint length = 0;
    msrt::FrameCheck check;
};
Verdict g_verdict;

bool can_wait(const packet_info* pinfo, const void* data) {
    if (!prefs.desegment || !pinfo->can_desegment) return false;
    // A FIN in this segment: nothing more will come, what is missing now is missing for good.
    const auto* tcp = static_cast<const struct tcpinfo*>(data);
    return !(tcp && (tcp->flags & TH_FIN));
}

guint pdu_length(const packet_info* pinfo, const msrt::FrameCheck& c, msrt::ByteView avail,
                 const void* data) {
    switch (c.verdict) {
        case msrt::FrameVerdict::Message:
            return static_cast<guint>(c.length);
        case msrt::FrameVerdict::NeedMore:
            if (can_wait(pinfo, data))
                return static_cast<guint>(c.length);  // 0: tcp_dissect_pdus asks for more
            // The rest will never come: what is here is a truncated message, and the messages after a bogus
            // Length are found the same way as after any broken framing.
            if (c.length == 0) return static_cast<guint>(avail.size());
            break;
        case msrt::FrameVerdict::Bad:
            break;
    }
    return static_cast<guint>(msrt::resync_distance(avail, profile(), max_length()));
}

guint get_pdu_len(packet_info* pinfo, tvbuff_t* tvb, int offset, void* data) {
    guint avail = tvb_captured_length_remaining(tvb, offset);
    const guint8* p = tvb_get_ptr(tvb, offset, static_cast<gint>(avail));
    msrt::ByteView view(p, avail);
    msrt::FrameCheck c = msrt::check_frame(view, max_length());
    guint plen = pdu_length(pinfo, c, view, data);
    g_verdict = Verdict{pinfo->num, p, plen, c};
    return plen;
}

int dissect_pdu(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, void*) {
    guint cap = tvb_captured_length(tvb);
    const guint8* p = tvb_get_ptr(tvb, 0, static_cast<gint>(cap));
    msrt::FrameCheck c = g_verdict.frame == pinfo->num && g_verdict.data == p && g_verdict.length == cap
                             ? g_verdict.check
                             : msrt::check_frame(msrt::ByteView(p, cap), max_length());
    if (c.verdict == msrt::FrameVerdict::Message && c.length == cap)
        dissect_message(tvb, pinfo, tree);
    else if (c.verdict == msrt::FrameVerdict::Bad)
        dissect_bad_framing(tvb, pinfo, tree, c.problem, c.value);
    else
        dissect_bad_framing(tvb, pinfo, tree, msrt::FramingProblem::Truncated, c.value);
    return static_cast<int>(cap);
}

}  // namespace

int dissect_tcp(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, void* data) {
    // fixed_len 1: get_pdu_len copes with short headers itself, and a resync PDU may be shorter than a
    // header.
    tcp_dissect_pdus(tvb, pinfo, tree, prefs.desegment, 1, get_pdu_len, dissect_pdu, data);
    return static_cast<int>(tvb_captured_length(tvb));
}

}  // namespace lmsrt
