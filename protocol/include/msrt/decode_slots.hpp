// Decoding a stream of messages without allocating per message. Each kind decodes into its own Message,
// whose record and locator vectors the next message of that kind reuses; moving a fresh Message into place
// instead would free and allocate them for every message (millions in a large capture).
#pragma once

#include <array>

#include "msrt/codec.hpp"

namespace msrt {

class DecodeSlots {
  public:
    // Decodes one well-framed message (the framer checked Length and end marker). When the body does not
    // decode, `ok` is false, `error` says why, and the result is the header alone with an UnknownBody and
    // the Kind from the profile: it is still counted and ID-checked under its type. Valid until the next
    // call for the same kind, or the next failure.
    const Message& decode(ByteView bytes, const Profile& profile, bool& ok, Error& error);

  private:
    std::array<Message, kKindCount> by_kind_;
    Message header_only_;
};

}  // namespace msrt
