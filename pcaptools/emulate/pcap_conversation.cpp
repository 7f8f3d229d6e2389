#include "emulate/pcap_conversation.hpp"

namespace msrt::cli {
namespace {

namespace flag = synth::tcpflag;

constexpr std::uint32_t kEtrIsn = 0x10000000;
constexpr std::uint32_t kMsIsn = 0x20000000;
constexpr synth::Mac kEtrMac{0x02, 0, 0, 0, 0, 0x01};
constexpr synth::Mac kMsMac{0x02, 0, 0, 0, 0, 0x02};

int index(Direction d) {
    return d == Direction::EtrToMs ? 0 : 1;
}

synth::Hop hop(const Endpoint& src, const Endpoint& dst, bool from_etr) {
    synth::Hop h;
    h.src_mac = from_etr ? kEtrMac : kMsMac;
    h.dst_mac = from_etr ? kMsMac : kEtrMac;
    h.src = src.ip;
    h.dst = dst.ip;
    return h;
}

}  // namespace

std::unique_ptr<PcapConversation> PcapConversation::open(const std::string& path, std::string& error) {
    auto format = synth::format_from_path(path).value_or(synth::CaptureFormat::Pcapng);
    std::unique_ptr<synth::CaptureWriter> w = synth::open_capture(path, format, "msrt emulate", error);
    if (!w) return nullptr;
    return std::unique_ptr<PcapConversation>(new PcapConversation(std::move(w)));
}

// Timestamps never go backwards in the file, even where the model answers "just after" a burst.
void PcapConversation::write(Micros t, const Bytes& frame) {
    last_ = std::max(last_, t);
    writer_->write(last_, frame);
}

void PcapConversation::segment(Flow& f, Direction d, Micros t, std::uint8_t flags, ByteView payload) {
    bool from_etr = d == Direction::EtrToMs;
    const Endpoint& src = from_etr ? f.info.etr : f.info.ms;
    const Endpoint& dst = from_etr ? f.info.ms : f.info.etr;
    synth::TcpFields tcp;
    tcp.sport = src.port;
    tcp.dport = dst.port;
    tcp.seq = f.seq[index(d)];
    tcp.ack = (flags & flag::kSyn) && from_etr ? 0 : f.seq[1 - index(d)];
    tcp.flags = flags;
    tcp.window = 65535;
    synth::build_tcp_frame(frame_, hop(src, dst, from_etr), tcp, payload);
    write(t, frame_);
    f.seq[index(d)] +=
        static_cast<std::uint32_t>(payload.size()) + ((flags & (flag::kSyn | flag::kFin)) ? 1 : 0);
}

void PcapConversation::session_open(const SessionInfo& s, Micros t) {
    Flow& f = flows_[s.id];
    f.info = s;
    f.seq[0] = kEtrIsn;
    f.seq[1] = kMsIsn;
    segment(f, Direction::EtrToMs, t, flag::kSyn, {});
    segment(f, Direction::MsToEtr, t, flag::kSyn | flag::kAck, {});
    segment(f, Direction::EtrToMs, t, flag::kAck, {});
}

void PcapConversation::message(const SessionInfo& s, Direction d, Micros t, ByteView bytes) {
    auto it = flows_.find(s.id);
    if (it != flows_.end()) segment(it->second, d, t, flag::kPsh | flag::kAck, bytes);
}

void PcapConversation::session_close(const SessionInfo& s, Micros t) {
    auto it = flows_.find(s.id);
    if (it == flows_.end()) return;
    segment(it->second, Direction::EtrToMs, t, flag::kFin | flag::kAck, {});
    segment(it->second, Direction::MsToEtr, t, flag::kFin | flag::kAck, {});
    segment(it->second, Direction::EtrToMs, t, flag::kAck, {});
    flows_.erase(it);
}

void PcapConversation::udp(const Endpoint& src, const Endpoint& dst, Micros t, ByteView payload) {
    synth::build_udp_frame(frame_, hop(src, dst, true), src.port, dst.port, payload);
    write(t, frame_);
}

}  // namespace msrt::cli
