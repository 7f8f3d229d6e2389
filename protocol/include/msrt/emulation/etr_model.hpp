// The ETR as a pure state machine (spec 6.1, 6.2, 6.6, 6.7, 7.1): UDP Map-Register (with `r` in the ietf
// profile), Map-Notify, then TCP; it answers each Refresh by scope and R flag and tracks every key as
// pending, registered, rejected or withdrawn. Time is passed in; the caller owns the sockets.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "msrt/emulation/etr_config.hpp"
#include "msrt/emulation/messages.hpp"

namespace msrt::emulation {

enum class EtrState : std::uint8_t { Udp, AuthWait, Connecting, Syncing, Established };
const char* etr_state_key(EtrState s);  // "udp", "udp_auth_wait", "connecting", "syncing", "established"

enum class KeyStatus : std::uint8_t { Unsent, Pending, Registered, Rejected, Withdrawn };
const char* key_status_key(KeyStatus s);

// A Registration sent and not answered yet.
struct InFlight {
    bool withdrawal = false;
    KeyStatus before = KeyStatus::Unsent;  // the key's status when it was sent (to retract it)
};

struct EtrKey {
    KeyStatus status = KeyStatus::Unsent;
    std::optional<NackReason> reason;
    std::vector<InFlight> inflight;    // oldest first
    std::optional<EidRecord> ms_view;  // the last Mapping Notification: the Map-Server's view (spec 6.2)
    Micros sent_at = 0;
    Micros answered_at = 0;

    std::size_t pending() const { return inflight.size(); }
};

struct EtrAction {
    enum class Type : std::uint8_t { SendUdp, Connect, Send, Close, Log };
    Type type = Type::Log;
    Message message;   // Send
    Bytes bytes;       // Send, SendUdp
    std::string text;  // Log
};

struct EtrCounters {
    std::uint64_t registrations = 0, acks = 0, nacks = 0, notifications = 0, refreshes = 0, sessions = 0;
};

class EtrModel {
  public:
    explicit EtrModel(EtrConfig config);

    void start(Micros now);                     // begins with a UDP Map-Register
    void on_udp(ByteView payload, Micros now);  // a Map-Notify
    void on_connected(Micros now);
    void on_connect_failed(Micros now);
    void on_message(ByteView message, Micros now);
    void on_closed(Micros now);  // the TCP session went down
    void tick(Micros now);       // timers and scheduled changes
    std::optional<Micros> next_deadline() const;

    // Local configuration changes: sent at once while a session is up, otherwise on the next Refresh.
    void set_mapping(Mapping m, Micros now);
    void withdraw(const Eid& eid, Micros now);
    // A Registration the real ETR sent unasked (offline emulation): taken as a local change already sent.
    void observe_registration(const EidRecord& rec, Micros now);
    // The mapping set a real ETR announced over UDP before a session (offline emulation): keys it no longer
    // lists were removed while no session was up, keys it adds are learned as announced.
    void adopt_mappings(const std::vector<EidRecord>& announced);
    // The newest Registration of `key` the model counted as sent never was (offline emulation: the real ETR
    // did not answer a Refresh); the key gets back the status it had.
    void retract(const Eid& key);

    std::vector<EtrAction> take_actions();

    EtrState state() const { return state_; }
    const EtrConfig& config() const { return config_; }
    const std::map<Eid, Mapping>& mappings() const { return mappings_; }
    const std::map<Eid, EtrKey>& table() const { return table_; }
    const EtrCounters& counters() const { return counters_; }
    bool has_pending() const { return pending_ > 0; }
    bool script_done() const { return next_change_ >= config_.changes.size(); }
    // The Registration the ETR would send for `m` (also what offline emulation expects).
    Message registration_for(const Mapping& m, bool withdraw) const;

  private:
    void send_udp_register(Micros now);
    void send_registration(const Mapping& m, bool withdraw, Micros now);
    void note_sent(const Eid& key, bool withdraw, Micros now);
    bool connected() const { return state_ == EtrState::Syncing || state_ == EtrState::Established; }
    void on_refresh(const RegistrationRefresh& f, Micros now);
    void on_answer(const Eid& key, std::optional<NackReason> nack, Micros now);
    void on_notification(const MappingNotification& n);
    void on_error(const ErrorNotification& e, Micros now);
    void settle(Micros now);
    void drop_session(Micros now, const std::string& why);
    void retry_later(Micros now);
    void run_changes(Micros now);
    void act(EtrAction::Type type, Bytes bytes = {}, Message m = {});
    void log(std::string text);

    EtrConfig config_;
    EtrState state_ = EtrState::Udp;
    std::map<Eid, Mapping> mappings_;
    std::map<Eid, EtrKey> table_;
    IdCounter ids_;
    std::uint64_t nonce_ = 0;
    std::uint32_t attempt_ = 0;
    Micros deadline_ = 0;       // of the current state's timer (UDP period, Map-Notify wait, connect)
    Micros backoff_ = kSecond;  // TCP retry backoff, doubling up to the UDP period (spec 6.7)
    std::optional<Micros> established_at_;
    std::size_t next_change_ = 0;
    unsigned pending_ = 0;
    bool refreshed_ = false;  // the first Refresh of this session has arrived
    Micros progress_at_ = 0;  // the session's last sign of life: connect, Refresh or answer
    EtrCounters counters_;
    std::vector<EtrAction> actions_;
};

}  // namespace msrt::emulation
