// Test fixture: builds small captures packet by packet (Ethernet/VLAN/IPv4/IPv6/TCP/UDP), writes them as pcap
// or pcapng, and records what the capture reader reports.
#pragma once

#include <pcap/pcap.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "common/capture_reader.hpp"
#include "common/stream_events.hpp"
#include "msrt/codec.hpp"

namespace msrt::test {

struct Host {
    std::string ip;
    std::uint16_t port = 0;
};

inline const Host kEtr{"192.0.2.10", 40001};
inline const Host kMs{"192.0.2.1", 4342};
inline const Host kEtr6{"2001:db8::10", 40001};
inline const Host kMs6{"2001:db8::1", 4342};

struct Frame {
    cli::Micros time = 0;
    Bytes data;
    std::uint32_t wire_length = 0;  // 0: same as data.size()
};

// How one packet is wrapped below TCP/UDP.
struct Wrap {
    std::vector<std::uint16_t> vlans;  // outermost first; the first one uses 802.1ad (0x88A8) when 2 or more
    std::vector<std::uint8_t> ipv6_hop_by_hop;  // options octets (6, 14, ...) for an IPv6 Hop-by-Hop header
    std::uint16_t ip_id = 1;
};

Bytes tcp_segment(const Host& src, const Host& dst, std::uint32_t seq, std::uint32_t ack, std::uint8_t flags,
                  ByteView payload);
Bytes udp_datagram(const Host& src, const Host& dst, ByteView payload);
// The IP packet (IPv4 or IPv6 by the address form) around a transport segment.
Bytes ip_packet(const Host& src, const Host& dst, std::uint8_t proto, ByteView transport, const Wrap& w = {});
// IPv4 fragments of that packet: payload split at 8-octet multiples of `chunk`.
std::vector<Bytes> ipv4_fragments(const Host& src, const Host& dst, std::uint8_t proto, ByteView transport,
                                  std::size_t chunk, std::uint16_t id);
std::vector<Bytes> ipv6_fragments(const Host& src, const Host& dst, std::uint8_t proto, ByteView transport,
                                  std::size_t chunk, std::uint32_t id);
Bytes ethernet(ByteView ip, const Wrap& w = {});

// Messages for the stream.
Bytes refresh(std::uint32_t id, std::uint8_t scope = 0);
Bytes ack(std::uint32_t id, const std::string& eid = "[1000] 10.1.0.0/16");
Bytes nack(std::uint32_t id, std::uint8_t reason, const std::string& eid = "[1000] 10.9.0.0/16");
Bytes registration(std::uint32_t id, const std::string& eid = "[1000] 10.1.0.0/16", std::uint32_t ttl = 1440);
Bytes map_register_udp(bool reliable, std::uint64_t nonce);
Bytes concat(std::initializer_list<Bytes> parts);

// One TCP connection between kEtr and kMs (or any pair) with sequence numbers kept for the test.
class Conn {
  public:
    Conn(Host etr = kEtr, Host ms = kMs, std::uint32_t etr_isn = 1000, std::uint32_t ms_isn = 50000)
        : etr_(std::move(etr)), ms_(std::move(ms)), etr_next_(etr_isn), ms_next_(ms_isn) {}
    std::vector<Bytes> handshake();                          // SYN, SYN-ACK, ACK (as Ethernet frames)
    Bytes etr(ByteView payload, std::uint8_t flags = 0x18);  // PSH+ACK from the ETR; advances its sequence
    Bytes ms(ByteView payload, std::uint8_t flags = 0x18);
    Bytes etr_at(std::uint32_t seq, ByteView payload, std::uint8_t flags = 0x18) const;  // no advance
    Bytes ms_at(std::uint32_t seq, ByteView payload, std::uint8_t flags = 0x18) const;
    Bytes etr_ack() const { return etr_at(etr_next_, {}, 0x10); }
    Bytes ms_ack() const { return ms_at(ms_next_, {}, 0x10); }
    std::uint32_t etr_next() const { return etr_next_; }
    std::uint32_t ms_next() const { return ms_next_; }
    void skip_etr(std::uint32_t n) { etr_next_ += n; }
    void skip_ms(std::uint32_t n) { ms_next_ += n; }
    Wrap wrap;

  private:
    Host etr_, ms_;
    std::uint32_t etr_next_, ms_next_;
};

class Capture {
  public:
    explicit Capture(int linktype = DLT_EN10MB) : linktype_(linktype) {}
    // Adds frames one millisecond apart (or at `time` when given).
    Capture& add(Bytes frame, cli::Micros time = -1);
    Capture& add(const std::vector<Bytes>& frames);
    Capture& truncate_last(std::size_t captured);  // as a snapshot length would
    std::string write_pcap(const std::string& name) const;
    std::string write_pcapng(const std::string& name) const;
    std::vector<Frame>& frames() { return frames_; }

  private:
    int linktype_;
    cli::Micros next_time_ = 1'700'000'000'000'000;
    std::vector<Frame> frames_;
};

std::string temp_path(const std::string& name);

struct Event {
    std::string kind;  // open, message, ferror, skipped, gap, note, close, udp, problem
    std::uint64_t session = 0;
    cli::Direction dir{};
    std::uint64_t frame = 0;
    std::uint64_t offset = 0;
    std::uint64_t count = 0;
    std::string text;  // start/end kind, note, problem; message: "type:id"
    Bytes bytes;
};

class Recorder : public cli::StreamEvents {
  public:
    void on_session_open(const cli::SessionInfo& s, cli::SessionStart how, const cli::PacketRef& at) override;
    void on_message(const cli::SessionInfo& s, cli::Direction d, const cli::PacketRef& at, ByteView message,
                    std::uint64_t offset) override;
    void on_framing_error(const cli::SessionInfo& s, cli::Direction d, const cli::PacketRef& at,
                          const FramingError& e) override;
    void on_skipped(const cli::SessionInfo& s, cli::Direction d, const cli::PacketRef& at,
                    std::uint64_t offset, std::uint64_t count) override;
    void on_gap(const cli::SessionInfo& s, cli::Direction d, const cli::PacketRef& at, std::uint64_t offset,
                std::uint64_t count) override;
    void on_transport_note(const cli::SessionInfo& s, cli::Direction d, const cli::PacketRef& at,
                           const std::string& note) override;
    void on_session_close(const cli::SessionInfo& s, cli::SessionEnd how, const cli::PacketRef& at) override;
    void on_udp_lisp(const cli::UdpLisp& u, const cli::PacketRef& at) override;
    void on_input_problem(const cli::PacketRef& at, const std::string& what) override;
    void on_capture_begin(const cli::PacketRef& first) override { begin = first; }
    void on_capture_end(const cli::PacketRef& last) override {
        end = last;
        events_before_end = events.size();
    }

    std::vector<Event> of(const std::string& kind) const;
    std::vector<std::string> messages(cli::Direction d) const;  // "type:id" in order
    std::string dump() const;

    std::vector<Event> events;
    std::vector<cli::SessionInfo> sessions;
    std::optional<cli::PacketRef> begin, end;  // on_capture_begin's and on_capture_end's
    std::size_t events_before_end = 0;
};

// Reads the captures with default options; returns read_captures' status.
int read(const std::vector<std::string>& paths, Recorder& r, cli::ReaderOptions o = {});

}  // namespace msrt::test
