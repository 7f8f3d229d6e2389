// The simulation of one ETR-Map-Server pair over time: the UDP Map-Register / Map-Notify phase, then TCP
// sessions one after another, with both applications behaving as spec section 6 describes, the network in
// between and a tap next to the Map-Server. Packets come out in capture (timestamp) order, lazily, so any
// number of links can be merged into one capture with memory bounded by what is in flight.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "synth/connection.hpp"
#include "synth/impairments.hpp"
#include "synth/rng.hpp"
#include "synth/scenario.hpp"

namespace msrt::synth {

// Members of an instance for RLOC-membership distribution: (Site-ID, RLOC).
using Members = std::map<std::uint32_t, std::vector<std::pair<std::uint64_t, Address>>>;

struct LinkSetup {
    const Scenario* scenario = nullptr;  // globals: profile, network, impairments, end
    EtrConfig etr;
    MsConfig ms;
    std::vector<Action> actions;  // this pair's actions, in time order
    const Members* members = nullptr;
    std::uint64_t index = 0;  // distinguishes the random streams of links
    bool keep_messages = true;
    bool keep_table = true;
};

enum Note : std::uint8_t {
    kNoteRetransmission = 1,
    kNoteDuplicate = 2,
    kNoteOutOfOrder = 4,
    kNoteOvertaking = 8,
    kNoteAfterGap = 16,
};

// A captured packet, ready to be written.
struct Emitted {
    Micros time = 0;  // since the scenario start
    std::uint64_t order = 0;
    Bytes frame;
    SessionTruth* session = nullptr;
    Connection* conn = nullptr;
    bool tcp = false;
    bool syn = false;
    bool rst = false;
    bool udp_auth = false;  // the Map-Register the session's udp_auth describes
    int side = 0;
    std::uint8_t notes = 0;
    std::uint64_t gap_octets = 0;
    // capture bookkeeping, not written
    std::uint64_t space_begin = 0, space_end = 0;
    std::uint64_t data_begin = 0, data_end = 0;
    bool at_boundary = false;
    bool drop = false;  // capture loss: the network delivers it, the tap misses it
};

class LinkSim {
  public:
    explicit LinkSim(LinkSetup setup);
    ~LinkSim();

    // Time of the next captured packet, running the simulation as far as needed; nullopt when done.
    std::optional<Micros> peek();
    Emitted& front() { return *ready_; }
    void pop();  // the merger is done with front()
    // Sessions whose every packet has been handed out (or that the capture end cut off, after finish()).
    std::vector<std::unique_ptr<SessionTruth>> take_finished();
    void finish();

    // Used by Connection and the applications.
    Micros now() const { return now_; }
    const Scenario& scenario() const { return *setup_.scenario; }
    void transmit(Connection& c, int side, Segment seg);
    void arm_timer(Connection& c, int side, TimerKind kind, Micros at, std::uint64_t generation);
    void on_established(Connection& c, int side);
    void on_readable(Connection& c, int side, std::uint64_t stream_end);
    void on_peer_fin(Connection& c, int side);
    void on_reset(Connection& c, int side);

  private:
    enum class Ev : std::uint8_t {
        Deliver,
        Timer,
        AppWake,
        Action,
        UdpToMs,
        UdpToEtr,
        Connect,
        InitialRefresh,
        ReleaseHeld,
        StartUdp,
        ResetRetry,
    };
    struct Event {
        Micros time = 0;
        std::uint64_t order = 0;
        Ev kind{};
        int side = 0;
        TimerKind timer{};
        std::uint64_t gen = 0;
        Connection* conn = nullptr;
        std::size_t index = 0;
        Segment seg;
    };
    struct Mapping {
        EidConfig cfg;            // cfg.locators empty: the ETR's default locator set
        std::uint64_t nonce = 0;  // of the UDP Map-Register that carried it last
        bool active = true;       // configured; false once withdrawn
        bool nacked = false;      // the Map-Server's last answer was a NACK
    };
    struct UdpMessage {
        MapRegister reg;
        std::string key;
        bool described = false;  // the one the session's udp_auth describes
    };

