// One line of `msrt events`: a protocol event with the fields that apply to it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "msrt/session/types.hpp"

namespace msrt::cli {

struct SessionState;

struct Event {
    Micros at = 0;
    std::uint64_t frame = 0;
    const SessionState* session = nullptr;  // null for UDP and input events
    const char* name = "";                  // "registration", "gap", "session_close", ...
    std::optional<Direction> dir;
    std::optional<std::uint32_t> id;                         // Message ID
    std::optional<std::string> eid;                          // "[IID] prefix/len"
    std::optional<std::uint32_t> answers;                    // ACK/NACK: Message ID of the Registration
    std::optional<Micros> latency;                           // ACK/NACK: since the Registration
    std::optional<std::uint32_t> expected;                   // id_gap/id_repeat
    std::optional<std::uint64_t> octets, offset;             // gap, skipped, framing error
    std::string detail;                                      // human text: status, reason, scope, r bit, ...
    std::optional<std::string> address;                      // UDP events: "etr -> ms"
    std::vector<std::pair<const char*, std::string>> extra;  // further string fields (status, reason, scope)
};

}  // namespace msrt::cli
