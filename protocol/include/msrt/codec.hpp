// Decoding and encoding of whole messages.
#pragma once

#include "msrt/message.hpp"

namespace msrt {

enum class HeaderCheck { Ok, NeedMore, Bad };

// Checks whether `data` starts with a plausible message: type high octet 0, Length >= 12 and <= max_length,
// and the end marker at Length-4. This is the resynchronisation and heuristic test (spec 9 item 19).
HeaderCheck check_message_at(ByteView data, std::size_t max_length = wire::kMaxLength);

// Decodes exactly one message: `data` must hold Length octets. Offsets in the result are relative to
// data[0]. Errors name the field and its offset; nothing is thrown.
Result<Message> decode_message(ByteView data, const Profile& profile = default_profile());
// The same into `m`, reusing the storage it holds from an earlier message of the same kind (records and
// locators): the capture tools decode every message of a capture this way. False, with `error` set and `m`
// partly filled, when the message does not decode.
bool decode_message(ByteView data, const Profile& profile, Message& m, Error& error);

// Encodes a message. Length is computed; header.type is taken from the profile when kind is known,
// otherwise header.type is used as is.
Bytes encode_message(const Message& m, const Profile& profile = default_profile());

}  // namespace msrt
