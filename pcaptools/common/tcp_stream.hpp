// One direction of a TCP connection: segments in (any order, repeated, overlapping), one ordered byte stream
// out with explicit gaps where the capture lost octets. Memory per direction is bounded.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "msrt/bytes.hpp"
#include "msrt/session/types.hpp"

namespace msrt::cli {

// Receives the reassembled stream. Offsets count octets from the first one of the stream (0).
class StreamOut {
  public:
    virtual ~StreamOut() = default;
    virtual void data(std::uint64_t offset, ByteView bytes) = 0;
    virtual void gap(std::uint64_t offset, std::uint64_t count) = 0;
    virtual void note(const std::string& text) = 0;
};

// Out-of-order octets held by all directions together, against a global cap.
struct BufferBudget {
    std::size_t used = 0;
    std::size_t cap = 32u << 20;
};

struct ReassemblyLimits {
    std::size_t direction_cap = 1u << 20;  // out-of-order octets one direction may hold
    Micros hole_timeout = 2'000'000;  // how long to wait for missing octets when the peer's ACKs are unseen
};

class TcpDirection {
  public:
    TcpDirection(const ReassemblyLimits& limits, BufferBudget& budget) : limits_(&limits), budget_(&budget) {}
    ~TcpDirection();
    TcpDirection(const TcpDirection&) = delete;
    TcpDirection& operator=(const TcpDirection&) = delete;

    bool started() const { return started_; }
    // The sequence number of stream offset 0: ISN + 1 after a SYN, or the first segment seen mid-stream.
    void start(std::uint32_t first_seq);
    // A segment's payload: `missing` octets after it were not captured (snapshot length).
    void segment(std::uint32_t seq, ByteView payload, std::uint32_t missing, Micros now, StreamOut& out);
    // The other side acknowledged everything before `ack`: octets before it that never arrived are lost.
    void acked(std::uint32_t ack, StreamOut& out);
    void fin(std::uint32_t fin_seq);
    // Every octet up to the FIN has been delivered or declared lost.
    bool finished() const { return fin_ && next_ >= *fin_; }
    bool fin_seen() const { return fin_.has_value(); }
    // Gives up waiting: buffered octets are delivered and holes (up to the FIN or the highest ACK) become
    // gaps.
    void flush(StreamOut& out);
    std::uint64_t offset() const { return next_; }
    std::size_t buffered() const { return held_; }

  private:
    // 12 octets (two per session are followed at once, tens of thousands of sessions): the low 32 bits of
    // the start offset suffice within a window, and 32 bits of fingerprint to tell a changed copy.
    struct Recent {
        std::uint32_t hash = 0;
        std::uint32_t start = 0;
        std::uint32_t length = 0;
    };
    static constexpr std::size_t kRecent = 8;

    std::int64_t offset_of(std::uint32_t seq) const {
        return static_cast<std::int64_t>(next_) + static_cast<std::int32_t>(seq - next_seq_);
    }
    using Held = std::map<std::uint64_t, Bytes>;

    bool holding() const { return held_segments_ && !held_segments_->empty(); }
    Held& held() {
        if (!held_segments_) held_segments_ = std::make_unique<Held>();
        return *held_segments_;
    }

    void advance_to(std::uint64_t offset);
    void deliver(std::uint64_t start, ByteView bytes, StreamOut& out);
    void remember(std::uint64_t start, ByteView bytes);
    void skip_to(std::uint64_t offset, StreamOut& out);
    void check_retransmission(std::uint64_t start, ByteView bytes, StreamOut& out);
    bool hold(std::uint64_t start, ByteView bytes, Micros now, StreamOut& out);
    bool same(Held::iterator it, std::uint64_t start, ByteView bytes, std::uint64_t begin,
              std::uint64_t end) const;
    void keep(std::uint64_t start, ByteView bytes);
    void release(Held::iterator it);
    void drain(StreamOut& out);
    void resolve_acked(StreamOut& out);
    void flush_held(StreamOut& out);

    // Eight-octet fields first, then the small ones together: no padding between them.
    const ReassemblyLimits* limits_;
    BufferBudget* budget_;
    std::uint64_t next_ = 0;   // stream offset of the next octet expected
    std::uint64_t acked_ = 0;  // highest offset the peer acknowledged
    std::optional<std::uint64_t> fin_;
    std::unique_ptr<Held>
        held_segments_;  // out-of-order octets by stream offset, not overlapping; rarely any
    std::size_t held_ = 0;
    Micros held_since_ = 0;
    std::uint32_t next_seq_ = 0;  // sequence number of next_
    bool started_ = false;
    bool peer_acks_ = false;
    std::uint8_t recent_next_ = 0;
    std::array<Recent, kRecent> recent_{};  // fingerprints of the latest segments received with new octets
};

std::uint64_t fingerprint(ByteView bytes);

}  // namespace msrt::cli
