#include "capture_fixture.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include "msrt/map_register.hpp"

namespace msrt::test {
namespace {

constexpr std::uint8_t kTcp = 6;
constexpr std::uint8_t kUdp = 17;

void put16(Bytes& b, std::uint16_t v) {
    b.push_back(static_cast<std::uint8_t>(v >> 8));
    b.push_back(static_cast<std::uint8_t>(v));
}
void put32(Bytes& b, std::uint32_t v) {
    put16(b, static_cast<std::uint16_t>(v >> 16));
    put16(b, static_cast<std::uint16_t>(v));
}
void append(Bytes& b, ByteView v) {
    b.insert(b.end(), v.begin(), v.end());
}

Address addr(const std::string& text) {
    auto a = Address::parse(text);
    if (!a) throw std::runtime_error("bad address " + text);
    return *a;
}

Bytes ipv4_header(const Host& src, const Host& dst, std::uint8_t proto, std::size_t payload, std::uint16_t id,
                  std::uint16_t frag) {
    Bytes h;
    h.push_back(0x45);
    h.push_back(0);
    put16(h, static_cast<std::uint16_t>(20 + payload));
    put16(h, id);
    put16(h, frag);
    h.push_back(64);
    h.push_back(proto);
    put16(h, 0);
    append(h, addr(src.ip).bytes());
    append(h, addr(dst.ip).bytes());
    return h;
}

Bytes ipv6_header(const Host& src, const Host& dst, std::uint8_t next, std::size_t payload) {
    Bytes h;
    put32(h, 0x60000000);
    put16(h, static_cast<std::uint16_t>(payload));
    h.push_back(next);
    h.push_back(64);
    append(h, addr(src.ip).bytes());
    append(h, addr(dst.ip).bytes());
    return h;
}

Bytes encode(Kind kind, std::uint32_t id, Body body) {
    Message m;
    m.header.id = id;
    m.kind = kind;
    m.body = std::move(body);
    return encode_message(m);
}

EidPrefix prefix(const std::string& eid) {
    auto e = Eid::parse(eid);
    if (!e) throw std::runtime_error("bad EID " + eid);
    return EidPrefix::of(*e);
}

MapRegister map_register(std::uint32_t flags, const std::string& eid, std::uint32_t ttl) {
    MapRegister m;
    m.word0 = (std::uint32_t{wire::lisp::kMapRegister} << 28) | flags | wire::lisp::kRegI | wire::lisp::kRegM;
    m.nonce = 0x0123456789ABCDEFull;
    m.has_ids = true;
    m.xtr_id[15] = 1;
    EidRecord r;
    Eid key = *Eid::parse(eid);
    r.ttl = ttl;
    r.mask_len = key.len;
    r.eid = AddressField::with_iid(key.iid, key.prefix);
    Locator l;
    l.priority = 1;
    l.weight = 100;
    l.m_priority = 255;
    l.flags = wire::lisp::kLocLocal | wire::lisp::kLocReachable;
    l.rloc = AddressField::plain(addr("192.0.2.10"));
    r.locators.push_back(l);
    m.records.push_back(r);
    return m;
}

}  // namespace

Bytes tcp_segment(const Host& src, const Host& dst, std::uint32_t seq, std::uint32_t ack, std::uint8_t flags,
                  ByteView payload) {
    Bytes t;
    put16(t, src.port);
    put16(t, dst.port);
    put32(t, seq);
    put32(t, ack);
    t.push_back(0x50);
    t.push_back(flags);
    put16(t, 65535);
    put32(t, 0);
    append(t, payload);
    return t;
}

Bytes udp_datagram(const Host& src, const Host& dst, ByteView payload) {
    Bytes u;
    put16(u, src.port);
    put16(u, dst.port);
    put16(u, static_cast<std::uint16_t>(8 + payload.size()));
    put16(u, 0);
    append(u, payload);
    return u;
}

Bytes ip_packet(const Host& src, const Host& dst, std::uint8_t proto, ByteView transport, const Wrap& w) {
    if (addr(src.ip).afi == wire::afi::kIpv4) {
        Bytes p = ipv4_header(src, dst, proto, transport.size(), w.ip_id, 0x4000);
        append(p, transport);
        return p;
    }
    if (w.ipv6_hop_by_hop.empty()) {
        Bytes p = ipv6_header(src, dst, proto, transport.size());
        append(p, transport);
        return p;
    }
    Bytes ext{proto, static_cast<std::uint8_t>((w.ipv6_hop_by_hop.size() + 2) / 8 - 1)};
    append(ext, w.ipv6_hop_by_hop);
    Bytes p = ipv6_header(src, dst, 0, ext.size() + transport.size());
    append(p, ext);
    append(p, transport);
    return p;
}

std::vector<Bytes> ipv4_fragments(const Host& src, const Host& dst, std::uint8_t proto, ByteView transport,
                                  std::size_t chunk, std::uint16_t id) {
    std::vector<Bytes> out;
    for (std::size_t off = 0; off < transport.size(); off += chunk) {
        std::size_t n = std::min(chunk, transport.size() - off);
        bool more = off + n < transport.size();
        Bytes p =
            ipv4_header(src, dst, proto, n, id, static_cast<std::uint16_t>((more ? 0x2000 : 0) | (off / 8)));
        append(p, transport.subspan(off, n));
        out.push_back(p);
    }
    return out;
}

std::vector<Bytes> ipv6_fragments(const Host& src, const Host& dst, std::uint8_t proto, ByteView transport,
                                  std::size_t chunk, std::uint32_t id) {
    std::vector<Bytes> out;
    for (std::size_t off = 0; off < transport.size(); off += chunk) {
        std::size_t n = std::min(chunk, transport.size() - off);
        bool more = off + n < transport.size();
        Bytes p = ipv6_header(src, dst, 44, 8 + n);
        p.push_back(proto);
        p.push_back(0);
        put16(p, static_cast<std::uint16_t>(off | (more ? 1 : 0)));
        put32(p, id);
        append(p, transport.subspan(off, n));
        out.push_back(p);
    }
    return out;
}

Bytes ethernet(ByteView ip, const Wrap& w) {
    Bytes f{0x02, 0, 0, 0, 0, 0x01, 0x02, 0, 0, 0, 0, 0x02};
    for (std::size_t i = 0; i < w.vlans.size(); ++i) {
        put16(f, w.vlans.size() >= 2 && i == 0 ? 0x88A8 : 0x8100);
        put16(f, w.vlans[i]);
    }
    put16(f, (ip[0] >> 4) == 6 ? 0x86DD : 0x0800);
    append(f, ip);
    return f;
}

Bytes refresh(std::uint32_t id, std::uint8_t scope) {
    return encode(Kind::RegistrationRefresh, id, RegistrationRefresh{scope, 0, std::nullopt});
}
Bytes ack(std::uint32_t id, const std::string& eid) {
    return encode(Kind::RegistrationAck, id, RegistrationAck{prefix(eid)});
}
Bytes nack(std::uint32_t id, std::uint8_t reason, const std::string& eid) {
    return encode(Kind::RegistrationNack, id, RegistrationNack{reason, 0, prefix(eid)});
}
Bytes registration(std::uint32_t id, const std::string& eid, std::uint32_t ttl) {
    return encode(Kind::Registration, id, Registration{map_register(0, eid, ttl)});
}
Bytes map_register_udp(bool reliable, std::uint64_t nonce) {
    MapRegister m = map_register(reliable ? wire::lisp::kRegReliable : 0, "[1000] 10.1.0.0/16", 1440);
    m.nonce = nonce;
    return encode_map_register(m);
}
Bytes concat(std::initializer_list<Bytes> parts) {
    Bytes out;
    for (const Bytes& p : parts)
        append(out, p);
    return out;
}

std::vector<Bytes> Conn::handshake() {
    std::vector<Bytes> out;
    out.push_back(
        ethernet(ip_packet(etr_, ms_, kTcp, tcp_segment(etr_, ms_, etr_next_ - 1, 0, 0x02, {}), wrap), wrap));
    out.push_back(ethernet(
        ip_packet(ms_, etr_, kTcp, tcp_segment(ms_, etr_, ms_next_ - 1, etr_next_, 0x12, {}), wrap), wrap));
    out.push_back(etr_ack());
    return out;
}

Bytes Conn::etr_at(std::uint32_t seq, ByteView payload, std::uint8_t flags) const {
    return ethernet(ip_packet(etr_, ms_, kTcp, tcp_segment(etr_, ms_, seq, ms_next_, flags, payload), wrap),
                    wrap);
}
Bytes Conn::ms_at(std::uint32_t seq, ByteView payload, std::uint8_t flags) const {
    return ethernet(ip_packet(ms_, etr_, kTcp, tcp_segment(ms_, etr_, seq, etr_next_, flags, payload), wrap),
                    wrap);
}
Bytes Conn::etr(ByteView payload, std::uint8_t flags) {
    Bytes f = etr_at(etr_next_, payload, flags);
    etr_next_ += static_cast<std::uint32_t>(payload.size() + ((flags & 0x01) ? 1 : 0));
    return f;
}
Bytes Conn::ms(ByteView payload, std::uint8_t flags) {
    Bytes f = ms_at(ms_next_, payload, flags);
    ms_next_ += static_cast<std::uint32_t>(payload.size() + ((flags & 0x01) ? 1 : 0));
    return f;
}

Capture& Capture::add(Bytes frame, cli::Micros time) {
    if (time >= 0) next_time_ = time;
    std::uint32_t len = static_cast<std::uint32_t>(frame.size());
    frames_.push_back(Frame{next_time_, std::move(frame), len});
    next_time_ += 1000;
    return *this;
}
Capture& Capture::add(const std::vector<Bytes>& frames) {
    for (const Bytes& f : frames)
        add(f);
    return *this;
}
Capture& Capture::truncate_last(std::size_t captured) {
    frames_.back().data.resize(captured);
    return *this;
}

namespace {
// ctest runs each test case as a process of its own: each writes into its own directory, removed as the
// process exits (it was left behind, hundreds per suite run).
struct TestDir {
    std::filesystem::path path =
        std::filesystem::temp_directory_path() / ("msrt-tests-" + std::to_string(getpid()));
    ~TestDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path, ignored);
    }
};
}  // namespace

