// The Map-Server as a pure state machine (spec 6.1, 6.3, 6.5, 7.2): fed with UDP datagrams, session events,
// messages and time; it answers through actions that the caller carries out (sockets, or a comparison with
// a capture). It never reads a clock and never touches a socket.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "msrt/emulation/messages.hpp"
#include "msrt/emulation/policy.hpp"
#include "msrt/framer.hpp"

namespace msrt::emulation {

using SessionId = std::uint64_t;

struct Peer {
    Address ip;
    std::uint16_t port = 0;
    std::string str() const;  // "127.0.0.1:4342", "[::1]:4342"
    friend bool operator==(const Peer&, const Peer&) = default;
};

// A registration is held per xTR: two xTRs of one site may register the same prefix (spec 7.2 key).
struct RegKey {
    XtrId xtr_id{};
    Eid eid;
    friend auto operator<=>(const RegKey&, const RegKey&) = default;
    friend bool operator==(const RegKey&, const RegKey&) = default;
};

struct MsEntry {
    EidRecord record;  // as stored and echoed (A and L cleared)
    std::uint64_t site_id = 0;
    std::string site;
    Peer source;
    bool t_bit = false;
    std::optional<SessionId> session;  // none: soft state (UDP-learned, or its session went down)
    Micros expires = 0;                // soft state only
};

enum class Verdict : std::uint8_t { Registered, Rejected, Withdrawn };
const char* verdict_key(Verdict v);  // "registered", "rejected", "withdrawn"

// The Map-Server's last answer for a key: what the ETR should believe about it.
struct MsAnswer {
    Verdict verdict = Verdict::Registered;
    std::optional<NackReason> reason;
    Micros at = 0;
};

struct MsAction {
    enum class Type : std::uint8_t { Send, SendUdp, Close, Log };
    Type type = Type::Log;
    SessionId session = 0;
    Peer peer;         // SendUdp: destination
    Message message;   // Send: as encoded in `bytes`
    Bytes bytes;       // Send, SendUdp
    std::string text;  // Log
};

struct MsOptions {
    bool refresh_on_accept = true;  // Refresh scope 0 as the first message of a session (spec 6.1 step 4)
};

class MapServerModel {
  public:
    explicit MapServerModel(Policy policy, MsOptions options = {});

    // A UDP control message (Map-Register) from `from`: soft state, Map-Notify, TCP authorisation.
    void on_udp(const Peer& from, ByteView payload, Micros now);
    // Whether a TCP connection from this address may be accepted (ietf profile: after a UDP `r`
    // registration).
    bool authorised(const Address& from, Micros now) const;
    SessionId accept(const Peer& etr, Micros now);
    // One whole message received on a session (framed by msrt::Framer).
    void on_message(SessionId s, ByteView message, Micros now);
    // The framer lost the stream: answer with an Error Notification quoting `header`, then close.
    void on_framing_error(SessionId s, const FramingError& e, ByteView header, Micros now);
    // The session went down (FIN, RST, error): its registrations become soft state (spec 6.5).
    void on_session_closed(SessionId s, Micros now);
    // A new policy: scoped Refreshes for what it changes (docs/emulation.md).
    void set_policy(Policy policy, Micros now);
    // A new policy for later Registrations only: no Refresh, no revocation (offline replay of a Map-Server
    // whose configuration changes are known by time only).
    void replace_policy(Policy policy) { policy_ = std::move(policy); }
    // Expires soft state and stale authorisations.
    void tick(Micros now);
    std::optional<Micros> next_deadline() const;

    std::vector<MsAction> take_actions();

    const Policy& policy() const { return policy_; }
    const std::map<RegKey, MsEntry>& table() const { return table_; }
    const std::map<RegKey, MsAnswer>& answers() const { return answers_; }
    std::size_t open_sessions() const { return sessions_.size(); }
    bool session_open(SessionId s) const { return sessions_.count(s) != 0; }

  private:
    struct Rejection {
        NackReason reason{};
        EidRecord record;
    };
    struct Session {
        Peer etr;
        IdCounter ids;
        std::map<RegKey, Rejection> rejected;  // kept for Refresh R=1 after a policy change
        std::set<RegKey> registered;           // keys of table_ bound to this session
    };
    struct RecordCheck {
        std::optional<NackReason> reason;
        const Site* site = nullptr;
    };
    struct RefreshGroup {
        std::vector<Eid> keys;
        bool resend_all = false;
    };
    using RefreshPlan = std::map<Eid, RefreshGroup>;  // by the region (site prefix) that scopes it

    // messages
    void on_registration(SessionId id, Session& s, const Registration& r, ByteView message, Micros now);
    void answer_record(SessionId id, Session& s, const MapRegister& mr, const EidRecord& rec,
                       const std::optional<NackReason>& auth, Micros now);
    void accept_record(SessionId id, Session& s, const MapRegister& mr, const EidRecord& rec,
                       const Site& site, Micros now);
    void reject_record(SessionId id, Session& s, const RegKey& key, const EidRecord& rec, NackReason why,
                       Micros now);
    void on_other(SessionId id, Session& s, const Message& m, ByteView bytes);
    void send(SessionId id, Session& s, Message m);
    void log(SessionId id, std::string text);
    void error_reply(SessionId id, Session& s, ErrorCode code, ByteView offending);
    // validation (ms_validate.cpp)
    std::optional<NackReason> check_auth(const MapRegister& mr, ByteView mr_bytes, const Site& site) const;
    RecordCheck check_record(const RegKey& key, const EidRecord& rec, const Policy& p,
                             std::size_t extra) const;
    std::size_t site_count(const std::string& site) const;
    // table upkeep
    void install(const RegKey& key, MsEntry e);
    void remove(const RegKey& key);
    void make_soft(const RegKey& key, Micros now);
    // UDP (ms_udp.cpp)
    void answer_udp(const Peer& from, const MapRegister& mr, const std::vector<EidRecord>& accepted,
                    const Site& site);
    // policy change (ms_policy_change.cpp)
    void replan_session(Session& s, const Policy& old, RefreshPlan& plan, Micros now);
    void recheck_soft();
    void send_plan(SessionId id, Session& s, const RefreshPlan& plan);
    bool key_changed(const Policy& old, const Eid& eid) const;

    Policy policy_;
    MsOptions options_;
    SessionId next_session_ = 1;
    std::map<SessionId, Session> sessions_;
    std::map<RegKey, MsEntry> table_;
    std::map<RegKey, MsAnswer> answers_;
    std::map<std::string, std::size_t> per_site_;    // registered keys per site (max-prefixes)
    std::multimap<Micros, RegKey> expiry_;           // soft-state deadlines, checked lazily against table_
    std::multimap<Address, Micros> authorisations_;  // UDP `r` registrations not yet used by a session
    std::vector<MsAction> actions_;
};

}  // namespace msrt::emulation
