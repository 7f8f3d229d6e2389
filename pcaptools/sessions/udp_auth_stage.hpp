// Follows the UDP authentication phase (session/udp_auth.hpp) on the capture-reading side, in front of the
// Collector, and hands each session its result (StreamEvents::on_session_auth) just before it opens.
//
// Why a stage of its own: an ETR's UDP Map-Register and the Map-Notify that answers it carry every EID
// record of the ETR, as many as its whole session. Only their headers matter here (the nonce, the r bit);
// following them where the captures are read keeps even that off the thread that decodes and tracks the
// sessions, the one that sets the pace of `msrt sessions`.
// The UDP messages go on to the Collector only when it has a use for them (events, `msrt state`).
#pragma once

#include "common/pipelined_events.hpp"
#include "common/stream_events.hpp"
#include "msrt/map_register.hpp"
#include "msrt/session/udp_auth.hpp"

namespace msrt::cli {

// Aligned for the reason PipelinedEvents is: the reader calls through it for every message, and it lives
// on the stack beside objects the consumer thread writes.
class alignas(kApart) UdpAuthStage final : public StreamEvents {
  public:
    UdpAuthStage(StreamEvents& next, bool forward_udp) : next_(next), forward_udp_(forward_udp) {}

    void on_udp_lisp(const UdpLisp& u, const PacketRef& at) override;
    void on_session_open(const SessionInfo& s, SessionStart how, const PacketRef& at) override;

    void on_capture_begin(const PacketRef& first) override { next_.on_capture_begin(first); }
    void on_capture_end(const PacketRef& last) override { next_.on_capture_end(last); }
    void on_message(const SessionInfo& s, Direction d, const PacketRef& at, ByteView message,
                    std::uint64_t stream_offset) override {
        next_.on_message(s, d, at, message, stream_offset);
    }
    StreamEvents& messages() override { return next_.messages(); }
    void on_framing_error(const SessionInfo& s, Direction d, const PacketRef& at,
                          const FramingError& e) override {
        next_.on_framing_error(s, d, at, e);
    }
    void on_skipped(const SessionInfo& s, Direction d, const PacketRef& at, std::uint64_t stream_offset,
                    std::uint64_t count) override {
        next_.on_skipped(s, d, at, stream_offset, count);
    }
    void on_gap(const SessionInfo& s, Direction d, const PacketRef& at, std::uint64_t stream_offset,
                std::uint64_t count) override {
        next_.on_gap(s, d, at, stream_offset, count);
    }
    void on_transport_note(const SessionInfo& s, Direction d, const PacketRef& at,
                           const std::string& note) override {
        next_.on_transport_note(s, d, at, note);
    }
    void on_session_close(const SessionInfo& s, SessionEnd how, const PacketRef& at) override {
        next_.on_session_close(s, how, at);
    }
    void on_session_auth(const SessionInfo& s, const session::UdpAuth& auth) override {
        next_.on_session_auth(s, auth);
    }
    void on_input_problem(const PacketRef& at, const std::string& what) override {
        next_.on_input_problem(at, what);
    }

  private:
    StreamEvents& next_;
    bool forward_udp_;
    session::UdpAuthTracker tracker_;
};

}  // namespace msrt::cli
