// The capture-reading path end to end: captures built here, read by read_captures, events checked.
#include <unistd.h>

#include <fcntl.h>
#include <catch2/catch.hpp>

#include "capture_fixture.hpp"

using namespace msrt;
using namespace msrt::test;
using cli::Direction;

namespace {

constexpr auto kUp = Direction::EtrToMs;
constexpr auto kDown = Direction::MsToEtr;

using Strings = std::vector<std::string>;

Recorder run(const Capture& c, const std::string& name) {
    Recorder r;
    REQUIRE(read({c.write_pcap(name)}, r) == 0);
    INFO(r.dump());
    return r;
}

// A normal session: handshake, Refresh, two Registrations, ACK + NACK, FIN from both, last ACK.
Capture basic_session(Conn& c) {
    Capture cap;
    cap.add(c.handshake());
    cap.add(c.ms(refresh(0)));
    cap.add(c.etr(registration(0)));
    cap.add(c.etr(registration(1, "[1000] 10.9.0.0/16")));
    cap.add(c.ms(concat({ack(1), nack(2, 1)})));
    cap.add(c.etr({}, 0x11));
    cap.add(c.ms({}, 0x11));
    cap.add(c.etr_ack());
    return cap;
}

}  // namespace

TEST_CASE("in-order session: open, messages in order with frames and offsets, FIN close at the last ACK") {
    Conn c;
    Capture cap = basic_session(c);
    Recorder r = run(cap, "basic.pcap");
    INFO(r.dump());
    REQUIRE(r.sessions.size() == 1);
    CHECK(r.sessions[0].etr.str() == "192.0.2.10:40001");
    CHECK(r.sessions[0].ms.str() == "192.0.2.1:4342");
    auto opens = r.of("open");
    REQUIRE(opens.size() == 1);
    CHECK(opens[0].text == "syn");
    CHECK(opens[0].frame == 1);
    CHECK(r.messages(kDown) ==
          Strings{"registration_refresh:0", "registration_ack:1", "registration_nack:2"});
    CHECK(r.messages(kUp) == Strings{"registration:0", "registration:1"});
    auto msgs = r.of("message");
    CHECK(msgs[0].frame == 4);
    CHECK(msgs[0].offset == 0);
    CHECK(msgs[1].frame == 5);
    CHECK(msgs[2].offset == registration(0).size());
    CHECK(msgs[3].frame == 7);
    CHECK(msgs[4].frame == 7);
    CHECK(msgs[4].offset == refresh(0).size() + ack(1).size());
    auto closes = r.of("close");
    REQUIRE(closes.size() == 1);
    CHECK(closes[0].text == "fin");
    CHECK(closes[0].frame == 10);
    CHECK(r.of("gap").empty());
    CHECK(r.of("problem").empty());
    CHECK(r.of("ferror").empty());
}

TEST_CASE("a message split over three segments is delivered with the packet that completes it") {
    Conn c;
    Capture cap;
    cap.add(c.handshake());
    Bytes m = registration(0);
    cap.add(c.etr(ByteView(m).first(5)));
    cap.add(c.etr(ByteView(m).subspan(5, 20)));
    cap.add(c.etr(ByteView(m).subspan(25)));
    Recorder r = run(cap, "split.pcap");
    auto msgs = r.of("message");
    REQUIRE(msgs.size() == 1);
    CHECK(msgs[0].frame == 6);
    CHECK(msgs[0].bytes == m);
    auto closes = r.of("close");
    REQUIRE(closes.size() == 1);
    CHECK(closes[0].text == "capture_end");
    CHECK(closes[0].frame == 6);
}

