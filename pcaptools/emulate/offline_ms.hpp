// `msrt emulate ms --policy P CAPTURE`: the ETR side of each session drives the Map-Server model, and the
// model's answers are compared, message by message, with what the real Map-Server sent.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <vector>

#include "common/stream_events.hpp"
#include "emulate/differences.hpp"
#include "emulate/expectations.hpp"
#include "msrt/emulation/ms_model.hpp"

namespace msrt::cli {

class ConversationSink;

class OfflineMs final : public StreamEvents {
  public:
    OfflineMs(std::vector<emulation::TimedPolicy> schedule, DifferenceReport& report, ConversationSink* out);

    void on_capture_begin(const PacketRef& first) override { first_packet_ = first.time; }
    void on_session_open(const SessionInfo& s, SessionStart how, const PacketRef& at) override;
    void on_message(const SessionInfo& s, Direction d, const PacketRef& at, ByteView message,
                    std::uint64_t offset) override;
    void on_framing_error(const SessionInfo& s, Direction d, const PacketRef& at,
                          const FramingError& e) override;
    void on_skipped(const SessionInfo&, Direction, const PacketRef&, std::uint64_t, std::uint64_t) override {}
    void on_gap(const SessionInfo& s, Direction d, const PacketRef& at, std::uint64_t offset,
                std::uint64_t count) override;
    void on_transport_note(const SessionInfo&, Direction, const PacketRef&, const std::string&) override {}
    void on_session_close(const SessionInfo& s, SessionEnd how, const PacketRef& at) override;
    void on_udp_lisp(const UdpLisp& u, const PacketRef& at) override;
    void on_input_problem(const PacketRef&, const std::string&) override {}

    std::uint64_t sessions() const { return sessions_seen_; }
    std::uint64_t compared() const { return compared_; }

  private:
    struct Server {
        emulation::MapServerModel model;
        std::size_t next_policy = 1;
    };
    struct Session {
        Server* server = nullptr;
        emulation::SessionId sid = 0;
        Expectations expect;
        bool gap_etr = false, gap_ms = false, mid_stream = false;
        std::vector<Difference> found;  // reported when the session ends, when capture loss is known
        std::set<Eid> folded;           // a Mapping Notification already accounted for by a differing answer
        std::uint64_t last_answer = 0;  // production order of the last expected answer matched
    };

    Server& server_for(const Endpoint& ms, Micros t);
    void apply_schedule(Server& srv, Micros t);
    void collect(Session& s, const SessionInfo& info, const PacketRef& trigger, std::uint32_t trigger_id,
                 bool expect_sends);
    void compare(Session& s, const SessionInfo& info, const PacketRef& at, const Message& actual);
    void compare_answer(Session& s, const SessionInfo& info, const PacketRef& at, const Expected& e,
                        const Message& actual);
    void compare_notification(Session& s, const SessionInfo& info, const PacketRef& at, const Expected& e,
                              const Message& actual);
    void unsolicited(Session& s, const SessionInfo& info, const PacketRef& at, const Message& actual);
    Difference difference(const SessionInfo& info, Difference::Kind k, const PacketRef& at,
                          const Message* actual) const {
        return difference_at(info, k, at, actual, default_profile());  // the tables agree across profiles
    }
    Micros policy_time(const emulation::TimedPolicy& p) const;

    std::vector<emulation::TimedPolicy> schedule_;
    DifferenceReport& report_;
    ConversationSink* out_;
    std::map<Address, std::unique_ptr<Server>> servers_;
    std::map<std::uint64_t, Session> sessions_;
    Micros first_packet_ = 0;
    std::uint64_t sessions_seen_ = 0, compared_ = 0;
};

}  // namespace msrt::cli
