// The messages a model produced and the capture has not shown yet, matched against what the real peer sent:
// by kind and EID key, oldest first (answers pair FIFO per key, spec 2.7, 6.4).
#pragma once

#include <deque>
#include <optional>

#include "msrt/message.hpp"
#include "msrt/session/types.hpp"

namespace msrt::cli {

// Which messages can stand for one another when compared: an expected ACK may turn out to be a NACK.
enum class Slot : std::uint8_t { Answer, Notification, Refresh, Error, Registration, Other };
Slot slot_of(Kind k);

struct Expected {
    Message message;
    Slot slot = Slot::Other;
    std::optional<Eid> key;
    std::uint64_t trigger_frame = 0;
    std::uint32_t trigger_id = 0;
    Micros at = 0;
    std::uint64_t seq = 0;  // order of production
};

class Expectations {
  public:
    void push(Message m, std::uint64_t trigger_frame, std::uint32_t trigger_id, Micros at);
    // Takes the oldest expectation of `slot` naming `key` (any key when `key` is empty), preferring one
    // produced after `after`: a peer answers in order, so an answer follows the last one matched.
    std::optional<Expected> take(Slot slot, const std::optional<Eid>& key, std::uint64_t after = 0);
    // Takes the oldest expectation that `actual` fulfils exactly (same kind and body), if any.
    std::optional<Expected> take_same(const Message& actual);
    bool has(Slot slot) const;
    std::deque<Expected> drain() { return std::exchange(queue_, {}); }
    // Removes and returns the expectations produced at or before `cutoff`.
    std::deque<Expected> take_older(Micros cutoff);

  private:
    std::deque<Expected> queue_;
    std::uint64_t next_seq_ = 1;
};

// The Message ID in a message's header (0 when too short to hold one).
inline std::uint32_t message_id(ByteView bytes) {
    return bytes.size() >= 8 ? load_be32(&bytes[4]) : 0;
}

// Whether two messages carry the same body (Message IDs are each sender's own counter, spec 9 item 5).
bool same_body(const Message& a, const Message& b);

// How two records differ, field by field ("ttl 1440 vs 60; locator 1 flags 1 vs 5"), or "" when equal.
// EIDs compare by key, whatever their encoding.
std::string record_difference(const EidRecord& model, const EidRecord& capture);

}  // namespace msrt::cli
