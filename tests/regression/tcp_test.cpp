// Regressions found by the hostile-input tests (issue #7) in the TCP layer of the capture reader
// (pcaptools/common/tcp_sessions.cpp, tcp_stream.cpp). Each case fails without its fix.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "common/tcp_sessions.hpp"
#include "common/tcp_stream.hpp"
#include "msrt/build.hpp"
#include "msrt/codec.hpp"

using namespace msrt;
using namespace msrt::cli;

namespace {

constexpr std::uint8_t kFin = tcpflag::kFin, kSyn = tcpflag::kSyn, kAck = tcpflag::kAck;

IpAddr v4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d) {
    std::uint8_t o[4] = {a, b, c, d};
    return IpAddr::from(o, false);
}

// One ETR (client i) and the MS on port 4342; sequence numbers are the test's to choose.
struct Peers {
    std::uint16_t client = 0;
    L4Packet packet(bool from_etr, std::uint32_t seq, std::uint32_t ack, std::uint8_t flags,
                    ByteView payload = {}) const {
        L4Packet p;
        IpAddr etr = v4(192, 0, 2, static_cast<std::uint8_t>(10 + client % 200)), ms = v4(192, 0, 2, 1);
        std::uint16_t etr_port = static_cast<std::uint16_t>(40000 + client);
        p.src = from_etr ? etr : ms;
        p.dst = from_etr ? ms : etr;
        p.sport = from_etr ? etr_port : wire::kTcpPort;
        p.dport = from_etr ? wire::kTcpPort : etr_port;
        p.seq = seq, p.ack = ack, p.flags = flags, p.payload = payload;
        return p;
    }
};

// Events in order, as text: "open 0", "message 0 etr_to_ms 17", "note 0 ...", "close 0".
struct Log : StreamEvents {
    std::vector<std::string> lines;
    void on_session_open(const SessionInfo& s, SessionStart, const PacketRef&) override {
        lines.push_back("open " + std::to_string(s.id));
    }
    void on_message(const SessionInfo& s, Direction d, const PacketRef&, ByteView m, std::uint64_t) override {
        lines.push_back("message " + std::to_string(s.id) + " " + direction_key(d) + " " +
                        std::to_string(load_be16(m.data())));
    }
    void on_framing_error(const SessionInfo&, Direction, const PacketRef&, const FramingError&) override {}
    void on_skipped(const SessionInfo&, Direction, const PacketRef&, std::uint64_t, std::uint64_t) override {}
    void on_gap(const SessionInfo& s, Direction d, const PacketRef&, std::uint64_t,
                std::uint64_t n) override {
        lines.push_back("gap " + std::to_string(s.id) + " " + direction_key(d) + " " + std::to_string(n));
    }
    void on_transport_note(const SessionInfo& s, Direction, const PacketRef&,
                           const std::string& note) override {
        lines.push_back("note " + std::to_string(s.id) + " " + note);
    }
    void on_session_close(const SessionInfo& s, SessionEnd, const PacketRef&) override {
        lines.push_back("close " + std::to_string(s.id));
    }
    void on_udp_lisp(const UdpLisp&, const PacketRef&) override {}
    void on_input_problem(const PacketRef&, const std::string&) override {}

    std::vector<std::string> with(const std::string& prefix) const {
        std::vector<std::string> out;
        for (const auto& l : lines)
            if (l.rfind(prefix, 0) == 0) out.push_back(l);
        return out;
    }
};

Eid eid() {
    return *Eid::parse("[1000] 10.1.0.0/16");
}

Bytes registration() {
    build::RegisterParams p;
    EidRecord rec = build::eid_record(eid(), {build::locator(Address::ipv4(0xC000020A), 1, 100)}, 1440, true);
    return encode_message(build::registration(1, rec, p, "k"));
}

}  // namespace

TEST_CASE("a packet's acknowledgement releases the octets it acknowledges before its own payload is read") {
    // The ETR's Registration waits behind a capture gap; the MS's packet that carries the ACK message also
    // acknowledges it. The Registration came first in the conversation, so it must be delivered first
    // (before the fix the ACK was read first and left unmatched).
    Log log;
    TcpSessions t(SessionOptions{}, log);
    Peers c;
    Bytes reg = registration(), ack = encode_message(build::registration_ack(1, eid()));
    std::uint32_t e = 1000, m = 5000;
    PacketRef at{1, 1};
    t.packet(c.packet(true, e, 0, kSyn), at);
    t.packet(c.packet(false, m, e + 1, kSyn | kAck), at);
    t.packet(c.packet(true, e + 1, m + 1, kAck), at);
    std::uint32_t lost = 100;  // octets of the ETR's stream the capture missed
    t.packet(c.packet(true, e + 1 + lost, m + 1, kAck, reg), at);
    t.packet(c.packet(false, m + 1, e + 1 + lost + static_cast<std::uint32_t>(reg.size()), kAck, ack), at);
    t.finish();
    std::vector<std::string> order = log.with("message");
    REQUIRE(order.size() == 2);
    CHECK(order[0] == "message 0 etr_to_ms 17");
    CHECK(order[1] == "message 0 ms_to_etr 18");
}

