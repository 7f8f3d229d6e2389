#include "common/tcp_sessions.hpp"

#include <algorithm>
#include <cstring>
#include <vector>

namespace msrt::cli {
namespace {

constexpr std::size_t kInitialFlows = 4096;
constexpr std::size_t kPiece = 256;

// Any consistent order will do: it only picks which endpoint goes first in the key.
bool before(const IpAddr& a, std::uint16_t pa, const IpAddr& b, std::uint16_t pb) {
    std::uint64_t x[2], y[2];
    std::memcpy(x, a.octets.data(), 16);
    std::memcpy(y, b.octets.data(), 16);
    if (x[0] != y[0]) return x[0] < y[0];
    if (x[1] != y[1]) return x[1] < y[1];
    return pa < pb;
}

// Both directions of a connection map to the same key.
FlowKey key_of(const L4Packet& p) {
    if (before(p.src, p.sport, p.dst, p.dport)) return FlowKey{p.src, p.dst, p.sport, p.dport};
    return FlowKey{p.dst, p.src, p.dport, p.sport};
}

Endpoint endpoint(const IpAddr& ip, std::uint16_t port) {
    return Endpoint{ip.to_address(), port};
}

}  // namespace

// One direction: reassembled octets go into its framer, and both layers' findings go out as StreamEvents.
// FrameSink first: the framer calls it for every message, StreamOut once a segment, and calls to the second
// base go through a thunk that adjusts `this`.
struct TcpSessions::Side final : FrameSink, StreamOut {
    Side(Session& s, Direction d, const SessionOptions& o, BufferBudget& budget)
        : tcp(o.reassembly, budget), framer(o.max_message), session(s), dir(d) {}

    void data(std::uint64_t, ByteView bytes) override;
    void gap(std::uint64_t offset, std::uint64_t count) override;
    void note(const std::string& text) override;
    void on_message(std::uint64_t offset, ByteView bytes) override;
    void on_error(const FramingError& error) override;
    void on_skipped(std::uint64_t offset, std::uint64_t count) override;

    TcpDirection tcp;
    Framer framer;
    Session& session;
    Direction dir;
    bool done = false;  // stream ended (FIN reached, or closed) and the framer finished
};

struct TcpSessions::Session {
    enum class State : std::uint8_t { Open, Closing };

    Session(const SessionOptions& o, BufferBudget& budget)
        : up(*this, Direction::EtrToMs, o, budget), down(*this, Direction::MsToEtr, o, budget) {}

    // What every packet reads comes first, in one cache line; the sides follow in the same allocation.
    State state = State::Open;
    bool fin_seen = false;
    std::uint16_t etr_port = 0;
    IpAddr etr_ip;
    std::optional<std::uint32_t> client_isn;
    bool answered = false;        // anything beyond the client's SYN was seen (a SYN-ACK, data, an ACK)
    PacketRef last;               // the latest packet of this connection
    const PacketRef* at = &last;  // the packet being processed: what completed an event
    TcpSessions* owner = nullptr;
    Side up;
    Side down;
    FlowKey key;
    std::uint64_t id = 0;  // SessionInfo::id; the endpoints are in key and etr_ip/etr_port (see info())

