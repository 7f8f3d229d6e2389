// Framing decisions at one position of a byte stream, for a consumer that does its own buffering (the
// Wireshark plugin, under Wireshark's TCP reassembly). The rules are those of msrt::Framer (spec 2.2, 9 items
// 3 and 23): a caller that follows these verdicts frames a stream exactly as the Framer does.
#pragma once

#include <cstddef>
#include <cstdint>

#include "msrt/bytes.hpp"
#include "msrt/constants.hpp"
#include "msrt/framer.hpp"
#include "msrt/message.hpp"
#include "msrt/profile.hpp"

namespace msrt {

enum class FrameVerdict : std::uint8_t {
    Message,   // data starts with one whole, well-framed message of `length` octets
    NeedMore,  // the message starting here is not all there yet: `length` octets in total (0: header
               // incomplete)
    Bad,       // framing is broken here: `problem`, `value`
};

struct FrameCheck {
    FrameVerdict verdict = FrameVerdict::NeedMore;
    std::size_t length = 0;
    bool short_form = false;  // Message of Length 8 (delivered, but a framing problem to report)
    FramingProblem problem = FramingProblem::Truncated;
    std::uint32_t value = 0;  // the Length, or the end marker found
};

// What sits at a message boundary: a whole message, a partial one, or broken framing.
FrameCheck check_frame(ByteView data, std::size_t max_length = wire::kMaxLength);

// After broken framing at data[0]: the octets to skip before the next plausible header, i.e. a verified
// message (check_message_at is Ok) or the start of a partial one of a known message type. Returns
// data.size() when no candidate starts in data; never 0.
std::size_t resync_distance(ByteView data, const Profile& profile, std::size_t max_length = wire::kMaxLength);

// The common header of a well-framed message (check_frame said Message), without decoding the body: what a
// display still shows when the body does not decode.
// Inline, and Type and Length in one load: out of line, GCC returned the Header through narrow stores
// reloaded as one wide load, which missed store forwarding on every message (a twentieth of the time of
// the thread that decodes in `msrt sessions`).
inline Header read_header(ByteView message) {
    Header h;
    if (message.size() < 4) return h;
    std::uint32_t first = load_be32(&message[0]);
    h.type = static_cast<std::uint16_t>(first >> 16);
    h.length = static_cast<std::uint16_t>(first);
    h.short_form = h.length == wire::kShortFormLength;
    if (!h.short_form && message.size() >= wire::kHeaderSize) h.id = load_be32(&message[4]);
    return h;
}

}  // namespace msrt
