// One TCP session between an ETR (side 0, the client) and a Map-Server (side 1): both TCP endpoints, the
// two applications' per-session state, and what the tap has captured of it so far.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>

#include "common/frame.hpp"
#include "synth/tcp_model.hpp"
#include "synth/truth.hpp"

namespace msrt::synth {

class LinkSim;

inline constexpr int kEtr = 0;
inline constexpr int kMs = 1;

inline Direction direction_of(int sender) {
    return sender == kEtr ? Direction::EtrToMs : Direction::MsToEtr;
}

// A message as one application hands it to the other: what the receiving application reacts to, and where
// it ends in the stream. Kept small: a bulk sync has thousands of these in flight.
struct AppMessage {
    Kind kind{};
    std::uint32_t id = 0;
    std::uint32_t index = kNoIndex;  // in the session's ground truth
    std::uint16_t length = 0;
    std::uint8_t scope = 0;                   // Refresh: the wire code
    bool rejected_only = false;               // Refresh
    std::uint32_t ttl = 0;                    // Registration
    std::uint32_t iid = 0;                    // membership
    std::uint16_t afi = 0;                    // membership
    std::size_t mapping = SIZE_MAX;           // Registration and its answer: the ETR's mapping (index)
    std::uint64_t end = 0;                    // stream offset just after it
    std::optional<Eid> eid;                   // Registration, ACK/NACK, Refresh selector
    std::unique_ptr<const EidRecord> record;  // Registration: the record, for the Mapping Notification
};

struct Connection final : TcpEnv {
    Connection(LinkSim& sim, std::unique_ptr<SessionTruth> truth) : sim(sim), truth(std::move(truth)) {}

    Micros now() const override;
    void transmit(int side, Segment seg) override;
    void arm_timer(int side, TimerKind kind, Micros at, std::uint64_t generation) override;
    void on_established(int side) override;
    void on_readable(int side, std::uint64_t stream_end) override;
    void on_peer_fin(int side) override;
    void on_reset(int side) override;

    LinkSim& sim;
    std::unique_ptr<SessionTruth> truth;
    std::array<std::unique_ptr<TcpEndpoint>, 2> ep;
    std::array<Hop, 2> hop;  // addressing of what each side sends, as the tap sees it

    // Applications.
    std::array<std::uint32_t, 2> next_id{};
    std::array<std::deque<AppMessage>, 2> out;    // written by a side, not yet read by the other
    std::array<std::deque<AppMessage>, 2> inbox;  // read by a side, not yet processed
    std::array<bool, 2> wake_pending{};
    std::array<bool, 2> closing{};
    std::array<std::optional<Header>, 2> last_received;
    std::optional<Micros> reconnect;  // the ETR starts again this long after the session is gone
    std::size_t udp_expected = 0;     // Map-Notifies the ETR waits for before connecting
    bool tcp_started = false;

    // Network and capture.
    std::array<std::optional<Segment>, 2> held;  // a segment held back to be overtaken (out-of-order)
    std::array<std::uint64_t, 2> held_gen{};
    Micros impair_guard = 0;         // no new impairment before this: one recovery at a time per session
    std::array<bool, 2> loss_run{};  // the tap misses this side's data up to the next message boundary
    std::array<bool, 2> capture_started{};
    std::array<std::uint64_t, 2> capture_next{};  // sequence-space position after the last captured packet
    std::array<std::uint64_t, 2> dropped_end{};   // ... after the last packet the tap missed (capture loss)
    int in_flight = 0;                            // tap items and deliveries not yet done
    bool finished = false;
};

}  // namespace msrt::synth
