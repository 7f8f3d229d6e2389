// The generator's captures read back frame by frame: order, checksums, TCP sequence and acknowledgement
// consistency, MSS, determinism; and the file writers read back through libpcap.
#include <pcap/pcap.h>

#include <unistd.h>
#include <catch2/catch.hpp>
#include <cstdio>
#include <map>

#include "common/capture_writer.hpp"
#include "common/checksum.hpp"
#include "synth/links.hpp"
#include "synth/manifest.hpp"

using namespace msrt;
using namespace msrt::synth;

namespace {

struct Frame {
    std::int64_t time;
    Bytes data;
};

class Collect final : public CaptureWriter {
  public:
    void write(std::int64_t micros, ByteView frame) override {
        frames.push_back({micros, Bytes(frame.begin(), frame.end())});
        ++frames_;
    }
    bool finish(std::string&) override { return true; }
    std::vector<Frame> frames;
};

class Keep final : public SessionSink {
  public:
    void session(std::unique_ptr<SessionTruth> s) override { sessions.push_back(std::move(s)); }
    std::vector<std::unique_ptr<SessionTruth>> sessions;
};

Scenario scenario(const std::string& text) {
    auto r = parse_scenario(text);
    REQUIRE(std::holds_alternative<Scenario>(r));
    return std::get<Scenario>(r);
}

std::vector<Frame> run(const Scenario& s, Keep* keep = nullptr) {
    Collect out;
    Keep local;
    ScenarioLinks links(s, true, true);
    merge(links, out, 0, keep ? *keep : local);
    return out.frames;
}

const std::string kScenario =
    "mss 300\nms ms1 192.0.2.1\nms ms6 2001:db8::1\n"
    "etr etr1 ms=ms1 rloc=192.0.2.10 key=k\netr etr6 ms=ms6 rloc=2001:db8::10 key=k\n"
    "eid etr1 [1000] 10.1.0.0/16\neid etr1 [1000] 10.2.0.0/16\neid etr1 [1000] 10.3.0.0/16\n"
    "eid etr1 [1000] 10.4.0.0/16 nack=1\neid etr6 [7] 2001:db8:7::/48\n"
    "at 4s ms1 refresh etr1 scope=0\nat 5s etr1 withdraw [1000] 10.2.0.0/16\n"
    "at 6s etr1 close fin\nat 6.5s ms6 close etr6 rst\n";

// A TCP segment as read back, with the fields the checks need.
struct Tcp {
    std::string flow;  // "src:port>dst:port"
    std::uint32_t seq, ack;
    std::uint8_t flags;
    std::size_t len;
    bool checksum_ok;
};

std::optional<Tcp> parse_tcp(const Bytes& f) {
    std::size_t l3 = 14;
    std::uint16_t type = load_be16(&f[12]);
    if (type == 0x8100) {
        type = load_be16(&f[16]);
        l3 = 18;
    }
    bool v6 = type == 0x86DD;
    std::size_t l4 = l3 + (v6 ? 40 : 20);
    std::uint8_t proto = f[l3 + (v6 ? 6 : 9)];
    if (proto != 6) return std::nullopt;
    std::size_t total = v6 ? 40 + load_be16(&f[l3 + 4]) : load_be16(&f[l3 + 2]);
    std::size_t l4_len = total - (l4 - l3);
    std::size_t alen = v6 ? 16 : 4;
    std::uint64_t sum = checksum_add(0, ByteView(&f[l3 + (v6 ? 8 : 12)], 2 * alen));
    sum = checksum_add(sum + 6 + l4_len, ByteView(&f[l4], l4_len));
    if (!v6) CHECK(checksum_finish(checksum_add(0, ByteView(&f[l3], 20))) == 0);
    Tcp t;
    auto addr = [&](std::size_t at) {
        return Address::from_octets(v6 ? 2 : 1, ByteView(&f[at], alen)).str();
    };
    t.flow = addr(l3 + (v6 ? 8 : 12)) + ":" + std::to_string(load_be16(&f[l4])) + ">" +
             addr(l3 + (v6 ? 24 : 16)) + ":" + std::to_string(load_be16(&f[l4 + 2]));
    t.seq = load_be32(&f[l4 + 4]);
    t.ack = load_be32(&f[l4 + 8]);
    t.flags = f[l4 + 13];
    t.len = l4_len - (f[l4 + 12] >> 4) * 4;
    t.checksum_ok = checksum_finish(sum) == 0;
    return t;
}

std::string reverse(const std::string& flow) {
    std::size_t gt = flow.find('>');
    return flow.substr(gt + 1) + ">" + flow.substr(0, gt);
}

}  // namespace

