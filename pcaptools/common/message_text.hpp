// How a decoded message reads: a one-line summary of its salient content for people, and the same facts as
// JSON fields. Rendering only: every field comes from protocol/'s decoders.
#pragma once

#include <string>

#include "common/json.hpp"
#include "msrt/message.hpp"

namespace msrt::cli {

// "Registration ACK", or "Unknown type (N)".
std::string type_label(std::uint16_t code, const Profile& p);
// The content after type and Message ID, e.g. "[1000] 10.9.0.0/16  reason 1 Not a valid site EID prefix".
std::string message_summary(const Message& m, const Profile& p);
// Adds the content fields to the JSON object being written.
void message_json(Json& j, const Message& m, const Profile& p);

// A Map-Register or Map-Notify, embedded or on UDP: flags (with r), nonce, records, xTR-ID.
std::string map_register_summary(const MapRegister& m);
void map_register_json(Json& j, const MapRegister& m);
std::string map_register_flags(const MapRegister& m);  // "I r M"

}  // namespace msrt::cli