TEST_CASE("ten messages in one segment") {
    Conn c;
    Capture cap;
    cap.add(c.handshake());
    Bytes all;
    for (std::uint32_t i = 0; i < 10; ++i)
        all = concat({all, ack(i)});
    cap.add(c.ms(all));
    Recorder r = run(cap, "ten.pcap");
    auto msgs = r.of("message");
    REQUIRE(msgs.size() == 10);
    for (std::size_t i = 0; i < 10; ++i) {
        CHECK(msgs[i].text == "registration_ack:" + std::to_string(i));
        CHECK(msgs[i].frame == 4);
        CHECK(msgs[i].offset == i * ack(0).size());
    }
}

TEST_CASE("retransmissions: identical ones are silent, conflicting ones are noted and the first copy wins") {
    Conn c;
    Capture cap;
    cap.add(c.handshake());
    std::uint32_t seq = c.etr_next();
    Bytes first = registration(0, "[1000] 10.1.0.0/16");
    cap.add(c.etr(first));
    cap.add(c.etr_at(seq, first));  // identical
    SECTION("identical") {
        Recorder r = run(cap, "retrans-same.pcap");
        CHECK(r.messages(kUp) == Strings{"registration:0"});
        CHECK(r.of("note").empty());
    }
    SECTION("conflicting") {
        Bytes other = registration(0, "[1000] 10.2.0.0/16");
        REQUIRE(other.size() == first.size());
        cap.add(c.etr_at(seq, other));
        cap.add(c.etr(ack(7)));
        Recorder r = run(cap, "retrans-conflict.pcap");
        INFO(r.dump());
        auto msgs = r.of("message");
        REQUIRE(msgs.size() == 2);
        CHECK(msgs[0].bytes == first);
        auto notes = r.of("note");
        REQUIRE(notes.size() == 1);
        CHECK(notes[0].frame == 6);
        CHECK(notes[0].text.find("differ from the first copy") != std::string::npos);
    }
}

TEST_CASE("out-of-order segments are put back in order, overlapping conflicts in the buffer are noted") {
    Conn c;
    Capture cap;
    cap.add(c.handshake());
    Bytes a = registration(0), b = registration(1, "[1000] 10.2.0.0/16"),
          d = registration(2, "[1000] 10.3.0.0/16");
    std::uint32_t s0 = c.etr_next();
    std::uint32_t s1 = s0 + static_cast<std::uint32_t>(a.size());
    std::uint32_t s2 = s1 + static_cast<std::uint32_t>(b.size());
    cap.add(c.etr_at(s2, d));
    cap.add(c.etr_at(s1, b));
    SECTION("plain reordering") {
        cap.add(c.etr_at(s0, a));
        Recorder r = run(cap, "ooo.pcap");
        CHECK(r.messages(kUp) == Strings{"registration:0", "registration:1", "registration:2"});
        for (const Event& e : r.of("message"))
            CHECK(e.frame == 6);
        CHECK(r.of("gap").empty());
    }
    SECTION("a differing copy of a buffered segment") {
        cap.add(c.etr_at(s1, registration(1, "[1000] 10.7.0.0/16")));
        cap.add(c.etr_at(s0, a));
        Recorder r = run(cap, "ooo-conflict.pcap");
        INFO(r.dump());
        auto msgs = r.of("message");
        REQUIRE(msgs.size() == 3);
        CHECK(msgs[1].bytes == b);
        REQUIRE(r.of("note").size() == 1);
        CHECK(r.of("note")[0].frame == 6);
    }
}

TEST_CASE("sequence numbers wrap around 2^32") {
    Conn c(kEtr, kMs, 0xFFFFFFF0u, 0xFFFFFFFEu);
    Capture cap;
    cap.add(c.handshake());
    for (std::uint32_t i = 0; i < 4; ++i)
        cap.add(c.etr(registration(i)));
    for (std::uint32_t i = 0; i < 4; ++i)
        cap.add(c.ms(ack(i)));
    Recorder r = run(cap, "wrap.pcap");
    CHECK(r.messages(kUp) == Strings{"registration:0", "registration:1", "registration:2", "registration:3"});
    CHECK(r.messages(kDown) ==
          Strings{"registration_ack:0", "registration_ack:1", "registration_ack:2", "registration_ack:3"});
    CHECK(r.of("gap").empty());
    CHECK(r.of("note").empty());
}

