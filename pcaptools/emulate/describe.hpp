// One-line descriptions of messages for the emulators' logs and difference reports.
#pragma once

#include <string>

#include "msrt/message.hpp"

namespace msrt::cli {

// "Registration id=3 [1000] 10.1.0.0/16 ttl=1440 rlocs=192.0.2.10", "Registration NACK id=5
// [1000] 10.9.0.0/16 reason=invalid_site_prefix", "Registration Refresh id=0 all" ...
std::string describe(const Message& m, const Profile& p);
// The same for undecoded bytes: decodes them first, or names the decoding error.
std::string describe(ByteView bytes, const Profile& p);
std::string reason_key(std::uint8_t code, const Profile& p);  // "invalid_site_prefix", "unknown (9)"
std::string rlocs_text(const EidRecord& r);                   // "192.0.2.10,192.0.2.11"

}  // namespace msrt::cli
