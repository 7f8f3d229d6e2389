// `msrt emulate etr --config C CAPTURE`: the Map-Server side of each session drives the ETR model, and the
// Registrations the model would send are compared with the real ETR's. A Registration the model did not
// ask for is a local change of the real ETR: the model learns it, unless it changes nothing.
#pragma once

#include <map>
#include <memory>
#include <vector>

#include "common/stream_events.hpp"
#include "emulate/differences.hpp"
#include "emulate/expectations.hpp"
#include "msrt/emulation/etr_model.hpp"

namespace msrt::cli {

class ConversationSink;

class OfflineEtr final : public StreamEvents {
  public:
    OfflineEtr(emulation::EtrConfig config, DifferenceReport& report, ConversationSink* out);

    void on_session_open(const SessionInfo& s, SessionStart how, const PacketRef& at) override;
    void on_message(const SessionInfo& s, Direction d, const PacketRef& at, ByteView message,
                    std::uint64_t offset) override;
    void on_framing_error(const SessionInfo&, Direction, const PacketRef&, const FramingError&) override {}
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
    struct Session {
        emulation::EtrModel* model = nullptr;
        Expectations expect;
        bool gap_etr = false, gap_ms = false, mid_stream = false;
        std::vector<Difference> found;  // reported when the session ends, when capture loss is known
    };

    emulation::EtrModel& model_for(const SessionInfo& info);
    void collect(Session& s, const SessionInfo& info, const PacketRef& trigger, std::uint32_t trigger_id);
    void on_registration(Session& s, const SessionInfo& info, const PacketRef& at, const Message& m);
    void compare_record(Session& s, const SessionInfo& info, const PacketRef& at, const Message& m,
                        const EidRecord& rec);
    void expire(Session& s, const SessionInfo& info, const PacketRef& at);
    void report_missing(Session& s, const SessionInfo& info, const PacketRef& at, std::deque<Expected> gone,
                        bool verifiable);
    Difference difference(const SessionInfo& info, Difference::Kind k, const PacketRef& at,
                          const Message* actual) const {
        return difference_at(info, k, at, actual, *config_.profile);
    }

    emulation::EtrConfig config_;
    DifferenceReport& report_;
    ConversationSink* out_;
    // One ETR model per (ETR address, Map-Server address): what it learned survives its sessions.
    std::map<std::pair<Address, Address>, std::unique_ptr<emulation::EtrModel>> models_;
    std::map<std::uint64_t, Session> sessions_;
    // Records of the UDP Map-Registers each (ETR, Map-Server) sent since its last session.
    std::map<std::pair<Address, Address>, std::vector<EidRecord>> announced_;
    std::uint64_t sessions_seen_ = 0, compared_ = 0;
};

}  // namespace msrt::cli