std::string temp_path(const std::string& name) {
    static TestDir dir;
    std::filesystem::create_directories(dir.path);
    return (dir.path / name).string();
}

std::string Capture::write_pcap(const std::string& name) const {
    std::string path = temp_path(name);
    pcap_t* dead = pcap_open_dead(linktype_, 262144);
    pcap_dumper_t* d = pcap_dump_open(dead, path.c_str());
    if (!d) throw std::runtime_error("cannot write " + path);
    for (const Frame& f : frames_) {
        pcap_pkthdr h{};
        h.ts.tv_sec = f.time / 1'000'000;
        h.ts.tv_usec = f.time % 1'000'000;
        h.caplen = static_cast<std::uint32_t>(f.data.size());
        h.len = f.wire_length;
        pcap_dump(reinterpret_cast<u_char*>(d), &h, f.data.data());
    }
    pcap_dump_close(d);
    pcap_close(dead);
    return path;
}

// libpcap reads pcapng but does not write it: Section Header, Interface Description, Enhanced Packet blocks.
std::string Capture::write_pcapng(const std::string& name) const {
    std::string path = temp_path(name);
    std::ofstream out(path, std::ios::binary);
    auto u32 = [&](std::uint32_t v) { out.write(reinterpret_cast<const char*>(&v), 4); };
    auto u16 = [&](std::uint16_t v) { out.write(reinterpret_cast<const char*>(&v), 2); };
    u32(0x0A0D0D0A), u32(28), u32(0x1A2B3C4D), u16(1), u16(0), u32(0xFFFFFFFF), u32(0xFFFFFFFF), u32(28);
    u32(1), u32(20), u16(static_cast<std::uint16_t>(linktype_)), u16(0), u32(262144), u32(20);
    for (const Frame& f : frames_) {
        std::uint32_t padded = (static_cast<std::uint32_t>(f.data.size()) + 3) & ~3u;
        auto t = static_cast<std::uint64_t>(f.time);
        u32(6), u32(32 + padded), u32(0), u32(static_cast<std::uint32_t>(t >> 32)),
            u32(static_cast<std::uint32_t>(t)), u32(static_cast<std::uint32_t>(f.data.size())),
            u32(f.wire_length);
        out.write(reinterpret_cast<const char*>(f.data.data()), static_cast<std::streamsize>(f.data.size()));
        for (std::size_t i = f.data.size(); i < padded; ++i)
            out.put(0);
        u32(32 + padded);
    }
    return path;
}

