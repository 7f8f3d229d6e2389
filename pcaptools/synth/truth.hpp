// Ground truth of one TCP session, recorded from what the generator decides to send (never decoded from the
// capture): the messages, their counts, the registration table, and which stream octets the capture holds.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "msrt/message.hpp"
#include "msrt/session/registration_table.hpp"
#include "msrt/session/types.hpp"

namespace msrt::synth {

using Micros = std::int64_t;
using msrt::Direction;

inline constexpr std::uint32_t kNoIndex = 0xFFFFFFFF;

// Sorted, disjoint [begin, end) ranges of one direction's stream.
class ByteRanges {
  public:
    void add(std::uint64_t begin, std::uint64_t end);
    bool covers(std::uint64_t begin, std::uint64_t end) const;

  private:
    std::map<std::uint64_t, std::uint64_t> r_;
};

struct MessageTruth {
    Direction dir{};
    Kind kind{};
    std::uint32_t id = 0;
    std::uint64_t begin = 0, end = 0;  // octets of the direction's stream
    std::optional<Eid> eid;
    std::uint32_t ttl = 0;                         // Registration
    std::uint8_t scope = 0;                        // Refresh (wire code)
    bool rejected_only = false;                    // Refresh
    std::optional<NackReason> reason;              // NACK
    std::uint32_t answer = kNoIndex;               // Registration: its ACK/NACK (message index)
    std::uint32_t answers = kNoIndex;              // ACK/NACK: the Registration (message index)
    std::optional<ErrorCode> error;                // Error Notification
    Header offending;                              // Error Notification
    std::uint32_t iid = 0;                         // membership
    std::uint16_t afi = 0;                         // membership
    std::optional<std::uint32_t> request_id;       // membership replies
    std::optional<std::uint8_t> membership_error;  // Subscribe NACK
    std::optional<std::uint64_t> site_id;          // Element Add/Remove
    std::optional<Address> rloc;                   // Element Add/Remove
    bool in_capture = false;
};

// The registration tables' statuses (msrt/session/registration_table.hpp): a manifest says what
// `msrt sessions` must report, in the same words.
using session::Status;
using session::status_key;

struct TableEntry {
    Status status = Status::Pending;
    std::optional<NackReason> reason;
    std::uint32_t ttl = 0;
    std::vector<Locator> rlocs;
};

struct UdpAuthTruth {
    bool r_bit = false;
    std::uint64_t nonce = 0;
    bool map_notify = false;
    bool authenticated = false;
    bool captured = false;  // the Map-Register is in the capture (otherwise the manifest says null)
};

enum class EndReason : std::uint8_t { Fin, Rst, CaptureEnd };
const char* end_reason_key(EndReason r);

struct ImpairmentEvent {
    const char* kind = "";  // "retransmission", "duplicate", "out_of_order", "capture_loss"
    Direction dir{};
    std::uint64_t frame = 0;          // 1-based frame number in the capture
    std::uint64_t related_frame = 0;  // out_of_order: the segment that overtook it
    std::uint64_t octets = 0;         // capture_loss: stream octets missing before `frame`
};

// A misbehaviour the generator injected (scenario `fault`): what a checker should find.
struct FaultEvent {
    const char* kind = "";  // "wrong_nack", "skip_answer", "ignore_refresh"
    Direction dir{};        // of the message the fault concerns
    std::uint32_t id = 0;   // its Message ID: the Registration (Map-Server faults) or the Refresh (ETR)
    std::optional<Eid> eid;
};

struct SessionTruth {
    std::string etr_name, ms_name;
    Address etr_ip, ms_ip;
    std::uint16_t etr_port = 0, ms_port = 0;
    XtrId xtr_id{};
    std::uint64_t site_id = 0;
    std::optional<UdpAuthTruth> udp;

    // Filled as packets reach the capture.
    std::optional<std::uint64_t> index;  // order of the first captured TCP packet among sessions
    Micros start = 0, end = 0;
    bool opened_by_syn = false;
    std::array<ByteRanges, 2> captured;
    std::vector<ImpairmentEvent> events;
    bool faults_enabled = false;  // the manifest lists `faults` (possibly empty) only then
    std::vector<FaultEvent> faults;
    std::array<std::uint64_t, 2> overtaking_frame{};  // scratch: the last segment that overtook another

    EndReason end_reason = EndReason::CaptureEnd;
    const char* closed_by = nullptr;  // "etr" | "ms"

    std::array<std::array<std::uint64_t, kKindCount>, 2> counts{};
    bool keep_messages = true;
    bool keep_table = true;
    std::vector<MessageTruth> messages;
    std::map<Eid, TableEntry> table;

    // Counts the message and, when messages are kept, stores it; returns its index (or kNoIndex).
    std::uint32_t record(MessageTruth m);
    MessageTruth* message(std::uint32_t index);
    void registration_sent(const Eid& eid, std::uint32_t ttl, const std::vector<Locator>& rlocs);
    void answered(const Eid& eid, bool accepted, std::optional<NackReason> reason);
    // Sets in_capture of every message from the captured ranges.
    void settle_capture();
};

}  // namespace msrt::synth