TEST_CASE("Frames come in time order with good checksums and consistent TCP numbers") {
    std::vector<Frame> frames = run(scenario(kScenario));
    REQUIRE(frames.size() > 30);
    std::map<std::string, std::uint32_t> next_seq;  // per direction: the sequence number expected next
    int tcp = 0;
    for (std::size_t i = 0; i < frames.size(); ++i) {
        if (i) CHECK(frames[i].time >= frames[i - 1].time);
        CHECK(frames[i].data.size() >= 60);
        std::optional<Tcp> t = parse_tcp(frames[i].data);
        if (!t) continue;
        ++tcp;
        CHECK(t->checksum_ok);
        CHECK(t->len <= 300);
        bool syn = t->flags & 0x02, fin = t->flags & 0x01, rst = t->flags & 0x04;
        if (!syn && !rst) CHECK(next_seq.at(t->flow) == t->seq);  // no gaps, no repeats without impairments
        std::uint32_t end = t->seq + static_cast<std::uint32_t>(t->len) + (syn || fin ? 1 : 0);
        if (!rst) next_seq[t->flow] = end;
        // An ACK never acknowledges what the peer has not sent yet.
        if ((t->flags & 0x10) && next_seq.contains(reverse(t->flow)) && !rst)
            CHECK(static_cast<std::int32_t>(t->ack - next_seq[reverse(t->flow)]) <= 0);
    }
    CHECK(tcp > 20);
}

TEST_CASE("The same scenario gives the same bytes, another seed does not") {
    Scenario s = scenario(kScenario);
    std::vector<Frame> a = run(s), b = run(s);
    REQUIRE(a.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i)
        CHECK((a[i].time == b[i].time && a[i].data == b[i].data));
    s.seed = 2;
    std::vector<Frame> c = run(s);
    CHECK_FALSE((c.size() == a.size() && c[5].data == a[5].data));
}

TEST_CASE("Ground truth follows the scenario") {
    Keep keep;
    run(scenario(kScenario), &keep);
    REQUIRE(keep.sessions.size() == 2);
    const SessionTruth* v4 =
        keep.sessions[0]->etr_name == "etr1" ? keep.sessions[0].get() : keep.sessions[1].get();
    const SessionTruth* v6 = v4 == keep.sessions[0].get() ? keep.sessions[1].get() : keep.sessions[0].get();
    CHECK(v4->end_reason == EndReason::Fin);
    CHECK(std::string(v4->closed_by) == "etr");
    CHECK(v6->end_reason == EndReason::Rst);
    CHECK(std::string(v6->closed_by) == "ms");
    auto regs = v4->counts[0][static_cast<std::size_t>(Kind::Registration)];
    CHECK(regs == 4 + 4 + 1);  // initial sync, scope-0 refresh, withdrawal
    CHECK(v4->table.at(*Eid::parse("[1000] 10.2.0.0/16")).status == Status::Withdrawn);
    CHECK(v4->table.at(*Eid::parse("[1000] 10.4.0.0/16")).status == Status::Rejected);
    CHECK(v4->table.at(*Eid::parse("[1000] 10.1.0.0/16")).status == Status::Registered);
    for (const MessageTruth& m : v4->messages)
        CHECK(m.in_capture);
    // Message IDs count up from 0 per sender.
    std::uint32_t next[2] = {0, 0};
    for (const MessageTruth& m : v4->messages)
        CHECK(m.id == next[static_cast<int>(m.dir)]++);
}

TEST_CASE("pcap and pcapng files read back through libpcap") {
    for (CaptureFormat f : {CaptureFormat::Pcap, CaptureFormat::Pcapng}) {
        char path[] = "/tmp/msrt-synth-test-XXXXXX";
        int fd = mkstemp(path);
        REQUIRE(fd >= 0);
        close(fd);
        std::string error;
        auto w = open_capture(path, f, "test", error);
        REQUIRE(w);
        Bytes a(60, 0xAA), b(1514, 0x55);
        w->write(1'767'225'600'123'456, a);
        w->write(1'767'225'601'000'001, b);
        REQUIRE(w->finish(error));
        char err[PCAP_ERRBUF_SIZE];
        pcap_t* p = pcap_open_offline(path, err);
        REQUIRE(p);
        CHECK(pcap_datalink(p) == DLT_EN10MB);
        pcap_pkthdr* h;
        const u_char* data;
        REQUIRE(pcap_next_ex(p, &h, &data) == 1);
        CHECK(h->ts.tv_sec == 1'767'225'600);
        CHECK(h->ts.tv_usec == 123'456);
        CHECK(Bytes(data, data + h->caplen) == a);
        REQUIRE(pcap_next_ex(p, &h, &data) == 1);
        CHECK(h->ts.tv_usec == 1);
        CHECK(Bytes(data, data + h->caplen) == b);
        CHECK(pcap_next_ex(p, &h, &data) == PCAP_ERROR_BREAK);
        pcap_close(p);
        std::remove(path);
    }
}

TEST_CASE("Captured byte ranges and the manifest's layout") {
    ByteRanges r;
    r.add(0, 10);
    r.add(20, 30);
    r.add(10, 20);
    CHECK(r.covers(0, 30));
    r.add(40, 50);
    CHECK_FALSE(r.covers(25, 45));
    CHECK(r.covers(42, 50));
    CHECK(pretty_json(R"({"a":1,"b":[{"c":2},{"d":"x,y"}]})", 0, 10) ==
          "{\n  \"a\": 1,\n  \"b\": [\n    {\"c\": 2},\n    {\"d\": \"x,y\"}\n  ]\n}");
}
