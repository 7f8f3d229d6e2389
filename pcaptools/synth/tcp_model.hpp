// One end of a TCP connection, modelled closely enough that a capture of it reads like a real host's:
// handshake, MSS-sized segments, slow start, delayed ACKs (one per two full segments or on a timer),
// duplicate ACKs for holes, fast retransmit and RTO, FIN and RST. No SACK, no window scaling, no timestamps
// (the Cisco-like peers of spec 6 negotiate none of them).
#pragma once

#include <cstdint>
#include <deque>
#include <map>

#include "msrt/bytes.hpp"

namespace msrt::synth {

using Micros = std::int64_t;

enum class TimerKind : std::uint8_t { DelayedAck, Retransmit };

struct TcpParams {
    std::uint16_t mss = 1460;  // advertised, and the most this end sends
    std::uint16_t window = 65535;
    Micros delayed_ack = 40'000;
    Micros min_rto = 200'000;
    std::uint32_t initial_cwnd_segments = 10;
};

// A segment as it leaves the sender, with the generator's bookkeeping beside the wire fields.
struct Segment {
    std::uint32_t seq = 0;
    std::uint32_t ack = 0;
    std::uint8_t flags = 0;
    std::uint16_t window = 0;
    std::uint16_t mss_option = 0;
    Bytes payload;
    // Positions in the sender's sequence space: 0 is the SYN, data octet o is 1 + o, then the FIN.
    std::uint64_t space_begin = 0;
    std::uint64_t space_end = 0;
    bool retransmission = false;    // sent again by the sender's recovery
    bool at_boundary = false;       // starts where a message starts (or at the end of what was written)
    bool ends_at_boundary = false;  // carries data that ends where a message ends
    bool aligned = false;           // carries data that starts and ends on message boundaries
};

// What an endpoint needs from the simulation around it.
class TcpEnv {
  public:
    virtual ~TcpEnv() = default;
    virtual Micros now() const = 0;
    virtual void transmit(int side, Segment seg) = 0;
    virtual void arm_timer(int side, TimerKind kind, Micros at, std::uint64_t generation) = 0;
    virtual void on_established(int side) = 0;
    virtual void on_readable(int side, std::uint64_t stream_end) = 0;  // in-order octets received so far
    virtual void on_peer_fin(int side) = 0;
    virtual void on_reset(int side) = 0;
};

class TcpEndpoint {
  public:
    TcpEndpoint(TcpEnv& env, int side, const TcpParams& params, std::uint32_t iss);

    void connect();  // client: send the SYN
    void listen();   // server: wait for one
    // Appends one whole message to the stream; its end is remembered as a message boundary.
    void write_message(ByteView bytes);
    void flush() { output(); }  // sends what the windows allow, after a batch of writes
    void close();               // FIN once everything written has been sent
    void reset();               // RST now
    void receive(const Segment& seg);
    void timer(TimerKind kind, std::uint64_t generation);

    bool established() const { return state_ == State::Established && !reset_; }
    bool is_reset() const { return reset_; }
    bool closed() const { return reset_ || (fin_acked_ && peer_fin_); }
    bool fin_sent() const { return fin_sent_; }
    bool peer_fin() const { return peer_fin_; }
    bool all_sent() const { return snd_nxt_ >= app_end_ + 1; }  // every written octet went out once
    std::uint64_t written() const { return app_end_; }
    // Pure ACKs sent since the acknowledged position last moved (a TCP analyser's duplicate-ACK count).
    int dup_acks_sent() const { return dup_acks_sent_; }

  private:
    enum class State { Closed, Listen, SynSent, SynReceived, Established };

    std::uint16_t send_mss() const { return peer_mss_ < params_.mss ? peer_mss_ : params_.mss; }
    std::uint32_t seq_of(std::uint64_t pos) const { return iss_ + static_cast<std::uint32_t>(pos); }
    std::uint64_t our_pos(std::uint32_t ack) const;
    std::uint64_t peer_pos(std::uint32_t seq) const;
    bool is_boundary(std::uint64_t data_offset) const;

    void output();
    Segment make(std::uint8_t flags, std::uint64_t pos, std::uint64_t len) const;
    void emit(Segment seg, bool first_transmission);
    void ack_now();
    void arm_delayed_ack();
    void arm_rto();
    void retransmit_first();
    void respond_with_reset(const Segment& seg);
    bool handshake(const Segment& seg);
    void process_ack(const Segment& seg);
    void on_new_ack(std::uint64_t ack_pos);
    void process_data(const Segment& seg);
    void accept_in_order(std::uint64_t end);
    void release_acked();

    TcpEnv& env_;
    int side_;
    TcpParams params_;
    State state_ = State::Closed;
    std::uint32_t iss_;
    std::uint32_t irs_ = 0;
    bool fin_queued_ = false, fin_sent_ = false, fin_acked_ = false, peer_fin_ = false, reset_ = false;

    // Sending: positions in our sequence space.
    Bytes buf_;  // written octets from data offset buf_base_ on
    std::uint64_t buf_base_ = 0;
    std::uint64_t app_end_ = 0;  // data octets written
    std::uint64_t snd_una_ = 0, snd_nxt_ = 0, recover_ = 0;
    std::deque<std::pair<std::uint64_t, std::uint64_t>> flight_;  // [begin, end) as first sent, unacked
    std::deque<std::uint64_t> bounds_;                            // data offsets where messages end
    std::uint64_t cwnd_ = 0, ssthresh_ = UINT32_MAX;
    std::uint16_t peer_window_ = 0, peer_mss_ = 536;
    int dupacks_ = 0;
    Micros rto_ = 0;
    std::uint64_t rto_gen_ = 0;
    bool rto_armed_ = false;

    // Receiving: positions in the peer's sequence space.
    std::uint64_t rcv_nxt_ = 0;
    std::map<std::uint64_t, std::uint64_t> ooo_;  // out-of-order ranges held
    std::uint64_t unacked_ = 0;                   // octets received since the last ACK we sent
    std::uint64_t ack_gen_ = 0;
    bool ack_armed_ = false;
    std::uint64_t acked_sent_ = 0;  // the acknowledgement position of the last segment sent
    int dup_acks_sent_ = 0;
};

}  // namespace msrt::synth