namespace {

Bytes part(const Bytes& b, std::size_t from, std::size_t n = SIZE_MAX) {
    ByteView v = ByteView(b).subspan(from, std::min(n, b.size() - from));
    return Bytes(v.begin(), v.end());
}

}  // namespace

TEST_CASE("a segment missing from the capture: gap, framer resynchronisation, later messages delivered") {
    Conn c;
    Capture cap;
    cap.add(c.handshake());
    Bytes m0 = registration(0), m1 = registration(1), m2 = registration(2);
    // D: more than 256 octets (the test bound on Length), so that false header candidates in m2 are rejected.
    Bytes d = concat({registration(3), registration(4), registration(5)});
    Bytes stream = concat({m0, m1, m2, d});
    std::size_t a_end = m0.size() + 10;             // A: m0 and the start of m1
    std::size_t b_end = m0.size() + m1.size() + 5;  // B (lost): the rest of m1 and the start of m2
    std::size_t c_end = b_end + (m2.size() - 5);    // C: the rest of m2; D: m3 to m5
    cap.add(c.etr(part(stream, 0, a_end)));
    c.skip_etr(static_cast<std::uint32_t>(b_end - a_end));
    cap.add(c.etr(part(stream, b_end, c_end - b_end)));
    cap.add(c.etr(part(stream, c_end)));
    SECTION("the peer's ACK shows the loss") {
        cap.add(c.ms_ack());  // frame 7 acknowledges everything
        Recorder r = run(cap, "loss-ack.pcap");
        INFO(r.dump());
        auto gaps = r.of("gap");
        REQUIRE(gaps.size() == 1);
        CHECK(gaps[0].frame == 7);
        CHECK(gaps[0].offset == a_end);
        CHECK(gaps[0].count == b_end - a_end);
        CHECK(r.messages(kUp) ==
              Strings{"registration:0", "registration:3", "registration:4", "registration:5"});
        auto msgs = r.of("message");
        CHECK(msgs[1].frame == 7);
        CHECK(msgs[1].offset == c_end);
        CHECK(!r.of("ferror").empty());  // m1 truncated by the gap
        auto skipped = r.of("skipped");
        REQUIRE(!skipped.empty());
        CHECK(skipped.back().offset + skipped.back().count == c_end);
    }
    SECTION("without ACKs the gap is declared when the capture ends") {
        Recorder r = run(cap, "loss-end.pcap");
        INFO(r.dump());
        REQUIRE(r.of("gap").size() == 1);
        CHECK(r.of("gap")[0].frame == 6);
        CHECK(r.messages(kUp) ==
              Strings{"registration:0", "registration:3", "registration:4", "registration:5"});
    }
    SECTION("without ACKs the gap is declared when the hole outlives the timeout") {
        cap.add(c.etr(ack(9)), cap.frames().back().time + 3'000'000);  // frame 7, 3 s later
        Recorder r = run(cap, "loss-timeout.pcap");
        INFO(r.dump());
        REQUIRE(r.of("gap").size() == 1);
        CHECK(r.of("gap")[0].frame == 7);
        CHECK(r.messages(kUp) == Strings{"registration:0", "registration:3", "registration:4",
                                         "registration:5", "registration_ack:9"});
    }
}

