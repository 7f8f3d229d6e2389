// The contract between the capture-reading side (libpcap, IP/TCP reassembly, framing) and the commands that
// interpret sessions. The reader calls these in capture (timestamp) order; one TCP connection to or from the
// reliable-transport port is one session. Byte views are valid only during the call.
#pragma once

#include <cstdint>
#include <string>

#include "msrt/address.hpp"
#include "msrt/framer.hpp"
#include "msrt/session/types.hpp"
#include "msrt/session/udp_auth.hpp"

namespace msrt::cli {

using msrt::Direction;
using msrt::Micros;

struct Endpoint {
    Address ip;
    std::uint16_t port = 0;
    std::string str() const;  // "192.0.2.1:4342", "[2001:db8::1]:4342"
};

struct PacketRef {
    std::uint64_t frame = 0;  // 1-based, across all inputs merged (like Wireshark's frame number)
    Micros time = 0;
};

enum class SessionEnd : std::uint8_t { Fin, Rst, CaptureEnd };
enum class SessionStart : std::uint8_t { Syn, MidStream };

struct SessionInfo {
    std::uint64_t id = 0;  // 0, 1, 2 ... in order of first packet
    Endpoint etr;  // the client (connects to the MS port); guessed from the port for mid-stream starts
    Endpoint ms;
};

// A UDP LISP control message to or from port 4342 (the authentication phase before a session).
struct UdpLisp {
    Endpoint src;
    Endpoint dst;
    ByteView payload;  // the LISP message (Map-Register, Map-Notify, ...)
};

class StreamEvents {
  public:
    virtual ~StreamEvents() = default;
    // The first frame of the merged input, before any other event (a reference for relative times).
    virtual void on_capture_begin(const PacketRef& first) { (void)first; }
    // After every other event, when the input had frames: the last frame's number and the latest time of
    // any frame (a capture's timestamps may step back), the moment the capture ends.
    virtual void on_capture_end(const PacketRef& last) { (void)last; }
    virtual void on_session_open(const SessionInfo& s, SessionStart how, const PacketRef& at) = 0;
    // One whole reliable-transport message, framed by msrt::Framer from the reassembled byte stream.
    // The message comes before its offset so that it is passed in registers: as the sixth argument the span
    // went through the stack, and each forwarding stage's 16-octet reload of it missed store forwarding
    // (a fifth of the reading thread's time in perf).
    virtual void on_message(const SessionInfo& s, Direction d, const PacketRef& at, ByteView message,
                            std::uint64_t stream_offset) = 0;
    // Where on_message may be called directly, in order with every other call made here: a stage that only
    // passes messages on names the stage after it, and the reader skips a call per message.
    virtual StreamEvents& messages() { return *this; }
    virtual void on_framing_error(const SessionInfo& s, Direction d, const PacketRef& at,
                                  const FramingError& e) = 0;
    virtual void on_skipped(const SessionInfo& s, Direction d, const PacketRef& at,
                            std::uint64_t stream_offset, std::uint64_t count) = 0;
    // Octets of the stream that are not in the capture (capture loss); the framer resynchronises after it.
    virtual void on_gap(const SessionInfo& s, Direction d, const PacketRef& at, std::uint64_t stream_offset,
                        std::uint64_t count) = 0;
    // TCP-level anomalies worth reporting (retransmission with conflicting bytes, out-of-order buffer full,
    // ...).
    virtual void on_transport_note(const SessionInfo& s, Direction d, const PacketRef& at,
                                   const std::string& note) = 0;
    // Called once per session. `at` is the session's last packet: the RST; after both FINs, the ACK that
    // follows them (or the second FIN if none comes within a second); for CaptureEnd the last packet seen.
    // Fin also when only one side's FIN was seen before the captures ended. A new SYN on the same ports with
    // another ISN ends an open session as CaptureEnd (with a transport note) and opens a new one.
    virtual void on_session_close(const SessionInfo& s, SessionEnd how, const PacketRef& at) = 0;
    virtual void on_udp_lisp(const UdpLisp& u, const PacketRef& at) = 0;
    // The UDP authentication that preceded session `s`, from a stage that follows UDP on the reading side
    // (sessions/udp_auth_stage.hpp): called just before on_session_open of `s`, when one was seen.
    virtual void on_session_auth(const SessionInfo& s, const session::UdpAuth& auth) {
        (void)s;
        (void)auth;
    }
    // A packet or input problem (truncated record, unsupported link type, bad IP header ...): where and what.
    virtual void on_input_problem(const PacketRef& at, const std::string& what) = 0;
};

}  // namespace msrt::cli
