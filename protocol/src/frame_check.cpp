#include "msrt/frame_check.hpp"

#include "msrt/codec.hpp"

namespace msrt {
namespace {

FrameCheck bad(FramingProblem p, std::uint32_t value) {
    FrameCheck c;
    c.verdict = FrameVerdict::Bad;
    c.problem = p;
    c.value = value;
    return c;
}

FrameCheck whole(std::size_t length, bool short_form) {
    FrameCheck c;
    c.verdict = FrameVerdict::Message;
    c.length = length;
    c.short_form = short_form;
    c.problem = FramingProblem::ShortForm;
    c.value = static_cast<std::uint32_t>(length);
    return c;
}

FrameCheck partial(std::size_t length) {
    FrameCheck c;
    c.length = length;
    c.value = static_cast<std::uint32_t>(length);
    return c;
}

// A header of fewer than 4 octets can still be the start of a message: type high octet 0 and, when the low
// octet is there, a type the profile knows.
bool plausible_prefix(ByteView rest, const Profile& profile) {
    if (rest[0] != 0) return false;
    return rest.size() < 2 || profile.type(rest[1]) != nullptr;
}

}  // namespace

FrameCheck check_frame(ByteView data, std::size_t max_length) {
    if (data.size() < 4) return partial(0);
    std::uint32_t len = load_be16(&data[2]);
    // Length 8 is Wireshark's short form: Type, Length and the marker, no Message ID (spec 2.2).
    if (len == wire::kShortFormLength) {
        if (data.size() < len) return partial(len);
        std::uint32_t marker = load_be32(&data[4]);
        return marker == wire::kEndMarker ? whole(len, true) : bad(FramingProblem::BadEndMarker, marker);
    }
    if (len < wire::kShortFormLength) return bad(FramingProblem::LengthTooSmall, len);
    if (len < wire::kMinLength) return bad(FramingProblem::LengthUnderflow, len);
    if (len > max_length) return bad(FramingProblem::LengthTooLarge, len);
    if (data.size() < len) return partial(len);
    std::uint32_t marker = load_be32(&data[len - wire::kMarkerSize]);
    return marker == wire::kEndMarker ? whole(len, false) : bad(FramingProblem::BadEndMarker, marker);
}

std::size_t resync_distance(ByteView data, const Profile& profile, std::size_t max_length) {
    for (std::size_t p = 1; p < data.size(); ++p) {
        ByteView rest = data.subspan(p);
        if (rest.size() < 4) {
            if (plausible_prefix(rest, profile)) return p;
            continue;
        }
        HeaderCheck h = check_message_at(rest, max_length);
        if (h == HeaderCheck::Ok) return p;
        // A partial message is only worth waiting for when its type is one the profile knows: random octets
        // pass the Length test about once in 256 positions, a known type about once in 4000.
        if (h == HeaderCheck::NeedMore && profile.type(load_be16(&rest[0])) != nullptr) return p;
    }
    return data.empty() ? 1 : data.size();
}

}  // namespace msrt