TEST_CASE("a capture that starts mid-stream resynchronises on the first good header") {
    Conn c;
    Capture cap;
    Bytes m0 = registration(0), m1 = registration(1);
    cap.add(c.ms(part(ack(4), 9)));  // the MS speaks first: the tail of a message
    cap.add(c.etr(concat({part(m0, 3), m1, registration(2), registration(3)})));
    cap.add(c.ms(ack(5)));
    Recorder r = run(cap, "midstream.pcap");
    INFO(r.dump());
    REQUIRE(r.sessions.size() == 1);
    CHECK(r.sessions[0].etr.str() == "192.0.2.10:40001");
    CHECK(r.of("open")[0].text == "mid");
    CHECK(r.messages(kUp) == Strings{"registration:1", "registration:2", "registration:3"});
    CHECK(r.messages(kDown) == Strings{"registration_ack:5"});
    CHECK(r.of("message")[0].frame == 2);
    auto skipped = r.of("skipped");
    REQUIRE(skipped.size() == 2);
    CHECK(skipped[0].offset == 0);
    CHECK(r.of("ferror").empty());
    CHECK(r.of("close")[0].text == "capture_end");
}

TEST_CASE("RST closes at once, stragglers do not open sessions, a new SYN on the same ports does") {
    Conn c;
    Capture cap;
    cap.add(c.handshake());
    Bytes m = registration(0);
    cap.add(c.etr(concat({m, part(registration(1), 0, 10)})));  // frame 4 leaves a partial message
    cap.add(c.ms({}, 0x14));                                    // frame 5: RST
    cap.add(c.etr_ack());                                       // straggler
    Conn again(kEtr, kMs, 777, 888);
    cap.add(again.handshake());  // frames 7-9
    cap.add(again.etr(registration(5)));
    Recorder r = run(cap, "rst.pcap");
    INFO(r.dump());
    REQUIRE(r.sessions.size() == 2);
    auto closes = r.of("close");
    REQUIRE(closes.size() == 2);
    CHECK(closes[0].text == "rst");
    CHECK(closes[0].frame == 5);
    CHECK(closes[1].text == "capture_end");
    auto errors = r.of("ferror");
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].text == "truncated message");
    CHECK(errors[0].frame == 5);
    CHECK(r.of("open")[1].frame == 7);
    REQUIRE(r.of("message").size() == 2);
    CHECK(r.of("message")[1].session == 1);
}

TEST_CASE("a session where only one side sent FIN closes as fin at the end of the capture") {
    Conn c;
    Capture cap;
    cap.add(c.handshake());
    cap.add(c.etr(registration(0)));
    cap.add(c.etr({}, 0x11));
    Recorder r = run(cap, "half.pcap");
    REQUIRE(r.of("close").size() == 1);
    CHECK(r.of("close")[0].text == "fin");
    CHECK(r.of("close")[0].frame == 5);
}

TEST_CASE("VLAN tags, stacked 802.1ad + 802.1Q") {
    Conn c;
    c.wrap.vlans = {100, 200};
    Capture cap = basic_session(c);
    Recorder r = run(cap, "vlan.pcap");
    CHECK(r.messages(kUp) == Strings{"registration:0", "registration:1"});
    CHECK(r.of("close")[0].text == "fin");
}

TEST_CASE("IPv6 with a hop-by-hop extension header") {
    Conn c(kEtr6, kMs6);
    c.wrap.ipv6_hop_by_hop = {1, 4, 0, 0, 0, 0};
    Capture cap = basic_session(c);
    Recorder r = run(cap, "ipv6.pcap");
    REQUIRE(r.sessions.size() == 1);
    CHECK(r.sessions[0].etr.str() == "[2001:db8::10]:40001");
    CHECK(r.sessions[0].ms.str() == "[2001:db8::1]:4342");
    CHECK(r.messages(kDown) ==
          Strings{"registration_refresh:0", "registration_ack:1", "registration_nack:2"});
    CHECK(r.of("problem").empty());
}

