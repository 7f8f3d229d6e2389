#include "common/tcp_sessions.hpp"

#include <algorithm>
#include <cstring>
#include <vector>

namespace msrt::cli {
namespace {

constexpr std::size_t kInitialFlows = 4096;

std::size_t index_of(Direction d) {
    return d == Direction::EtrToMs ? 0 : 1;
}

bool before(const IpAddr& a, std::uint16_t pa, const IpAddr& b, std::uint16_t pb) {
    if (a.v6 != b.v6) return a.v6 < b.v6;
    if (int c = std::memcmp(a.octets.data(), b.octets.data(), a.octets.size()); c != 0) return c < 0;
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

std::size_t FlowKeyHash::operator()(const FlowKey& k) const {
    std::uint8_t raw[38];
    std::memcpy(raw, k.a.octets.data(), 16);
    std::memcpy(raw + 16, k.b.octets.data(), 16);
    std::memcpy(raw + 32, &k.port_a, 2);
    std::memcpy(raw + 34, &k.port_b, 2);
    raw[36] = k.a.v6;
    raw[37] = k.b.v6;
    return static_cast<std::size_t>(fingerprint(ByteView(raw, sizeof raw)));
}

// One direction: reassembled octets go into its framer, and both layers' findings go out as StreamEvents.
struct TcpSessions::Side final : StreamOut, FrameSink {
    Side(Session& s, Direction d, const SessionOptions& o, BufferBudget& budget)
        : tcp(o.reassembly, budget), framer(o.max_message), session(s), dir(d) {}

    void data(std::uint64_t, ByteView bytes) override { framer.push(bytes, *this); }
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
    enum class State : std::uint8_t { Open, Closing, Closed };

    FlowKey key;
    SessionInfo info;
    IpAddr etr_ip;
    StreamEvents* events = nullptr;
    State state = State::Open;
    PacketRef last;               // the latest packet of this connection
    const PacketRef* at = &last;  // the packet being processed: what completed an event
    std::optional<std::uint32_t> client_isn;
    bool fin_seen = false;
    std::unique_ptr<Side> sides[2];  // freed at close, so a closed connection costs a few dozen octets

    Side& side(Direction d) { return *sides[index_of(d)]; }
    Direction direction_of(const L4Packet& p) const {
        return p.src == etr_ip && p.sport == info.etr.port ? Direction::EtrToMs : Direction::MsToEtr;
    }
};

void TcpSessions::Side::gap(std::uint64_t offset, std::uint64_t count) {
    session.events->on_gap(session.info, dir, *session.at, offset, count);
    framer.gap(count, *this);
}
void TcpSessions::Side::note(const std::string& text) {
    session.events->on_transport_note(session.info, dir, *session.at, text);
}
void TcpSessions::Side::on_message(std::uint64_t offset, ByteView bytes) {
    session.events->on_message(session.info, dir, *session.at, offset, bytes);
}
void TcpSessions::Side::on_error(const FramingError& error) {
    session.events->on_framing_error(session.info, dir, *session.at, error);
}
void TcpSessions::Side::on_skipped(std::uint64_t offset, std::uint64_t count) {
    session.events->on_skipped(session.info, dir, *session.at, offset, count);
}

TcpSessions::TcpSessions(const SessionOptions& options, StreamEvents& events)
    : options_(options), events_(events) {
    budget_.cap = options_.buffer_cap;
    flows_.reserve(kInitialFlows);
}

TcpSessions::~TcpSessions() = default;

void TcpSessions::packet(const L4Packet& p, const PacketRef& at) {
    FlowKey key = key_of(p);
    auto it = flows_.find(key);
    Session* s = it == flows_.end() ? nullptr : it->second.get();
    bool new_syn = p.has(tcpflag::kSyn) && !p.has(tcpflag::kAck);
    if (s && s->state == Session::State::Closed) {
        if (!new_syn) return;  // a straggler of the closed connection (last ACK, repeated FIN or RST)
        s = nullptr;
    } else if (s && s->state == Session::State::Closing) {
        if (!new_syn) s->last = at;
        close(*s, SessionEnd::Fin);
        if (!new_syn) return;
        s = nullptr;
    } else if (s && new_syn && s->client_isn != p.seq) {
        s->at = &at;
        events_.on_transport_note(
            s->info, s->direction_of(p), at,
            "a new connection (SYN) reuses this address and port pair before the previous "
            "one was seen closing; the previous session ends here");
        close(*s, SessionEnd::CaptureEnd);
        s = nullptr;
    }
    if (!s) {
        if (p.has(tcpflag::kRst)) return;  // nothing to close
        s = open(key, p, at);
    }
    process(*s, p, at);
}

TcpSessions::Session* TcpSessions::open(const FlowKey& key, const L4Packet& p, const PacketRef& at) {
    auto s = std::make_unique<Session>();
    s->key = key;
    s->info.id = next_id_++;
    s->events = &events_;
    bool src_is_ms = p.sport == options_.port;
    bool dst_is_ms = p.dport == options_.port;
    // The MS is the side on the port; when both are, the side answering the SYN (or receiving the first
    // packet).
    bool src_is_etr = src_is_ms != dst_is_ms ? dst_is_ms : !(p.has(tcpflag::kSyn) && p.has(tcpflag::kAck));
    s->etr_ip = src_is_etr ? p.src : p.dst;
    s->info.etr = src_is_etr ? endpoint(p.src, p.sport) : endpoint(p.dst, p.dport);
    s->info.ms = src_is_etr ? endpoint(p.dst, p.dport) : endpoint(p.src, p.sport);
    s->sides[0] = std::make_unique<Side>(*s, Direction::EtrToMs, options_, budget_);
    s->sides[1] = std::make_unique<Side>(*s, Direction::MsToEtr, options_, budget_);
    s->last = at;
    Session* raw = s.get();
    flows_.insert_or_assign(key, std::move(s));
    events_.on_session_open(raw->info, p.has(tcpflag::kSyn) ? SessionStart::Syn : SessionStart::MidStream,
                            at);
    return raw;
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
        if (!p.has(tcpflag::kAck) && !s.client_isn) s.client_isn = seq;
        ++seq;  // data on a SYN starts after the SYN's own sequence number
    } else if (!side.tcp.started()) {
        side.tcp.start(seq);
        side.framer.gap(0, side);  // joined mid-stream: look for a good header before trusting any octet
    }
    if (p.has(tcpflag::kRst)) return close(s, SessionEnd::Rst);
    if (!p.payload.empty() || p.missing) side.tcp.segment(seq, p.payload, p.missing, at.time, side);
    if (p.has(tcpflag::kAck) && peer.tcp.started() && !peer.done) peer.tcp.acked(p.ack, peer);
    if (p.has(tcpflag::kFin)) {
        side.tcp.fin(seq + static_cast<std::uint32_t>(p.payload.size()) + p.missing);
        s.fin_seen = true;
    }
    if (s.fin_seen) after_fin(s);
}

// A direction whose every octet up to its FIN is accounted for is finished; when both are, the session waits
// a little for the last ACK so that its end is the connection's last packet.
void TcpSessions::after_fin(Session& s) {
    for (auto& side : s.sides) {
        if (side->done || !side->tcp.finished()) continue;
        side->framer.finish(*side);
        side->done = true;
    }
    if (s.state == Session::State::Open && s.sides[0]->done && s.sides[1]->done) {
        s.state = Session::State::Closing;
        expiries_.push_back(Expiry{s.last.time + options_.close_wait, s.key, s.info.id});
    }
}

void TcpSessions::close(Session& s, SessionEnd how) {
    s.at = &s.last;
    for (auto& side : s.sides) {
        if (side->done) continue;
        side->tcp.flush(*side);
        side->framer.finish(*side);
        side->done = true;
    }
    events_.on_session_close(s.info, how, s.last);
    s.sides[0].reset();
    s.sides[1].reset();
    s.state = Session::State::Closed;
    expiries_.push_back(Expiry{s.last.time + options_.linger, s.key, s.info.id});
}

void TcpSessions::tick(Micros now) {
    while (!expiries_.empty() && expiries_.front().due <= now) {
        Expiry e = expiries_.front();
        expiries_.pop_front();
        auto it = flows_.find(e.key);
        if (it == flows_.end() || it->second->info.id != e.id) continue;
        if (it->second->state == Session::State::Closing)
            close(*it->second, SessionEnd::Fin);
        else if (it->second->state == Session::State::Closed)
            flows_.erase(it);
    }
}

void TcpSessions::finish() {
    std::vector<Session*> open;
    for (auto& [key, s] : flows_)
        if (s->state != Session::State::Closed) open.push_back(s.get());
    std::sort(open.begin(), open.end(),
              [](const Session* a, const Session* b) { return a->info.id < b->info.id; });
    for (Session* s : open)
        close(*s, s->fin_seen ? SessionEnd::Fin : SessionEnd::CaptureEnd);
    flows_.clear();
    expiries_.clear();
}

}  // namespace msrt::cli
