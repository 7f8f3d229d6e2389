// TCP connections to or from the reliable-transport port, followed from first packet to close: one session
// each. Each direction is reassembled (tcp_stream.hpp) and framed by its own msrt::Framer; what comes out
// goes to StreamEvents with the packet that completed it.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>

#include "common/flow_table.hpp"
#include "common/packet.hpp"
#include "common/stream_events.hpp"
#include "common/tcp_stream.hpp"

namespace msrt::cli {

struct SessionOptions {
    std::uint16_t port = wire::kTcpPort;
    std::size_t max_message = wire::kMaxLength;
    ReassemblyLimits reassembly;
    std::size_t buffer_cap = 32u << 20;  // out-of-order octets held by all sessions together
    Micros close_wait = 1'000'000;       // after both FINs, how long the last ACK may take
    Micros linger = 60'000'000;  // how long after a close stray packets are still recognised as its own
    // Connections followed at once: open, closing, or closed and still recognised. Without a limit a SYN
    // flood grows memory with every SYN. Past it, closed ones are forgotten early, then the oldest unanswered
    // SYN, else the oldest open session, is closed at once with a transport note (README "Hostile input").
    std::size_t max_tracked = 150'000;
};

class TcpSessions {
  public:
    TcpSessions(const SessionOptions& options, StreamEvents& events);
    ~TcpSessions();
    TcpSessions(const TcpSessions&) = delete;
    TcpSessions& operator=(const TcpSessions&) = delete;

    void packet(const L4Packet& p, const PacketRef& at);
    // Capture time has reached `now`: closes sessions whose last ACK never came, forgets old closed ones.
    void tick(Micros now);
    // End of input: every session still open closes (SessionEnd::CaptureEnd, or Fin when a FIN was seen).
    void finish();

    std::size_t tracked() const { return flows_.size(); }
    std::uint64_t sessions() const { return next_id_; }

  private:
    struct Side;
    struct Session;
    struct Expiry {
        Micros due;
        FlowKey key;
        std::uint64_t id;
    };

    // A connection: live while its session is open or closing, then a small marker that makes its stragglers
    // recognisable until it is forgotten.
    struct Flow {
        std::unique_ptr<Session> session;
        std::uint64_t closed_id = 0;
    };

    const SessionInfo& info(const Session& s);
    const SessionInfo& build_info(const Session& s);
    Session* open(Flow& flow, const FlowKey& key, const L4Packet& p, const PacketRef& at);
    void process(Session& s, const L4Packet& p, const PacketRef& at);
    void after_fin(Session& s);
    void close(Flow& flow, SessionEnd how);

    // Sessions in opening order, for choosing one to give up when max_tracked is reached.
    struct Opened {
        FlowKey key;
        std::uint64_t id;
    };
    void make_room();
    bool expire_front();
    bool evict(std::deque<Opened>& queue, bool unanswered_only);
    Session* live(const Opened& o);
    void compact(std::deque<Opened>& queue);
    void trim_answered();
    void compact_expiries();

    SessionOptions options_;
    StreamEvents& events_;
    StreamEvents& messages_;  // events_.messages(): where each message goes
    BufferBudget budget_;
    FlowTable<Flow> flows_;
    std::deque<Expiry> expiries_;  // roughly in time order: closing sessions, then closed ones to forget
    std::deque<Opened> opened_;    // every session (stale entries are skipped, and dropped now and then)
    std::deque<Opened> syn_only_;  // sessions opened by a SYN: the first to go while still unanswered
    std::uint64_t next_id_ = 0;
    std::uint64_t closed_ = 0;  // sessions closed so far: next_id_ - closed_ hold state
    std::size_t markers_ = 0;   // flows kept only to recognise a closed session's stragglers
    SessionInfo info_;          // of the session whose events are being delivered (info())
    bool info_valid_ = false;
    // Connections given up at the limit, most recent max_tracked of them: their later packets are dropped
    // instead of each opening a new mid-stream session (which would give up another, and so on).
    FlowTable<bool> evicted_;
    std::deque<FlowKey> evicted_order_;
    void remember_evicted(const FlowKey& key);
};

}  // namespace msrt::cli
