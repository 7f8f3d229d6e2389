// Other TCP ports (spec 3 item 6, 9 item 19): accept a conversation only when its data starts with a whole
// message whose header and end marker check out and whose type the profile knows.
#include "msrt/codec.hpp"
#include "msrt/frame_check.hpp"
#include "plugin.hpp"

namespace lmsrt {

gboolean dissect_heuristic(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, void* data) {
    guint avail = tvb_captured_length(tvb);
    if (avail < msrt::wire::kMinLength) return FALSE;
    msrt::ByteView bytes(tvb_get_ptr(tvb, 0, static_cast<gint>(avail)), avail);
    if (msrt::check_message_at(bytes, max_length()) != msrt::HeaderCheck::Ok) return FALSE;
    if (!profile().type(msrt::read_header(bytes).type)) return FALSE;
    // From now on the whole conversation is ours, without asking the heuristic again.
    conversation_set_dissector(find_or_create_conversation(pinfo), tcp_handle);
    dissect_tcp(tvb, pinfo, tree, data);
    return TRUE;
}

}  // namespace lmsrt
