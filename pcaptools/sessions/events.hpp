// One line of `msrt events`: a protocol event with the fields that apply to it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/stream_events.hpp"
#include "msrt/session/types.hpp"

namespace msrt::cli {

struct Event {
    Micros at = 0;
    std::uint64_t frame = 0;
    const SessionInfo* session = nullptr;  // null for UDP and input events; valid while the event is handled
    const char* name = "";                 // "registration", "gap", "session_close", ... (static text)
    std::optional<Direction> dir;
    std::optional<std::uint32_t> id;                         // Message ID
    std::string eid;                                         // "[IID] prefix/len"; empty when it names none
    std::optional<std::uint32_t> answers;                    // ACK/NACK: Message ID of the Registration
    std::optional<Micros> latency;                           // ACK/NACK: since the Registration
    std::optional<std::uint32_t> expected;                   // id_gap/id_repeat
    std::optional<std::uint64_t> octets, offset;             // gap, skipped, framing error
    std::string detail;                                      // human text: status, reason, scope, r bit, ...
    std::string address;                                     // UDP events: "etr -> ms"; empty otherwise
    std::vector<std::pair<const char*, std::string>> extra;  // further string fields (keys static text)

    // Clears every field but keeps the strings' storage: millions of events are built one after another.
    void reset(const SessionInfo* s, const PacketRef& where, const char* event_name);
};

}  // namespace msrt::cli