TEST_CASE("IP fragments are reassembled, in any order") {
    Bytes m = concat({registration(0), registration(1)});
    SECTION("IPv4") {
        Conn c;
        Capture cap;
        cap.add(c.handshake());
        Bytes seg = tcp_segment(kEtr, kMs, c.etr_next(), c.ms_next(), 0x18, m);
        auto frags = ipv4_fragments(kEtr, kMs, 6, seg, 48, 77);
        REQUIRE(frags.size() > 2);
        for (std::size_t i = frags.size(); i-- > 0;)
            cap.add(ethernet(frags[i]));
        Recorder r = run(cap, "frag4.pcap");
        INFO(r.dump());
        CHECK(r.messages(kUp) == Strings{"registration:0", "registration:1"});
        CHECK(r.of("message")[0].frame == 3 + frags.size());
        CHECK(r.of("problem").empty());
    }
    SECTION("IPv6") {
        Conn c(kEtr6, kMs6);
        Capture cap;
        cap.add(c.handshake());
        Bytes seg = tcp_segment(kEtr6, kMs6, c.etr_next(), c.ms_next(), 0x18, m);
        auto frags = ipv6_fragments(kEtr6, kMs6, 6, seg, 56, 0xABCDEF);
        cap.add(ethernet(frags[1]));
        cap.add(ethernet(frags[0]));
        for (std::size_t i = 2; i < frags.size(); ++i)
            cap.add(ethernet(frags[i]));
        Recorder r = run(cap, "frag6.pcap");
        INFO(r.dump());
        CHECK(r.messages(kUp) == Strings{"registration:0", "registration:1"});
    }
    SECTION("an incomplete datagram is reported at the end") {
        Conn c;
        Capture cap;
        cap.add(c.handshake());
        Bytes seg = tcp_segment(kEtr, kMs, c.etr_next(), c.ms_next(), 0x18, m);
        auto frags = ipv4_fragments(kEtr, kMs, 6, seg, 48, 78);
        cap.add(ethernet(frags[0]));
        Recorder r = run(cap, "frag-lost.pcap");
        auto problems = r.of("problem");
        REQUIRE(problems.size() == 1);
        CHECK(problems[0].text.find("incomplete") != std::string::npos);
    }
}

TEST_CASE("truncated and malformed packets are reported with their frame, never trusted") {
    Conn c;
    Capture cap;
    cap.add(c.handshake());
    Bytes m0 = registration(0), m1 = registration(1);
    cap.add(c.etr(concat({m0, m1})));
    SECTION("cut by the snapshot length inside the payload") {
        cap.truncate_last(cap.frames().back().data.size() - 20);  // frame 4 loses 20 octets of m1
        cap.add(c.etr(registration(2)));
        Recorder r = run(cap, "snaplen.pcap");
        INFO(r.dump());
        auto problems = r.of("problem");
        REQUIRE(problems.size() == 1);
        CHECK(problems[0].frame == 4);
        CHECK(problems[0].text.find("snapshot length") != std::string::npos);
        REQUIRE(r.of("gap").size() == 1);
        CHECK(r.of("gap")[0].count == 20);
        CHECK(r.messages(kUp) == Strings{"registration:0", "registration:2"});
    }
    SECTION("cut inside the IPv4 header") {
        cap.truncate_last(14 + 12);
        Recorder r = run(cap, "short-ip.pcap");
        auto problems = r.of("problem");
        REQUIRE(problems.size() == 1);
        CHECK(problems[0].frame == 4);
        CHECK(problems[0].text.find("IPv4 header needs 20 octets, 12 captured") != std::string::npos);
    }
    SECTION("a bad IPv4 header length") {
        cap.frames().back().data[14] = 0x43;
        Recorder r = run(cap, "bad-ihl.pcap");
        REQUIRE(r.of("problem").size() == 1);
        CHECK(r.of("problem")[0].text.find("header length 12") != std::string::npos);
    }
    SECTION("a total length beyond the frame") {
        cap.frames().back().data[16] = 0x7F;
        Recorder r = run(cap, "long-ip.pcap");
        REQUIRE(r.of("problem").size() == 1);
        CHECK(r.of("problem")[0].text.find("total length") != std::string::npos);
    }
}

