#include "msrt/decode_slots.hpp"

#include "msrt/frame_check.hpp"

namespace msrt {

const Message& DecodeSlots::decode(ByteView bytes, const Profile& profile, bool& ok, Error& error) {
    Header h = read_header(bytes);
    Kind kind = profile.kind_of(h.type);
    Message& slot = by_kind_[static_cast<std::size_t>(kind)];
    ok = decode_message(bytes, profile, slot, error);
    if (ok) return slot;
    header_only_ = Message{};
    header_only_.header = h;
    header_only_.kind = kind;
    return header_only_;
}

}  // namespace msrt