TEST_CASE("a SYN never answered is reported as half-open") {
    Log log;
    TcpSessions t(SessionOptions{}, log);
    t.packet(Peers{}.packet(true, 1, 0, kSyn), PacketRef{1, 1});
    t.finish();
    std::vector<std::string> notes = log.with("note 0 half-open");
    CHECK(notes.size() == 1);
}

TEST_CASE("an answered session is not half-open") {
    Log log;
    TcpSessions t(SessionOptions{}, log);
    Peers c;
    t.packet(c.packet(true, 1, 0, kSyn), PacketRef{1, 1});
    t.packet(c.packet(false, 9, 2, kSyn | kAck), PacketRef{2, 2});
    t.finish();
    CHECK(log.with("note").empty());
}

TEST_CASE("past max_tracked connections, the oldest unanswered SYN is given up first") {
    Log log;
    SessionOptions o;
    o.max_tracked = 3;
    TcpSessions t(o, log);
    // Session 0: a real one, answered. Sessions 1 and 2: SYNs only. Session 3 needs room: 1 goes.
    Peers real{0}, syn1{1}, syn2{2}, late{3};
    t.packet(real.packet(true, 1, 0, kSyn), PacketRef{1, 1});
    t.packet(real.packet(false, 9, 2, kSyn | kAck), PacketRef{2, 2});
    t.packet(syn1.packet(true, 1, 0, kSyn), PacketRef{3, 3});
    t.packet(syn2.packet(true, 1, 0, kSyn), PacketRef{4, 4});
    t.packet(late.packet(true, 1, 0, kSyn), PacketRef{5, 5});
    CHECK(t.tracked() <= 3);
    CHECK(log.with("close") == std::vector<std::string>{"close 1"});
    CHECK(log.with("note 1 closed early").size() == 1);
    // A flood of SYNs never pushes the answered session out while unanswered ones remain.
    for (std::uint16_t i = 4; i < 100; ++i)
        t.packet(Peers{i}.packet(true, 1, 0, kSyn), PacketRef{i + 2u, i + 2});
    CHECK(t.tracked() <= 3);
    CHECK(log.with("close 0").empty());
    t.finish();
    CHECK(log.with("close 0").size() == 1);
}

TEST_CASE("closed sessions kept for their stragglers are forgotten first when the limit is reached") {
    Log log;
    SessionOptions o;
    o.max_tracked = 2;
    TcpSessions t(o, log);
    Peers a{0}, b{1}, c{2};
    for (const Peers* p : {&a, &b}) {
        t.packet(p->packet(true, 1, 0, kSyn), PacketRef{1, 1});
        t.packet(p->packet(false, 9, 2, kSyn | kAck), PacketRef{1, 1});
    }
    t.packet(a.packet(true, 2, 10, kFin | kAck), PacketRef{2, 2});
    t.packet(a.packet(false, 10, 3, kFin | kAck), PacketRef{2, 2});
    t.packet(a.packet(true, 3, 11, kAck), PacketRef{2, 2});
    t.tick(3'000'000);  // a is closed now, but still recognised for a while (linger)
    t.packet(c.packet(true, 1, 0, kSyn), PacketRef{3, 3'000'001});
    CHECK(t.tracked() <= 2);
    CHECK(log.with("note").empty());  // b was not given up: a's marker made the room
}

TEST_CASE("a retransmission with changed octets is reported even when reordering split its delivery") {
    // Out-of-order pieces ahead of the stream are delivered one by one once the hole fills; fingerprints of
    // delivered pieces then pushed the segment's own out of the window, and its altered copy went unnoticed.
    struct Notes : StreamOut {
        std::vector<std::string> notes;
        void data(std::uint64_t, ByteView) override {}
        void gap(std::uint64_t, std::uint64_t) override {}
        void note(const std::string& text) override { notes.push_back(text); }
    } out;
    ReassemblyLimits limits;
    BufferBudget budget;
    TcpDirection d(limits, budget);
    d.start(0);
    Bytes stream(4000);
    for (std::size_t i = 0; i < stream.size(); ++i)
        stream[i] = static_cast<std::uint8_t>(i * 7);
    ByteView s(stream);
    for (std::uint32_t at = 1000; at < 3000; at += 100)
        d.segment(at, s.subspan(at, 100), 0, 1, out);  // ahead
    d.segment(0, s.subspan(0, 1000), 0, 1, out);       // fills the hole: 21 deliveries
    Bytes copy(stream.begin(), stream.begin() + 1000);
    copy[500] ^= 0xFF;
    d.segment(0, copy, 0, 1, out);
    REQUIRE(out.notes.size() == 1);
    CHECK(out.notes[0].find("differ from the first copy") != std::string::npos);
}
