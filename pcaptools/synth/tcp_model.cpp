#include "synth/tcp_model.hpp"

#include <algorithm>

#include "common/frame.hpp"

namespace msrt::synth {
namespace {

using namespace tcpflag;

constexpr Micros kMaxRto = 60'000'000;
// Release acknowledged octets from the send buffer only in chunks, so that a long bulk transfer does not
// move the buffer once per ACK.
constexpr std::uint64_t kReleaseChunk = 256 * 1024;

}  // namespace

TcpEndpoint::TcpEndpoint(TcpEnv& env, int side, const TcpParams& params, std::uint32_t iss)
    : env_(env), side_(side), params_(params), iss_(iss), rto_(params.min_rto) {}

std::uint64_t TcpEndpoint::our_pos(std::uint32_t ack) const {
    auto delta = static_cast<std::int32_t>(ack - seq_of(snd_una_));
    return static_cast<std::uint64_t>(static_cast<std::int64_t>(snd_una_) + delta);
}

std::uint64_t TcpEndpoint::peer_pos(std::uint32_t seq) const {
    auto delta = static_cast<std::int32_t>(seq - (irs_ + static_cast<std::uint32_t>(rcv_nxt_)));
    return static_cast<std::uint64_t>(static_cast<std::int64_t>(rcv_nxt_) + delta);
}

bool TcpEndpoint::is_boundary(std::uint64_t off) const {
    return off == 0 || std::binary_search(bounds_.begin(), bounds_.end(), off);
}

void TcpEndpoint::connect() {
    state_ = State::SynSent;
    Segment s = make(kSyn, 0, 0);
    s.mss_option = params_.mss;
    snd_nxt_ = 1;
    emit(std::move(s), true);
}

void TcpEndpoint::listen() {
    state_ = State::Listen;
}

void TcpEndpoint::write_message(ByteView bytes) {
    buf_.insert(buf_.end(), bytes.begin(), bytes.end());
    app_end_ += bytes.size();
    bounds_.push_back(app_end_);
}

void TcpEndpoint::close() {
    fin_queued_ = true;
    output();
}

void TcpEndpoint::reset() {
    if (reset_) return;
    Segment s = make(kRst | kAck, snd_nxt_, 0);
    reset_ = true;
    state_ = State::Closed;
    rto_armed_ = ack_armed_ = false;
    env_.transmit(side_, std::move(s));
}

// Sends new data while the congestion and receive windows allow, then the FIN if one is queued. A segment
// never fills the peer's window to the last octet: real stacks rarely do, and it keeps "window full" out.
void TcpEndpoint::output() {
    if (state_ != State::Established || reset_) return;
    while (!fin_sent_) {
        std::uint64_t next_data = snd_nxt_ - 1;
        std::uint64_t avail = app_end_ - next_data;
        if (avail == 0) {
            if (!fin_queued_) return;
            Segment fin = make(kFin | kAck, snd_nxt_, 0);
            fin_sent_ = true;
            snd_nxt_ += 1;
            emit(std::move(fin), true);
            return;
        }
        std::uint64_t len = std::min<std::uint64_t>(send_mss(), avail);
        std::uint64_t flight = snd_nxt_ - snd_una_;
        std::uint64_t limit = std::min<std::uint64_t>(cwnd_, peer_window_ ? peer_window_ - 1u : 0u);
        if (flight + len > limit) return;
        Segment s = make(kAck | (len == avail ? kPsh : 0), snd_nxt_, len);
        snd_nxt_ += len;
        emit(std::move(s), true);
    }
}

Segment TcpEndpoint::make(std::uint8_t flags, std::uint64_t pos, std::uint64_t len) const {
    Segment s;
    s.seq = seq_of(pos);
    s.flags = flags;
    if (state_ != State::SynSent && state_ != State::Closed) {
        s.flags |= kAck;
        s.ack = irs_ + static_cast<std::uint32_t>(rcv_nxt_);
    }
    s.window = params_.window;
    s.space_begin = pos;
    s.space_end = pos + len + ((flags & (kSyn | kFin)) ? 1 : 0);
    std::uint64_t off = pos == 0 ? 0 : pos - 1;
    if (len > 0) {
        auto from = buf_.begin() + static_cast<std::ptrdiff_t>(off - buf_base_);
        s.payload.assign(from, from + static_cast<std::ptrdiff_t>(len));
    }
    s.at_boundary = pos >= 1 && is_boundary(off);
    s.ends_at_boundary = len > 0 && is_boundary(off + len);
    s.aligned = s.at_boundary && s.ends_at_boundary;
    return s;
}

// Every segment carries the current ACK, so a pending delayed ACK is no longer needed.
void TcpEndpoint::emit(Segment seg, bool first_transmission) {
    if (seg.flags & kAck) {
        unacked_ = 0;
        ack_armed_ = false;
        ++ack_gen_;
        bool pure = seg.payload.empty() && !(seg.flags & (kSyn | kFin | kRst));
        if (rcv_nxt_ > acked_sent_)
            dup_acks_sent_ = 0;
        else if (pure)
            ++dup_acks_sent_;
        acked_sent_ = rcv_nxt_;
    }
    if (seg.space_end > seg.space_begin) {
        if (first_transmission) flight_.emplace_back(seg.space_begin, seg.space_end);
        if (!rto_armed_) arm_rto();
    }
    env_.transmit(side_, std::move(seg));
}

void TcpEndpoint::ack_now() {
    Segment s = make(kAck, snd_nxt_, 0);
    emit(std::move(s), false);
}

void TcpEndpoint::arm_delayed_ack() {
    if (ack_armed_) return;
    ack_armed_ = true;
    env_.arm_timer(side_, TimerKind::DelayedAck, env_.now() + params_.delayed_ack, ++ack_gen_);
}

void TcpEndpoint::arm_rto() {
    rto_armed_ = true;
    env_.arm_timer(side_, TimerKind::Retransmit, env_.now() + rto_, ++rto_gen_);
}

// Resends the oldest unacknowledged segment exactly as it was first cut, so message boundaries stay put.
void TcpEndpoint::retransmit_first() {
    if (flight_.empty()) return;
    auto [begin, end] = flight_.front();
    begin = std::max(begin, snd_una_);
    bool fin = fin_sent_ && end == app_end_ + 2;
    std::uint64_t data_end = fin ? end - 1 : end;
    std::uint8_t flags = static_cast<std::uint8_t>(kAck | (fin ? kFin : 0) | (data_end > begin ? kPsh : 0));
    if (begin == 0) flags = kSyn;
    Segment s = make(flags, begin, data_end > begin ? data_end - begin : 0);
    if (begin == 0) s.mss_option = params_.mss;
    s.retransmission = true;
    emit(std::move(s), false);
}

void TcpEndpoint::timer(TimerKind kind, std::uint64_t generation) {
    if (reset_) return;
    if (kind == TimerKind::DelayedAck) {
        if (!ack_armed_ || generation != ack_gen_) return;
        ack_armed_ = false;
        if (unacked_ > 0) ack_now();
        return;
    }
    if (!rto_armed_ || generation != rto_gen_) return;
    rto_armed_ = false;
    if (snd_una_ >= snd_nxt_) return;
    ssthresh_ = std::max<std::uint64_t>((snd_nxt_ - snd_una_) / 2, 2u * send_mss());
    cwnd_ = send_mss();
    recover_ = snd_nxt_;
    rto_ = std::min(rto_ * 2, kMaxRto);
    retransmit_first();
    if (!rto_armed_) arm_rto();
}

void TcpEndpoint::respond_with_reset(const Segment& seg) {
    if (seg.flags & kRst) return;
    Segment s;
    s.seq = (seg.flags & kAck) ? seg.ack : 0;
    s.flags = kRst;
    env_.transmit(side_, std::move(s));
}

void TcpEndpoint::receive(const Segment& seg) {
    if (reset_ || state_ == State::Closed) {
        respond_with_reset(seg);
        return;
    }
    if (seg.flags & kRst) {
        reset_ = true;
        state_ = State::Closed;
        env_.on_reset(side_);
        return;
    }
    if (!handshake(seg)) return;
    process_ack(seg);
    process_data(seg);
}

// Returns whether the segment still needs its ACK and data processed.
bool TcpEndpoint::handshake(const Segment& seg) {
    if (state_ == State::Listen && (seg.flags & kSyn)) {
        irs_ = seg.seq;
        rcv_nxt_ = 1;
        peer_mss_ = seg.mss_option ? seg.mss_option : 536;
        peer_window_ = seg.window;
        state_ = State::SynReceived;
        Segment s = make(kSyn | kAck, 0, 0);
        s.mss_option = params_.mss;
        snd_nxt_ = 1;
        emit(std::move(s), true);
        return false;
    }
    if (state_ == State::SynSent && (seg.flags & kSyn) && (seg.flags & kAck) && seg.ack == iss_ + 1) {
        irs_ = seg.seq;
        rcv_nxt_ = 1;
        peer_mss_ = seg.mss_option ? seg.mss_option : 536;
        state_ = State::Established;
        cwnd_ = std::uint64_t{params_.initial_cwnd_segments} * send_mss();
        on_new_ack(1);
        ack_now();
        env_.on_established(side_);
        return false;
    }
    if (state_ == State::SynReceived && (seg.flags & kAck) && seg.ack == iss_ + 1) {
        state_ = State::Established;
        cwnd_ = std::uint64_t{params_.initial_cwnd_segments} * send_mss();
        env_.on_established(side_);
    }
    return state_ == State::Established;
}

void TcpEndpoint::process_ack(const Segment& seg) {
    if (!(seg.flags & kAck)) return;
    peer_window_ = seg.window;
    std::uint64_t ack = our_pos(seg.ack);
    if (ack > snd_nxt_) return;  // acknowledges what was never sent: ignore it
    if (ack > snd_una_) {
        on_new_ack(ack);
        output();
        return;
    }
    bool pure = seg.payload.empty() && !(seg.flags & (kSyn | kFin));
    if (ack == snd_una_ && pure && snd_nxt_ > snd_una_ && ++dupacks_ == 3 && snd_una_ >= recover_) {
        recover_ = snd_nxt_;
        ssthresh_ = std::max<std::uint64_t>((snd_nxt_ - snd_una_) / 2, 2u * send_mss());
        cwnd_ = ssthresh_;
        retransmit_first();
    }
}

void TcpEndpoint::on_new_ack(std::uint64_t ack) {
    std::uint64_t acked = ack - snd_una_;
    snd_una_ = ack;
    while (!flight_.empty() && flight_.front().second <= snd_una_)
        flight_.pop_front();
    dupacks_ = 0;
    if (snd_una_ >= recover_) {
        std::uint64_t mss = send_mss();
        cwnd_ += cwnd_ < ssthresh_ ? std::min(acked, mss) : std::max<std::uint64_t>(1, mss * mss / cwnd_);
    }
    if (fin_sent_ && snd_una_ == app_end_ + 2) fin_acked_ = true;
    release_acked();
    rto_ = params_.min_rto;
    rto_armed_ = false;
    ++rto_gen_;
    if (snd_una_ < snd_nxt_) arm_rto();
}

void TcpEndpoint::release_acked() {
    std::uint64_t acked_data = std::min(snd_una_ > 0 ? snd_una_ - 1 : 0, app_end_);
    while (!bounds_.empty() && bounds_.front() < acked_data)
        bounds_.pop_front();
    if (acked_data - buf_base_ < kReleaseChunk && acked_data != app_end_) return;
    buf_.erase(buf_.begin(), buf_.begin() + static_cast<std::ptrdiff_t>(acked_data - buf_base_));
    buf_base_ = acked_data;
}

void TcpEndpoint::process_data(const Segment& seg) {
    std::uint64_t len = seg.payload.size();
    std::uint64_t pos = peer_pos(seg.seq);
    std::uint64_t end = pos + len;
    if (len > 0) {
        if (end <= rcv_nxt_ || pos > rcv_nxt_) {
            // A repeat, or data beyond a hole: say at once what is still missing (RFC 5681 4.2).
            if (pos > rcv_nxt_) ooo_[pos] = std::max(ooo_[pos], end);
            ack_now();
            return;
        }
        accept_in_order(end);
    }
    if ((seg.flags & kFin) && end == rcv_nxt_ && !peer_fin_) {
        rcv_nxt_ += 1;
        peer_fin_ = true;
        ack_now();
        env_.on_peer_fin(side_);
    }
}

// Linux-like: ACK at once when a hole was filled or more than one full segment is unacknowledged,
// otherwise wait for the delayed-ACK timer or for data to carry the ACK.
void TcpEndpoint::accept_in_order(std::uint64_t end) {
    bool filled_hole = !ooo_.empty();
    unacked_ += end - rcv_nxt_;
    rcv_nxt_ = end;
    while (!ooo_.empty() && ooo_.begin()->first <= rcv_nxt_) {
        rcv_nxt_ = std::max(rcv_nxt_, ooo_.begin()->second);
        ooo_.erase(ooo_.begin());
    }
    env_.on_readable(side_, rcv_nxt_ - 1);
    if (filled_hole || unacked_ > send_mss())
        ack_now();
    else
        arm_delayed_ack();
}

}  // namespace msrt::synth