    Side& side(Direction d) { return d == Direction::EtrToMs ? up : down; }
    Direction direction_of(const L4Packet& p) const {
        return p.sport == etr_port && same_ip(p.src, etr_ip) ? Direction::EtrToMs : Direction::MsToEtr;
    }
};

// Inline in the calls of every message, but for building it: the SessionInfo changes with the session.
inline const SessionInfo& TcpSessions::info(const Session& s) {
    if (info_valid_ && info_.id == s.id) [[likely]]
        return info_;
    return build_info(s);
}

// While a message is partly buffered, it is completed with small pieces: the framer's buffer then stays about
// one message long (it keeps its capacity while a session idles), and the rest of the segment takes the
// framer's zero-copy path instead of being appended to that buffer.
void TcpSessions::Side::data(std::uint64_t, ByteView bytes) {
    while (framer.buffered() > 0 && bytes.size() > kPiece) {
        framer.push(bytes.first(kPiece), *this);
        bytes = bytes.subspan(kPiece);
    }
    framer.push(bytes, *this);
}

void TcpSessions::Side::gap(std::uint64_t offset, std::uint64_t count) {
    session.owner->events_.on_gap(session.owner->info(session), dir, *session.at, offset, count);
    framer.gap(count, *this);
}
void TcpSessions::Side::note(const std::string& text) {
    session.owner->events_.on_transport_note(session.owner->info(session), dir, *session.at, text);
}
void TcpSessions::Side::on_message(std::uint64_t offset, ByteView bytes) {
    session.owner->messages_.on_message(session.owner->info(session), dir, *session.at, bytes, offset);
}
void TcpSessions::Side::on_error(const FramingError& error) {
    session.owner->events_.on_framing_error(session.owner->info(session), dir, *session.at, error);
}
void TcpSessions::Side::on_skipped(std::uint64_t offset, std::uint64_t count) {
    session.owner->events_.on_skipped(session.owner->info(session), dir, *session.at, offset, count);
}

// Built when the session changes: each session keeps its endpoints packed, since two msrt::Address would add
// 128 octets to each of the tens of thousands followed at once. Ids are never reused, so the id tells.
const SessionInfo& TcpSessions::build_info(const Session& s) {
    bool a_is_etr = s.key.port_a == s.etr_port && same_ip(s.key.a, s.etr_ip);
    info_.id = s.id;
    info_.etr = endpoint(s.etr_ip, s.etr_port);
    info_.ms = a_is_etr ? endpoint(s.key.b, s.key.port_b) : endpoint(s.key.a, s.key.port_a);
    info_valid_ = true;
    return info_;
}

TcpSessions::TcpSessions(const SessionOptions& options, StreamEvents& events)
    : options_(options), events_(events), messages_(events.messages()), flows_(kInitialFlows), evicted_(16) {
    budget_.cap = options_.buffer_cap;
}

TcpSessions::~TcpSessions() = default;

void TcpSessions::packet(const L4Packet& p, const PacketRef& at) {
    FlowKey key = key_of(p);
    bool new_syn = p.has(tcpflag::kSyn) && !p.has(tcpflag::kAck);
    Flow* flow = flows_.find(key);
    if (flow && !flow->session) {
        if (!new_syn) return;  // a straggler of the closed connection (last ACK, repeated FIN or RST)
    } else if (flow) {
        Session& s = *flow->session;
        if (s.state == Session::State::Closing) {
            if (!new_syn) s.last = at;
            close(*flow, SessionEnd::Fin);
            if (!new_syn) return;
        } else if (new_syn && s.client_isn != p.seq) {
            s.at = &at;
            events_.on_transport_note(info(s), s.direction_of(p), at,
                                      "a new connection (SYN) reuses this address and port pair before the "
                                      "previous one was seen closing; the previous session ends here");
            close(*flow, SessionEnd::CaptureEnd);
        } else {
            return process(s, p, at);
        }
    }
    if (p.has(tcpflag::kRst)) return;  // nothing to close
    if (!flow && evicted_.size() > 0 && evicted_.find(key)) {
        if (!new_syn) return;  // the rest of a connection given up at the limit
        evicted_.erase(key);
    }
    if (!flow) {
        make_room();
        flow = &flows_.insert(key);
    } else {
        --markers_;  // the closed session's marker is reused by the new one
    }
    process(*open(*flow, key, p, at), p, at);
}

// Keeps the connections followed under max_tracked (SessionOptions). Called before a new key is inserted,
// while no pointer into flows_ is held.
void TcpSessions::make_room() {
    while (flows_.size() >= options_.max_tracked) {
        if (markers_ > 0 && expire_front()) continue;
        if (evict(syn_only_, true) || evict(opened_, false)) continue;
        return;
    }
}

// The earliest expiry, due or not: a closing session closes, a closed one is forgotten.
bool TcpSessions::expire_front() {
    if (expiries_.empty()) return false;
    Expiry e = expiries_.front();
    expiries_.pop_front();
    Flow* flow = flows_.find(e.key);
    if (!flow) return true;
    if (flow->session && flow->session->id == e.id) {
        if (flow->session->state == Session::State::Closing) close(*flow, SessionEnd::Fin);
    } else if (!flow->session && flow->closed_id == e.id) {
        flows_.erase(e.key);
        --markers_;
    }
    return true;
}

TcpSessions::Session* TcpSessions::live(const Opened& o) {
    Flow* flow = flows_.find(o.key);
    if (!flow || !flow->session || flow->session->id != o.id) return nullptr;
    return flow->session->state == Session::State::Open ? flow->session.get() : nullptr;
}

// Gives up the oldest open session of `queue` (only one whose SYN was never answered, if unanswered_only):
// closed now, with a note saying why, and forgotten at once, since under this pressure nothing may linger.
bool TcpSessions::evict(std::deque<Opened>& queue, bool unanswered_only) {
    while (!queue.empty()) {
        Opened o = queue.front();
        queue.pop_front();
        Session* s = live(o);
        if (!s || (unanswered_only && s->answered)) continue;
        events_.on_transport_note(info(*s), Direction::EtrToMs, s->last,
                                  "closed early: " + std::to_string(options_.max_tracked) +
                                      " connections followed at once (the limit); this was the oldest " +
                                      (unanswered_only ? "unanswered SYN" : "open session") +
                                      "; its later packets are ignored");
        close(*flows_.find(o.key), SessionEnd::CaptureEnd);
        flows_.erase(o.key);
        --markers_;
        remember_evicted(o.key);
        compact_expiries();
        return true;
    }
    return false;
}

void TcpSessions::remember_evicted(const FlowKey& key) {
    if (evicted_order_.size() >= options_.max_tracked) {
        evicted_.erase(evicted_order_.front());
        evicted_order_.pop_front();
    }
    evicted_.insert(key) = true;
    evicted_order_.push_back(key);
}

// A session given up at the limit leaves its expiry behind; within the linger time of a flood none falls due,
// so without this the stale ones would grow with every SYN.
void TcpSessions::compact_expiries() {
    if (expiries_.size() <= 2 * flows_.size() + 1024) return;
    std::erase_if(expiries_, [this](const Expiry& e) {
        const Flow* flow = flows_.find(e.key);
        if (!flow) return true;
        return flow->session ? flow->session->id != e.id : flow->closed_id != e.id;
    });
}

// The queues get one entry per session ever opened; dropping the stale ones keeps them near the live count.
void TcpSessions::compact(std::deque<Opened>& queue) {
    if (queue.size() <= 2 * (next_id_ - closed_) + 1024) return;
    std::erase_if(queue, [this](const Opened& o) { return live(o) == nullptr; });
}

// A SYN is normally answered within milliseconds: by the time the next session opens, the sessions at the
// front of syn_only_ are answered or gone and no longer candidates, so the queue stays near empty instead of
// holding an entry per open session (20k concurrent sessions: a megabyte).
void TcpSessions::trim_answered() {
    while (!syn_only_.empty()) {
        const Session* s = live(syn_only_.front());
        if (s && !s->answered) return;
        syn_only_.pop_front();
    }
}

TcpSessions::Session* TcpSessions::open(Flow& flow, const FlowKey& key, const L4Packet& p,
                                        const PacketRef& at) {
    auto s = std::make_unique<Session>(options_, budget_);
    s->key = key;
    s->id = next_id_++;
    s->owner = this;
    bool src_is_ms = p.sport == options_.port;
    bool dst_is_ms = p.dport == options_.port;
    // The MS is the side on the port; when both are, the side answering the SYN (or receiving the first
    // packet).
    bool src_is_etr = src_is_ms != dst_is_ms ? dst_is_ms : !(p.has(tcpflag::kSyn) && p.has(tcpflag::kAck));
    s->etr_ip = src_is_etr ? p.src : p.dst;
    s->etr_port = src_is_etr ? p.sport : p.dport;
    s->last = at;
    for (std::deque<Opened>* q : {&opened_, &syn_only_})
        compact(*q);
    trim_answered();
    opened_.push_back(Opened{key, s->id});
    if (p.has(tcpflag::kSyn) && !p.has(tcpflag::kAck)) syn_only_.push_back(Opened{key, s->id});
    flow.session = std::move(s);
    events_.on_session_open(info(*flow.session),
                            p.has(tcpflag::kSyn) ? SessionStart::Syn : SessionStart::MidStream, at);
    return flow.session.get();
}

void TcpSessions::process(Session& s, const L4Packet& p, const PacketRef& at) {
    s.last = at;
    s.at = &at;
    Direction d = s.direction_of(p);
    Side& side = s.side(d);
    Side& peer = s.side(d == Direction::EtrToMs ? Direction::MsToEtr : Direction::EtrToMs);
    std::uint32_t seq = p.seq;
    if (p.has(tcpflag::kSyn)) {
        if (!side.tcp.started()) side.tcp.start(seq + 1);
        // The SYN-ACK acknowledges the client's ISN + 1: a repeated SYN seen after it is the same connection.
        if (!s.client_isn) s.client_isn = p.has(tcpflag::kAck) ? p.ack - 1 : seq;
        ++seq;  // data on a SYN starts after the SYN's own sequence number
    } else if (!side.tcp.started()) {
        side.tcp.start(seq);
        side.framer.gap(0, side);  // joined mid-stream: look for a good header before trusting any octet
    }
    if (d == Direction::MsToEtr || !p.has(tcpflag::kSyn) || !p.payload.empty()) s.answered = true;
    if (p.has(tcpflag::kRst)) return close(*flows_.find(s.key), SessionEnd::Rst);
    // The acknowledgement first: the sender had those octets of its peer before it sent this payload, so
    // what it acknowledges (held octets, or a gap) comes first in the conversation.
    if (p.has(tcpflag::kAck) && peer.tcp.started() && !peer.done) peer.tcp.acked(p.ack, peer);
    if (!p.payload.empty() || p.missing) side.tcp.segment(seq, p.payload, p.missing, at.time, side);
    if (p.has(tcpflag::kFin)) {
        side.tcp.fin(seq + static_cast<std::uint32_t>(p.payload.size()) + p.missing);
        s.fin_seen = true;
    }
    if (s.fin_seen) after_fin(s);
}

// A direction whose every octet up to its FIN is accounted for is finished; when both are, the session waits
// a little for the last ACK so that its end is the connection's last packet.
void TcpSessions::after_fin(Session& s) {
    for (Side* side : {&s.up, &s.down}) {
        if (side->done || !side->tcp.finished()) continue;
        side->framer.finish(*side);
        side->done = true;
    }
    if (s.state == Session::State::Open && s.up.done && s.down.done) {
        s.state = Session::State::Closing;
        expiries_.push_back(Expiry{s.last.time + options_.close_wait, s.key, s.id});
    }
}

// The session's state is freed here; what stays is the marker that recognises late packets of it.
void TcpSessions::close(Flow& flow, SessionEnd how) {
    Session& s = *flow.session;
    s.at = &s.last;
    if (!s.answered)
        events_.on_transport_note(info(s), Direction::EtrToMs, s.last,
                                  "half-open: the SYN was never answered and nothing else was sent");
    for (Side* side : {&s.up, &s.down}) {
        if (side->done) continue;
        side->tcp.flush(*side);
        side->framer.finish(*side);
        side->done = true;
    }
    events_.on_session_close(info(s), how, s.last);
    expiries_.push_back(Expiry{s.last.time + options_.linger, s.key, s.id});
    flow.closed_id = s.id;
    flow.session.reset();
    ++closed_;
    ++markers_;
}

void TcpSessions::tick(Micros now) {
    while (!expiries_.empty() && expiries_.front().due <= now) {
        Expiry e = expiries_.front();
        expiries_.pop_front();
        Flow* flow = flows_.find(e.key);
        if (!flow) continue;
        if (flow->session && flow->session->id == e.id) {
            if (flow->session->state == Session::State::Closing) close(*flow, SessionEnd::Fin);
        } else if (!flow->session && flow->closed_id == e.id) {
            flows_.erase(e.key);
            --markers_;
        }
    }
}

void TcpSessions::finish() {
    std::vector<Flow*> open;
    flows_.for_each([&](const FlowKey&, Flow& f) {
        if (f.session) open.push_back(&f);
    });
    std::sort(open.begin(), open.end(),
              [](const Flow* a, const Flow* b) { return a->session->id < b->session->id; });
    for (Flow* f : open) {
        bool closing = f->session->state == Session::State::Closing || f->session->fin_seen;
        close(*f, closing ? SessionEnd::Fin : SessionEnd::CaptureEnd);
    }
    flows_.clear();
    expiries_.clear();
    opened_.clear();
    syn_only_.clear();
    markers_ = 0;
}

}  // namespace msrt::cli
