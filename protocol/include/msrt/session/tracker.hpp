// Per-session registration state, rebuilt from the messages of one reliable-transport session (spec 7.3).
// One implementation serves `msrt sessions`, the Wireshark plugin (-z lisp-msrt,state) and the emulator checks.
//
// DESIGN SKETCH (to be implemented in protocol/src/session/tracker.cpp; extend freely, keep the roles):
//  - Feed every decoded message in capture order with its direction, time and frame number.
//  - ACK/NACK pair with the oldest pending Registration of the same Eid key (IID normalised, spec 2.7/6.4).
//  - A Mapping Notification links to the ACK of the same key just before it.
//  - A Refresh marks every table entry in its scope (R: only rejected ones); a later Registration of a marked
//    key clears the mark and links to that Refresh; marks left at the end are "refresh not answered".
//  - Message-ID continuity per direction (gaps / repeats = capture loss or a misbehaving sender).
//  - Counts per direction and kind; the registration table keyed by Eid.
//  - The per-message log (needed by the plugin for response_in / caused-by links) is optional so that the
//    capture tools keep memory bounded on long captures.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "msrt/message.hpp"
#include "msrt/session/types.hpp"

namespace msrt::session {

enum class Status : std::uint8_t { Pending, Registered, Rejected, Withdrawn };
const char* status_key(Status s);  // "pending", "registered", "rejected", "withdrawn"

struct Rloc {
    Address address;
    std::uint8_t priority = 0, weight = 0, m_priority = 0, m_weight = 0;
    std::uint16_t flags = 0;
    friend bool operator==(const Rloc&, const Rloc&) = default;
};

struct Entry {
    Eid key;
    Status status = Status::Pending;
    std::optional<std::uint8_t> reason;  // NACK reason code
    std::vector<Rloc> rlocs;             // of the last Registration of this key
    XtrId xtr_id{};
    std::uint64_t site_id = 0;
    std::uint32_t ttl = 0;
    bool t_bit = false;
    Micros sent_at = 0;      // last Registration
    Micros answered_at = 0;  // its ACK/NACK (0: none yet)
    std::uint64_t sent_frame = 0, answered_frame = 0;
    std::optional<std::uint32_t> refresh_mark;  // log index of a Refresh awaiting this key's re-send
};

struct Summary {
    std::uint32_t registered = 0, rejected = 0, pending = 0, withdrawn = 0;
};

// What the tracker learned from one message; stored by the plugin per frame on the first pass.
struct Note {
    std::uint32_t index = 0;                    // of this message in the session's log (0-based)
    std::optional<std::uint32_t> answers;       // ACK/NACK: the Registration it answers
    std::optional<std::uint32_t> follows_ack;   // Mapping Notification: the ACK it goes with
    std::optional<std::uint32_t> caused_by;     // Registration: the Refresh it answers
    std::optional<std::uint32_t> expected_id;   // set when the Message ID is not the one expected (gap/repeat)
    bool unmatched = false;         // ACK/NACK with nothing pending, or Mapping Notification with no ACK
    bool wrong_direction = false;   // e.g. an ACK sent by the ETR
    Summary after;                  // table summary after this message
};

struct LogEntry {
    std::uint64_t frame = 0;
    Micros time = 0;
    Direction dir{};
    Kind kind{};
    std::uint32_t id = 0;
    std::optional<std::uint32_t> answered_by;  // Registration: its ACK/NACK
    std::vector<std::uint32_t> caused;         // Refresh: the Registrations it caused
};

class Tracker {
public:
    explicit Tracker(const Profile& p = default_profile(), bool keep_log = false);

    Note on_message(const Message& m, Direction d, Micros t, std::uint64_t frame);
    void on_close(Micros t);

    const std::map<Eid, Entry>& table() const;
    Summary summary() const;
    const std::array<std::array<std::uint64_t, kKindCount>, 2>& counts() const;  // [dir][kind]
    const std::vector<LogEntry>& log() const;  // empty unless keep_log
    // Registrations never answered, and Refresh marks never honoured, as log indices / keys.
    std::vector<Eid> unanswered_refresh_keys() const;
};

}  // namespace msrt::session
