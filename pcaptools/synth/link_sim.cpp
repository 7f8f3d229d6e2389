// The event loop, the network between the two hosts and the tap next to the Map-Server.
#include "synth/link_sim.hpp"

#include <algorithm>

#include "synth/impairments.hpp"

namespace msrt::synth {
namespace {

// The tap sits on the Map-Server's access link: what the Map-Server sends is seen almost at once, what the
// ETR sends almost a full one-way delay later.
constexpr Micros kTapToMs = 20;
constexpr Micros kHoldLimit = 3'000;  // a held segment that nothing overtakes goes out unharmed

template <class T>
bool later(const T& a, const T& b) {
    return a.time != b.time ? a.time > b.time : a.order > b.order;
}

}  // namespace

Micros Connection::now() const {
    return sim.now();
}
void Connection::transmit(int side, Segment seg) {
    sim.transmit(*this, side, std::move(seg));
}
void Connection::arm_timer(int side, TimerKind kind, Micros at, std::uint64_t generation) {
    sim.arm_timer(*this, side, kind, at, generation);
}
void Connection::on_established(int side) {
    sim.on_established(*this, side);
}
void Connection::on_readable(int side, std::uint64_t stream_end) {
    sim.on_readable(*this, side, stream_end);
}
void Connection::on_peer_fin(int side) {
    sim.on_peer_fin(*this, side);
}
void Connection::on_reset(int side) {
    sim.on_reset(*this, side);
}

LinkSim::LinkSim(LinkSetup setup)
    : setup_(std::move(setup)),
      rng_(Rng(setup_.scenario->seed).fork(2 * setup_.index + 1)),
      impair_rng_(Rng(setup_.scenario->seed).fork(2 * setup_.index + 2)),
      fault_rng_(Rng(setup_.scenario->seed ^ 0xFA177ull).fork(setup_.index + 1)) {
    default_locators_ = default_locators(setup_.etr.rlocs);
    mappings_.reserve(setup_.etr.eids.size());
    for (EidConfig& cfg : setup_.etr.eids) {
        Mapping& m = mappings_.emplace_back();
        if (cfg.nack) rejects_[cfg.eid] = *cfg.nack;
        m.cfg = std::move(cfg);
        if (m.cfg.nack == NackReason::AuthenticationFailure && m.cfg.key.empty())
            m.cfg.key = setup_.etr.key + "-stale";
    }
    setup_.etr.eids.clear();  // moved into mappings_
    ip_id_ = {static_cast<std::uint16_t>(rng_.next()), static_cast<std::uint16_t>(rng_.next())};
    next_port_ = static_cast<std::uint16_t>(20000 + rng_.below(40000));
    schedule(event(setup_.etr.start, Ev::StartUdp));
    for (std::size_t i = 0; i < setup_.actions.size(); ++i) {
        Event e = event(setup_.actions[i].at, Ev::Action);
        e.index = i;
        schedule(std::move(e));
    }
}

LinkSim::~LinkSim() = default;

LinkSim::Event LinkSim::event(Micros time, Ev kind, Connection* c, int side) {
    Event e;
    e.time = time;
    e.kind = kind;
    e.conn = c;
    e.side = side;
    return e;
}

void LinkSim::schedule(Event e) {
    e.order = order_++;
    events_.push_back(std::move(e));
    std::push_heap(events_.begin(), events_.end(), later<Event>);
}

void LinkSim::push_tap(Emitted item) {
    item.order = order_++;
    if (item.conn) ++item.conn->in_flight;
    tap_.push_back(std::move(item));
    std::push_heap(tap_.begin(), tap_.end(), later<Emitted>);
}

std::optional<Micros> LinkSim::peek() {
    if (ready_) return ready_->time;
    const std::optional<Micros>& end = setup_.scenario->end;
    for (;;) {
        if (!tap_.empty() && (events_.empty() || tap_.front().time <= events_.front().time)) {
            std::pop_heap(tap_.begin(), tap_.end(), later<Emitted>);
            Emitted item = std::move(tap_.back());
            tap_.pop_back();
            if ((!end || item.time <= *end) && admit(item)) {
                ready_ = std::move(item);
                return ready_->time;
            }
            if (item.conn) {
                --item.conn->in_flight;
                check_done(*item.conn);
            }
            continue;
        }
        if (events_.empty() || (end && events_.front().time > *end)) return std::nullopt;
        std::pop_heap(events_.begin(), events_.end(), later<Event>);
        Event e = std::move(events_.back());
        events_.pop_back();
        now_ = e.time;
        run(e);
    }
}

void LinkSim::pop() {
    Connection* c = ready_ ? ready_->conn : nullptr;
    ready_.reset();
    if (c) {
        --c->in_flight;
        check_done(*c);
    }
}

void LinkSim::run(Event& e) {
    Connection* c = e.conn;
    if (c && c->finished) return;
    switch (e.kind) {
        case Ev::Deliver:
            --c->in_flight;
            if (c->ep[e.side]) c->ep[e.side]->receive(e.seg);
            break;
        case Ev::Timer:
            c->ep[e.side]->timer(e.timer, e.gen);
            break;
        case Ev::AppWake:
            wake(*c, e.side);
            break;
        case Ev::ResetRetry:
            close_side(*c, e.side, true);
            break;
        case Ev::Action:
            act(setup_.actions[e.index]);
            break;
        case Ev::UdpToMs:
            udp_to_ms(*c, e.index);
            break;
        case Ev::UdpToEtr:
            udp_to_etr(*c);
            break;
        case Ev::Connect:
            connect(*c);
            break;
        case Ev::InitialRefresh:
            initial_refresh(*c);
            break;
        case Ev::ReleaseHeld:
            if (c->held[e.side] && c->held_gen[e.side] == e.gen) release_held(*c, e.side, 0, 0);
            break;
        case Ev::StartUdp:
            start_udp();
            break;
    }
    if (c) check_done(*c);
}

void LinkSim::arm_timer(Connection& c, int side, TimerKind kind, Micros at, std::uint64_t generation) {
    Event e = event(at, Ev::Timer, &c, side);
    e.timer = kind;
    e.gen = generation;
    schedule(std::move(e));
}

Micros LinkSim::one_way(int) const {
    return setup_.scenario->net.rtt / 2;
}

Micros LinkSim::to_tap(int side) const {
    return side == kMs ? kTapToMs : std::max<Micros>(1, one_way(side) - kTapToMs);
}

// Packets of one side leave one after the other at that side's bandwidth; returns when the last bit is out.
Micros LinkSim::serialise(int side, std::size_t frame_size, Micros ready) {
    const Network& n = setup_.scenario->net;
    std::uint64_t bw = side == kEtr ? n.etr_bandwidth : n.ms_bandwidth;
    Micros tx = std::max<Micros>(1, static_cast<Micros>((frame_size + 24) * 8 * 1'000'000 / bw));
    Micros start = std::max(ready, link_free_[side]);
    link_free_[side] = start + tx;
    return start + tx;
}

Bytes LinkSim::tcp_frame(Connection& c, int side, const Segment& seg) {
    Hop hop = c.hop[side];
    hop.ip_id = ip_id_[side]++;
    TcpFields f;
    f.sport = side == kEtr ? c.truth->etr_port : c.truth->ms_port;
    f.dport = side == kEtr ? c.truth->ms_port : c.truth->etr_port;
    f.seq = seg.seq;
    f.ack = seg.ack;
    f.flags = seg.flags;
    f.window = seg.window;
    f.mss_option = seg.mss_option;
    Bytes out;
    build_tcp_frame(out, hop, f, seg.payload);
    return out;
}

// Puts a segment on the wire: the tap sees it after `to_tap`, the peer gets it (in order) after `one_way`.
// `extra` delays both, for a segment that another one overtakes.
void LinkSim::send_now(Connection& c, int side, Segment seg, std::uint8_t notes, bool drop, Micros extra) {
    Emitted item;
    item.frame = tcp_frame(c, side, seg);
    Micros sent = serialise(side, item.frame.size(), now_);
    item.time = sent + to_tap(side) + extra;
    item.session = c.truth.get();
    item.conn = &c;
    item.tcp = true;
    item.syn = seg.flags & tcpflag::kSyn;
    item.rst = seg.flags & tcpflag::kRst;
    item.side = side;
    item.notes = notes | (seg.retransmission ? kNoteRetransmission : 0);
    item.space_begin = seg.space_begin;
    item.space_end = seg.space_end;
    std::uint64_t first = seg.space_begin == 0 ? 0 : seg.space_begin - 1;
    item.data_begin = first;
    item.data_end = first + seg.payload.size();
    item.at_boundary = seg.at_boundary && !seg.retransmission;
    item.drop = drop;
    push_tap(std::move(item));
    Micros arrival = std::max(sent + one_way(side) + extra, last_arrival_[side]);
    last_arrival_[side] = arrival;
    ++c.in_flight;
    Event e = event(arrival, Ev::Deliver, &c, 1 - side);
    e.seg = std::move(seg);
    schedule(std::move(e));
}

void LinkSim::release_held(Connection& c, int side, Micros extra, std::uint8_t notes) {
    Segment seg = std::move(*c.held[side]);
    c.held[side].reset();
    --c.in_flight;
    send_now(c, side, std::move(seg), notes, false, extra);
}

void LinkSim::transmit(Connection& c, int side, Segment seg) {
    if (c.loss_run[side] && !seg.payload.empty()) {
        c.loss_run[side] = !seg.ends_at_boundary;
        send_now(c, side, std::move(seg), 0, true, 0);
        return;
    }
    const Impairments& cfg = setup_.scenario->impair;
    Impairment imp = Impairment::None;
    if (cfg.any() && now_ >= c.impair_guard) imp = choose_impairment(cfg, impair_rng_, seg, side);
    // A TCP analyser calls a late segment a fast retransmission when duplicate ACKs for it came first.
    if (imp == Impairment::Hold && c.ep[1 - side]->dup_acks_sent() > 0) imp = Impairment::None;
    if (c.held[side]) {
        if (imp == Impairment::None && can_reorder(seg)) {
            send_now(c, side, std::move(seg), kNoteOvertaking, false, 0);
            release_held(c, side, impair_rng_.range(20, 200), kNoteOutOfOrder);
            return;
        }
        release_held(c, side, 0, 0);  // anything else must not pass it: give up on this reordering
    }
    if (imp != Impairment::None) c.impair_guard = now_ + impairment_spacing(setup_.scenario->net.rtt);
    impair(c, side, std::move(seg), imp);
}

void LinkSim::impair(Connection& c, int side, Segment seg, Impairment imp) {
    switch (imp) {
        case Impairment::Hold: {
            c.held[side] = std::move(seg);
            ++c.in_flight;
            Event e = event(now_ + kHoldLimit, Ev::ReleaseHeld, &c, side);
            e.gen = ++c.held_gen[side];
            schedule(std::move(e));
            return;
        }
        case Impairment::LoseAfterTap:
            lose_after_tap(c, side, std::move(seg));
            return;
        case Impairment::Duplicate: {
            Segment copy = seg;
            send_now(c, side, std::move(seg), 0, false, 0);
            send_now(c, side, std::move(copy), kNoteDuplicate, false, 0);
            return;
        }
        case Impairment::CaptureLoss:
            c.loss_run[side] = !seg.ends_at_boundary;
            send_now(c, side, std::move(seg), 0, true, 0);
            return;
        case Impairment::None:
            send_now(c, side, std::move(seg), 0, false, 0);
            return;
    }
}

// The tap records the segment, then it is lost on the way: nothing reaches the peer.
void LinkSim::lose_after_tap(Connection& c, int side, Segment seg) {
    Emitted item;
    item.frame = tcp_frame(c, side, seg);
    Micros sent = serialise(side, item.frame.size(), now_);
    item.time = sent + to_tap(side);
    item.session = c.truth.get();
    item.conn = &c;
    item.tcp = true;
    item.side = side;
    item.space_begin = seg.space_begin;
    item.space_end = seg.space_end;
    item.data_begin = seg.space_begin - 1;
    item.data_end = item.data_begin + seg.payload.size();
    item.at_boundary = seg.at_boundary;
    push_tap(std::move(item));
}

// Decides whether the tap records a packet, and keeps what the capture holds of each stream.
bool LinkSim::admit(Emitted& item) {
    const Impairments& imp = setup_.scenario->impair;
    if (imp.mid_stream && item.time < *imp.mid_stream) return false;
    if (!item.tcp) {
        if (item.udp_auth && item.session->udp) item.session->udp->captured = true;
        return true;
    }
    Connection& c = *item.conn;
    int d = item.side;
    if (!c.capture_started[d]) {
        if (item.drop || (imp.mid_stream && !item.syn && !item.at_boundary)) return false;
        c.capture_started[d] = true;
        c.capture_next[d] = item.space_begin;
        item.notes &= static_cast<std::uint8_t>(~kNoteOvertaking);  // nothing before it to overtake, as seen
    }
    if (item.drop) {
        c.dropped_end[d] = std::max(c.dropped_end[d], item.space_end);
        return false;
    }
    // As a TCP analyser sees it: any packet beyond the expected sequence number (except an RST) follows a
    // gap.
    if (item.space_begin > c.capture_next[d] && !item.rst) {
        item.notes |= kNoteAfterGap;
        item.gap_octets = item.space_begin - c.capture_next[d];
    }
    c.capture_next[d] = std::max(c.capture_next[d], item.space_end);
    if (item.data_end > item.data_begin) c.truth->captured[d].add(item.data_begin, item.data_end);
    return true;
}

void LinkSim::check_done(Connection& c) {
    if (c.finished || c.in_flight > 0 || !c.tcp_started) return;
    if (!c.ep[kEtr]->closed() || !c.ep[kMs]->closed()) return;
    bool rst = c.ep[kEtr]->is_reset() || c.ep[kMs]->is_reset();
    c.truth->end_reason = rst ? EndReason::Rst : EndReason::Fin;
    finalize(c);
}

// A hole at the end of a direction has no packet after it to carry the event: it gets frame 0.
void LinkSim::note_trailing_loss(Connection& c) {
    for (int d = 0; d < 2; ++d)
        if (c.capture_started[d] && c.dropped_end[d] > c.capture_next[d])
            c.truth->events.push_back(
                ImpairmentEvent{"capture_loss", direction_of(d), 0, 0, c.dropped_end[d] - c.capture_next[d]});
}

void LinkSim::finalize(Connection& c) {
    c.finished = true;
    note_trailing_loss(c);
    c.truth->settle_capture();
    finished_.push_back(std::move(c.truth));
    c.ep[kEtr].reset();
    c.ep[kMs].reset();
    c.out = {};
    c.inbox = {};
    if (current_ == &c) {
        current_ = nullptr;
        if (c.reconnect) schedule(event(now_ + *c.reconnect, Ev::StartUdp));
    }
}

void LinkSim::finish() {
    for (auto& c : conns_) {
        if (c->finished) continue;
        c->finished = true;
        note_trailing_loss(*c);
        c->truth->settle_capture();
        finished_.push_back(std::move(c->truth));
    }
}

std::vector<std::unique_ptr<SessionTruth>> LinkSim::take_finished() {
    std::vector<std::unique_ptr<SessionTruth>> out;
    out.swap(finished_);
    return out;
}

}  // namespace msrt::synth