TEST_CASE("UDP Map-Register to port 4342 is reported with its payload") {
    Capture cap;
    Bytes reg = map_register_udp(true, 42);
    cap.add(ethernet(
        ip_packet(kEtr, Host{"192.0.2.1", 4342}, 17, udp_datagram(Host{"192.0.2.10", 4342}, kMs, reg))));
    cap.add(
        ethernet(ip_packet(kEtr, kMs, 17, udp_datagram(Host{"192.0.2.10", 53}, Host{"192.0.2.1", 53}, reg))));
    Recorder r = run(cap, "udp.pcap");
    auto udp = r.of("udp");
    REQUIRE(udp.size() == 1);
    CHECK(udp[0].text == "192.0.2.10:4342 > 192.0.2.1:4342");
    CHECK(udp[0].bytes == reg);
}

TEST_CASE("pcapng input reads like pcap") {
    Conn c;
    Capture cap = basic_session(c);
    Recorder r;
    REQUIRE(read({cap.write_pcapng("basic.pcapng")}, r) == 0);
    CHECK(r.messages(kUp) == Strings{"registration:0", "registration:1"});
    CHECK(r.of("close")[0].frame == 10);
}

TEST_CASE("several files are merged by timestamp, frames numbered across them") {
    Capture a, b;
    for (int i = 0; i < 3; ++i)
        a.add(
            ethernet(ip_packet(kEtr, kMs, 17, udp_datagram(kEtr, kMs, map_register_udp(false, 10 + 2 * i)))),
            1'000'000 * (2 * i + 1));
    for (int i = 0; i < 2; ++i)
        b.add(
            ethernet(ip_packet(kEtr, kMs, 17, udp_datagram(kEtr, kMs, map_register_udp(false, 11 + 2 * i)))),
            1'000'000 * (2 * i + 2));
    Recorder r;
    REQUIRE(read({a.write_pcap("a.pcap"), b.write_pcapng("b.pcapng")}, r) == 0);
    auto udp = r.of("udp");
    REQUIRE(udp.size() == 5);
    for (std::size_t i = 0; i < 5; ++i) {
        CHECK(udp[i].frame == i + 1);
        auto m = decode_map_register(udp[i].bytes);
        REQUIRE(m.ok());
        CHECK(m->nonce == 10 + i);
    }
}

TEST_CASE("the capture's first frame and its end (the latest time, after every other event) are reported") {
    Capture cap;
    Conn c;
    std::vector<Bytes> handshake = c.handshake();
    cap.add(handshake[0], 1'000'000).add(handshake[1]).add(handshake[2]);
    cap.add(c.etr(registration(0)), 5'000'000);
    cap.add(ethernet(ip_packet(kEtr, kMs, 17, udp_datagram(kEtr, kMs, map_register_udp(false, 1)))),
            9'000'000);
    cap.add(c.ms(ack(0)), 7'000'000);  // a timestamp stepping back
    Recorder r;
    REQUIRE(read({cap.write_pcap("ends.pcap")}, r) == 0);
    REQUIRE(r.begin);
    CHECK(r.begin->frame == 1);
    CHECK(r.begin->time == 1'000'000);
    REQUIRE(r.end);
    CHECK(r.end->frame == 6);
    CHECK(r.end->time == 9'000'000);
    CHECK(r.events_before_end == r.events.size());
    CHECK(!r.of("close").empty());  // the session left open was closed before the end

    Recorder none;
    REQUIRE(read({Capture().write_pcap("no-frames.pcap")}, none) == 0);
    CHECK(!none.begin);
    CHECK(!none.end);
}

TEST_CASE("standard input is read when the path is -") {
    Conn c;
    Capture cap = basic_session(c);
    std::string path = cap.write_pcap("stdin.pcap");
    int saved = dup(0);
    int fd = open(path.c_str(), O_RDONLY);
    REQUIRE(fd >= 0);
    dup2(fd, 0);
    close(fd);
    Recorder r;
    int rc = read({"-"}, r);
    dup2(saved, 0);
    close(saved);
    CHECK(rc == 0);
    CHECK(r.messages(kUp) == Strings{"registration:0", "registration:1"});
}

