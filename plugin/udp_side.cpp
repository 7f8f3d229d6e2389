// UDP port 4342: the authentication that precedes a session (spec 6.1 steps 1-3, 7.3). Map-Registers and
// Map-Notifies are decoded by protocol/ to show the `r` bit (bit 18, which the built-in dissector counts as
// reserved) and to pair a Map-Notify with its Map-Register by nonce; every packet is then handed unchanged to
// the built-in `lisp` dissector, which keeps the columns and the lisp.* fields.
#include "conversation_state.hpp"
#include "decoded.hpp"
#include "expert.hpp"
#include "plugin.hpp"
#include "tree.hpp"

namespace lmsrt {
namespace {

dissector_handle_t g_lisp = nullptr;

void add_links(const Ctx& c, proto_tree* t, proto_item* item, const msrt::MapRegister& m,
               const UdpLink* link) {
    if (!link) return;
    if (!m.is_notify()) {
        if (link->notify_frame)
            add_generated(proto_tree_add_uint(t, hf.udp_notify_in, c.tvb, 0, 0, link->notify_frame));
        else if (PINFO_FD_VISITED(c.pinfo))
            expert_add_info(c.pinfo, item, &ei.udp_not_notified);
    } else {
        add_generated(proto_tree_add_uint(t, hf.udp_register_in, c.tvb, 0, 0, link->register_frame));
    }
    if (link->session_frame)
        add_generated(proto_tree_add_uint(t, hf.udp_session_in, c.tvb, 0, 0, link->session_frame));
}

void add_tree(const Ctx& c, proto_tree* tree, const msrt::MapRegister& m, const UdpLink* link) {
    proto_item* pi = proto_tree_add_item(tree, proto, c.tvb, 0, -1, ENC_NA);
    proto_item_append_text(pi, ": UDP authentication, %s%s", m.is_notify() ? "Map-Notify" : "Map-Register",
                           m.reliable() ? " with r (reliable transport requested)" : "");
    proto_tree* t = proto_item_add_subtree(pi, ett.udp);
    proto_item_set_hidden(proto_tree_add_item(t, hf.udp, c.tvb, 0, -1, ENC_NA));  // the filter lisp-msrt.udp
    add_map_register(c, t, m, Place::Udp);
    add_links(c, t, pi, m, link);
}

}  // namespace

int dissect_udp(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, void* data) {
    guint len = tvb_captured_length(tvb);
    msrt::ByteView bytes(tvb_get_ptr(tvb, 0, static_cast<gint>(len)), len);
    const DecodedMapRegister& d = decode_udp_map_register(bytes);
    // The authentication phase follows the header even when the records or what follows them do not
    // decode (padding, an unknown AFI): the MS's Map-Notify tells whether it accepted the Map-Register.
    msrt::MapRegisterHeader h;
    msrt::Error error;
    const UdpLink* link = nullptr;
    if (msrt::decode_map_register_header(bytes, h, error))
        link = h.is_notify() ? udp_map_notify(pinfo, h) : udp_map_register(pinfo, h);
    // The built-in dissector first: the packet is LISP, our part is an annotation of it.
    int done = g_lisp ? call_dissector_with_data(g_lisp, tvb, pinfo, tree, data) : 0;
    if (d.ok)
        add_tree(Ctx{tvb, pinfo, bytes, nullptr, details_wanted(pinfo, tree), nullptr}, tree, d.value, link);
    return done > 0 ? done : static_cast<int>(len);
}

void udp_side_handoff() {
    g_lisp = find_dissector("lisp");
    if (!g_lisp) return;  // nothing to annotate: leave UDP 4342 to whatever has it
    dissector_handle_t h = create_dissector_handle(dissect_udp, proto);
    dissector_add_uint_with_preference("udp.port", msrt::wire::kUdpControlPort, h);
}

}  // namespace lmsrt