void Recorder::on_session_open(const cli::SessionInfo& s, cli::SessionStart how, const cli::PacketRef& at) {
    sessions.push_back(s);
    events.push_back(
        Event{"open", s.id, {}, at.frame, 0, 0, how == cli::SessionStart::Syn ? "syn" : "mid", {}});
}
void Recorder::on_message(const cli::SessionInfo& s, cli::Direction d, const cli::PacketRef& at,
                          ByteView message, std::uint64_t offset) {
    Result<Message> m = decode_message(message);
    std::string text = m ? std::string(kind_key(m->kind)) + ":" + std::to_string(m->header.id) : "malformed";
    events.push_back(
        Event{"message", s.id, d, at.frame, offset, 0, text, Bytes(message.begin(), message.end())});
}
void Recorder::on_framing_error(const cli::SessionInfo& s, cli::Direction d, const cli::PacketRef& at,
                                const FramingError& e) {
    events.push_back(Event{
        "ferror", s.id, d, at.frame, e.offset, e.value, std::string(framing_problem_name(e.problem)), {}});
}
void Recorder::on_skipped(const cli::SessionInfo& s, cli::Direction d, const cli::PacketRef& at,
                          std::uint64_t offset, std::uint64_t count) {
    events.push_back(Event{"skipped", s.id, d, at.frame, offset, count, {}, {}});
}
void Recorder::on_gap(const cli::SessionInfo& s, cli::Direction d, const cli::PacketRef& at,
                      std::uint64_t offset, std::uint64_t count) {
    events.push_back(Event{"gap", s.id, d, at.frame, offset, count, {}, {}});
}
void Recorder::on_transport_note(const cli::SessionInfo& s, cli::Direction d, const cli::PacketRef& at,
                                 const std::string& note) {
    events.push_back(Event{"note", s.id, d, at.frame, 0, 0, note, {}});
}
void Recorder::on_session_close(const cli::SessionInfo& s, cli::SessionEnd how, const cli::PacketRef& at) {
    const char* h = how == cli::SessionEnd::Fin ? "fin" : how == cli::SessionEnd::Rst ? "rst" : "capture_end";
    events.push_back(Event{"close", s.id, {}, at.frame, 0, 0, h, {}});
}
void Recorder::on_udp_lisp(const cli::UdpLisp& u, const cli::PacketRef& at) {
    events.push_back(Event{"udp",
                           0,
                           {},
                           at.frame,
                           0,
                           0,
                           u.src.str() + " > " + u.dst.str(),
                           Bytes(u.payload.begin(), u.payload.end())});
}
void Recorder::on_input_problem(const cli::PacketRef& at, const std::string& what) {
    events.push_back(Event{"problem", 0, {}, at.frame, 0, 0, what, {}});
}