TEST_CASE("an unreadable input is an error naming the file") {
    Recorder r;
    CHECK(read({"/nonexistent/x.pcap"}, r) == 2);
    std::string junk = temp_path("junk.pcap");
    std::FILE* f = std::fopen(junk.c_str(), "wb");
    std::fputs("this is not a capture file at all", f);
    std::fclose(f);
    CHECK(read({junk}, r) == 2);
    CHECK(r.events.empty());
}

TEST_CASE("link types: Linux cooked v1 and v2, raw IP, BSD loopback") {
    Conn c;
    Bytes seg = tcp_segment(kEtr, kMs, 5, 6, 0x18, registration(0));
    Bytes ip = ip_packet(kEtr, kMs, 6, seg);
    Bytes frame;
    int linktype = 0;
    SECTION("SLL") {
        linktype = DLT_LINUX_SLL;
        frame = {0, 4, 0, 1, 0, 6, 2, 0, 0, 0, 0, 1, 0, 0, 0x08, 0x00};
    }
    SECTION("SLL2") {
        linktype = DLT_LINUX_SLL2;
        frame = {0x08, 0x00, 0, 0, 0, 0, 0, 2, 0, 1, 4, 6, 2, 0, 0, 0, 0, 1, 0, 0};
    }
    SECTION("raw IP") {
        linktype = DLT_RAW;
    }
    SECTION("BSD loopback") {
        linktype = DLT_NULL;
        frame = {2, 0, 0, 0};
    }
    frame.insert(frame.end(), ip.begin(), ip.end());
    Capture cap(linktype);
    cap.add(frame);
    Recorder r = run(cap, "link.pcap");
    INFO(r.dump());
    CHECK(r.messages(kUp) == Strings{"registration:0"});
    CHECK(r.of("problem").empty());
}

TEST_CASE("an unsupported link type is reported once") {
    Capture cap(DLT_IEEE802_11);
    cap.add(Bytes(40, 0)).add(Bytes(40, 0));
    Recorder r = run(cap, "wifi.pcap");
    REQUIRE(r.of("problem").size() == 1);
    CHECK(r.of("problem")[0].text.find("not supported") != std::string::npos);
}

TEST_CASE("a full out-of-order buffer gives the hole up as lost") {
    Conn c;
    Capture cap;
    cap.add(c.handshake());
    c.skip_etr(10);  // never captured
    for (std::uint32_t i = 0; i < 5; ++i)
        cap.add(c.etr(registration(i)));
    Recorder r;
    cli::ReaderOptions o;
    o.reassembly.direction_cap = 3 * registration(0).size();
    REQUIRE(read({cap.write_pcap("overflow.pcap")}, r, o) == 0);
    INFO(r.dump());
    REQUIRE(r.of("note").size() == 1);
    CHECK(r.of("note")[0].frame == 7);
    REQUIRE(r.of("gap").size() == 1);
    CHECK(r.of("gap")[0].count == 10);
    CHECK(r.messages(kUp).size() == 5);
}

TEST_CASE("a capture that starts at the SYN-ACK: a repeated SYN belongs to the same connection") {
    Conn c;
    auto hs = c.handshake();
    Capture cap;
    cap.add(hs[1]).add(hs[0]).add(hs[2]);  // SYN-ACK, then the client's SYN again, then its ACK
    cap.add(c.etr(registration(0)));
    Recorder r = run(cap, "synack-first.pcap");
    INFO(r.dump());
    REQUIRE(r.sessions.size() == 1);
    CHECK(r.sessions[0].etr.str() == "192.0.2.10:40001");
    CHECK(r.of("open")[0].text == "syn");
    CHECK(r.messages(kUp) == Strings{"registration:0"});
    CHECK(r.of("note").empty());
}
