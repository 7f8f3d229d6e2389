// The consumer of the capture reader (common/stream_events.hpp) that every session command shares: it
// decodes each message through protocol/, feeds the session's Tracker, labels each session with the UDP
// authentication the UdpAuthStage in front of it found (sessions/udp_auth_stage.hpp), keeps each session's
// incidents, and tells an observer about events and ended sessions.
#pragma once

#include <array>
#include <map>
#include <memory>
#include <optional>

#include "common/stream_events.hpp"
#include "msrt/decode_slots.hpp"
#include "msrt/session/udp_auth.hpp"
#include "sessions/events.hpp"
#include "sessions/session_state.hpp"

namespace msrt::cli {

class SessionObserver {
  public:
    virtual ~SessionObserver() = default;
    // Called only when the collector was built with events wanted.
    virtual void on_event(const Event&) {}
    // The session ended (FIN, RST or end of capture); it is freed after this returns.
    virtual void on_session_end(const SessionState&) {}
    // The same, handing the session over: an observer may keep it for a while (to write it on another
    // thread), but must free it on the thread that called this (see sessions/session_output.hpp).
    virtual void on_session_end_owned(std::unique_ptr<SessionState> s) { on_session_end(*s); }
    virtual bool wants_udp_registers() const { return false; }
    virtual void on_udp_register(const Address& /*etr*/, const Address& /*ms*/, const MapRegister&, Micros) {}
};

class Collector : public StreamEvents {
  public:
    Collector(const Profile& p, SessionObserver& observer, bool want_events);

    // Ignore everything after this moment (state --at): sessions open then stay open.
    void set_cutoff(Micros at) { cutoff_ = at; }
    // The same, `after` the capture's first frame: set when that frame comes (on_capture_begin).
    void set_cutoff_after_first(Micros after) { cutoff_after_first_ = after; }
    bool past_cutoff(Micros t) const { return cutoff_ && t > *cutoff_; }
    const std::optional<Micros>& cutoff() const { return cutoff_; }
    // The latest frame time of the capture, once it was read (on_capture_end); none without frames.
    const std::optional<Micros>& capture_end() const { return capture_end_; }
    // Sessions the capture ends in stay open (state --at: they may still be up after the capture).
    void hold_capture_end() { hold_capture_end_ = true; }
    // Ends what the reader left open, as "capture end", in session order.
    void finish();

    const std::map<std::uint64_t, std::unique_ptr<SessionState>>& open_sessions() const { return open_; }
    std::uint64_t findings() const { return findings_; }
    std::uint64_t input_problems() const { return input_problems_; }
    std::uint64_t sessions_seen() const { return sessions_seen_; }

    void on_capture_begin(const PacketRef& first) override;
    void on_capture_end(const PacketRef& last) override { capture_end_ = last.time; }
    void on_session_open(const SessionInfo& s, SessionStart how, const PacketRef& at) override;
    void on_message(const SessionInfo& s, Direction d, const PacketRef& at, ByteView message,
                    std::uint64_t stream_offset) override;
    void on_framing_error(const SessionInfo& s, Direction d, const PacketRef& at,
                          const FramingError& e) override;
    void on_skipped(const SessionInfo& s, Direction d, const PacketRef& at, std::uint64_t stream_offset,
                    std::uint64_t count) override;
    void on_gap(const SessionInfo& s, Direction d, const PacketRef& at, std::uint64_t stream_offset,
                std::uint64_t count) override;
    void on_transport_note(const SessionInfo& s, Direction d, const PacketRef& at,
                           const std::string& note) override;
    void on_session_close(const SessionInfo& s, SessionEnd how, const PacketRef& at) override;
    void on_udp_lisp(const UdpLisp& u, const PacketRef& at) override;
    // From sessions/udp_auth_stage.hpp, which every command puts in front of the Collector.
    void on_session_auth(const SessionInfo& s, const session::UdpAuth& auth) override;
    // Whether UDP messages are of use here (events, or an observer of UDP Map-Registers): the stage passes
    // them on only then.
    bool wants_udp() const { return want_events_ || observer_->wants_udp_registers(); }
    void on_input_problem(const PacketRef& at, const std::string& what) override;

  private:
    SessionState* find(const SessionInfo& s, const PacketRef& at);
    // The collector's event, cleared for a new one (its storage reused), valid until the next call.
    Event& event(const SessionInfo* s, const PacketRef& at, const char* name);
    void emit(const Event& e) { observer_->on_event(e); }
    void message_events(const SessionState& s, const SessionInfo& info, const Message& m,
                        const session::Note& n, Direction d, const PacketRef& at);
    // Counts the incidents of a message that has any (has_incident, collector.cpp).
    void note_incidents(SessionState& s, const Message& m, const session::Note& n, Direction d,
                        const PacketRef& at);
    void close(SessionState& s, const SessionInfo& info, SessionEnd how, const PacketRef& at);
    void end_events(const SessionState& s, const SessionInfo& info, const PacketRef& at);

    const Profile* profile_;
    SessionObserver* observer_;
    bool want_events_;
    void say_input_problem(const PacketRef& at, const std::string& what);
    std::optional<Micros> cutoff_, cutoff_after_first_, capture_end_;
    bool hold_capture_end_ = false;
    std::map<std::uint64_t, std::unique_ptr<SessionState>> open_;  // by session id: finish() closes in order
    SessionState* last_ = nullptr;          // the session find() returned last, while it is open
    std::optional<session::UdpAuth> auth_;  // on_session_auth's, for the session opening next
    std::uint64_t auth_for_ = 0;            // that session's id
    DecodeSlots decoded_;
    Error error_;  // why the message at hand did not decode (kept: its strings are not made per message)
    session::Note note_;        // of the message at hand, reused
    Event event_, side_event_;  // event(), and the id_gap/unmatched events beside a message's own
    MapRegister udp_decoded_;
    std::uint64_t findings_ = 0, input_problems_ = 0, sessions_seen_ = 0;
};

}  // namespace msrt::cli
