// One PDU of the stream: a whole message, or a stretch of broken framing.
#pragma once

#include "msrt/frame_check.hpp"
#include "msrt/session/types.hpp"
#include "ws.hpp"

namespace lmsrt {

// `tvb` holds exactly one well-framed message (check_frame said Message).
void dissect_message(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree);

// `tvb` starts where framing broke (or with a message cut short) and runs to the next plausible header.
void dissect_bad_framing(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, msrt::FramingProblem problem,
                         guint32 value);

// Data handed to the statistics taps, one per message (packet scope).
struct TapRecord {
    guint32 session;
    const char* session_label;
    msrt::Direction dir;
    msrt::Kind kind;
    guint16 type;
    const guint8* bytes;  // the message, for listeners that rebuild state with protocol/
    guint32 length;
    guint32 frame;
    bool mid_stream;  // the session was picked up without its SYN: Message IDs need not start at 0
};

}  // namespace lmsrt
