// Applying the Map-Server-wide registry with two threads (msrt state --threads 2). Turning ended sessions
// into orphans and refreshing orphans from UDP Map-Registers is as much work as interpreting the messages,
// and it needs nothing from the interpreter but the ended session or a copy of the Map-Register: so the
// reader does it while it would otherwise wait for room in the pipeline's queue (IdleWork in
// common/pipelined_events.hpp), one change at a time and in the order the interpreter made them. When
// changes pile up, the interpreter applies them itself, so that only a few wait.
//
// Sessions are freed on the interpreting thread, which made them (see sessions/session_output.hpp).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "common/serial_queue.hpp"
#include "msrt/session/registry.hpp"
#include "sessions/session_state.hpp"

namespace msrt::cli {

session::SessionRef ref_of(const SessionState& s);

class RegistryQueue {
  public:
    explicit RegistryQueue(session::Registry& registry, std::size_t max_waiting = 64)
        : registry_(registry), max_waiting_(max_waiting), ops_(max_waiting) {}

    // The interpreting thread, in the order the changes happen: a session ended by FIN/RST, a UDP
    // Map-Register (copied), a sweep of what expired before `now`.
    void session_lost(std::unique_ptr<SessionState> s);
    void udp_register(const Address& etr, const Address& ms, const MapRegister& m, Micros t);
    void expire(Micros now);
    // Either thread: applies the oldest change waiting, unless none waits or the other thread is applying
    // one. Returns whether it applied one.
    bool apply_one();
    // Once the interpreting thread is done: applies what still waits, and frees the sessions.
    void finish();
    std::size_t waiting();

  private:
    enum class Change : std::uint8_t { SessionLost, UdpRegister, Expire };
    struct Op {
        Change change = Change::Expire;
        std::unique_ptr<SessionState> session;  // SessionLost
        Address etr, ms;                        // UdpRegister
        MapRegister map_register;               // UdpRegister: kept for its storage when spare
        Micros t = 0;                           // UdpRegister, Expire
    };
    void queue(Op op);
    void apply(Op& op);

    session::Registry& registry_;
    std::size_t max_waiting_;
    std::vector<Op> spare_;  // the interpreter's: applied UDP changes, kept for their storage
    SerialQueue<Op> ops_;
};

}  // namespace msrt::cli