std::vector<Event> Recorder::of(const std::string& kind) const {
    std::vector<Event> out;
    for (const Event& e : events)
        if (e.kind == kind) out.push_back(e);
    return out;
}

std::vector<std::string> Recorder::messages(cli::Direction d) const {
    std::vector<std::string> out;
    for (const Event& e : events)
        if (e.kind == "message" && e.dir == d) out.push_back(e.text);
    return out;
}

std::string Recorder::dump() const {
    std::string s;
    for (const Event& e : events) {
        s += "#" + std::to_string(e.frame) + " " + e.kind + " s" + std::to_string(e.session) + " " +
             msrt::direction_key(e.dir) + " off=" + std::to_string(e.offset) +
             " n=" + std::to_string(e.count) + " " + e.text + "\n";
    }
    return s;
}

int read(const std::vector<std::string>& paths, Recorder& r, cli::ReaderOptions o) {
    o.progress = false;
    // While resynchronising, the framer cannot reject a false header candidate (say the 00 00 01 64 of a
    // locator's priority 1 and weight 100) before Length octets have arrived; a bound a little above the test
    // messages' size keeps these small captures about the reader, not about how long that wait is.
    if (o.max_message == wire::kMaxLength) o.max_message = 256;
    return cli::read_captures(paths, o, r);
}

}  // namespace msrt::test