    // link_sim.cpp: events, network, tap
    static Event event(Micros time, Ev kind, Connection* c = nullptr, int side = 0);
    void schedule(Event e);
    void run(Event& e);
    void push_tap(Emitted item);
    bool admit(Emitted& item);
    void send_now(Connection& c, int side, Segment seg, std::uint8_t notes, bool drop, Micros extra);
    void impair(Connection& c, int side, Segment seg, Impairment imp);
    void lose_after_tap(Connection& c, int side, Segment seg);
    void release_held(Connection& c, int side, Micros extra, std::uint8_t notes);
    Bytes tcp_frame(Connection& c, int side, const Segment& seg);
    Micros serialise(int side, std::size_t frame_size, Micros ready);
    Micros one_way(int side) const;
    Micros to_tap(int side) const;
    void check_done(Connection& c);
    void finalize(Connection& c);
    void note_trailing_loss(Connection& c);

    // link_udp.cpp: the UDP Map-Register / Map-Notify phase and the TCP connect
    void start_udp();
    Connection& open_connection();
    std::vector<std::pair<std::string, std::vector<std::size_t>>> udp_groups() const;
    void pack_udp(const std::string& key, const std::vector<std::size_t>& members);
    void udp_to_ms(Connection& c, std::size_t index);
    void udp_to_etr(Connection& c);
    void connect(Connection& c);
    void send_udp(Connection& c, int side, const MapRegister& m, bool udp_auth, std::size_t index,
                  Micros ready);
    std::unique_ptr<SessionTruth> new_truth(std::uint16_t etr_port);
    Hop make_hop(int side) const;

    // link_apps.cpp: the applications
    std::uint32_t send(Connection& c, int side, const Message& m, MessageTruth info,
                       std::optional<EidRecord> record = std::nullopt);
    std::uint32_t send_encoded(Connection& c, int side, Bytes bytes, MessageTruth info,
                               std::optional<EidRecord> record = std::nullopt,
                               std::size_t mapping = SIZE_MAX);
    void wake(Connection& c, int side);
    void ms_handle(Connection& c, const AppMessage& m);
    void ms_registration(Connection& c, const AppMessage& m);
    void ms_membership(Connection& c, const AppMessage& m);
    void ms_elements(Connection& c, Kind kind, std::uint16_t afi, std::uint32_t iid);
    void etr_handle(Connection& c, const AppMessage& m);
    void etr_refresh(Connection& c, const AppMessage& m);
    void send_registration(Connection& c, Mapping& mp, bool withdraw);
    void initial_refresh(Connection& c);
    bool fault(Connection& c, double p, const char* kind, const AppMessage& m, Direction dir);
    void close_side(Connection& c, int side, bool rst);
    Micros processing_delay(int side, std::size_t messages);

    // link_actions.cpp: the scenario's timeline
    void act(const Action& a);
    // The session if `side` can send on it; otherwise null, with a warning unless `quiet`.
    Connection* live(const Action& a, int side, bool quiet = false);
    void act_register(const Action& a);
    void act_withdraw(const Action& a);
    void act_refresh(const Action& a, Connection& c);
    void act_error(const Action& a, Connection& c);
    void act_membership(const Action& a, Connection& c);
    Mapping* find_mapping(const Eid& eid);
    const std::vector<Locator>& locators(const Mapping& m) const {
        return m.cfg.locators.empty() ? default_locators_ : m.cfg.locators;
    }
    void warn(const Action& a, const std::string& what) const;

    LinkSetup setup_;
    Micros now_ = 0;
    std::uint64_t order_ = 0;
    Rng rng_;
    Rng impair_rng_;
    Rng fault_rng_;              // drawn only when the scenario has faults, so other captures do not change
    std::vector<Event> events_;  // binary heap
    std::vector<Emitted> tap_;   // binary heap
    std::optional<Emitted> ready_;
    std::array<Micros, 2> link_free_{};
    std::array<Micros, 2> last_arrival_{};
    std::array<std::uint16_t, 2> ip_id_{};
    std::uint16_t next_port_ = 0;
    Micros notify_ready_ = 0;  // when the Map-Server's last Map-Notify was ready to go

    std::vector<Mapping> mappings_;
    std::vector<Locator> default_locators_;
    std::map<Eid, std::size_t> mapping_index_;  // built on first use: only actions look mappings up by EID
    std::map<Eid, NackReason> rejects_;         // the Map-Server's policy for this ETR
    std::vector<UdpMessage> udp_;
    std::vector<std::unique_ptr<Connection>> conns_;
    Connection* current_ = nullptr;  // the session being set up or up
    std::vector<std::unique_ptr<SessionTruth>> finished_;
    bool finishing_ = false;
};

}  // namespace msrt::synth
