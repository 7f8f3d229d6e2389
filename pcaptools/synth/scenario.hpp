// What `msrt synth` generates: the Map-Servers, the ETRs with their EID prefixes, the network, the
// impairments and a timeline of actions. docs/scenario.md describes the file format.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "msrt/map_register.hpp"
#include "msrt/profile.hpp"

namespace msrt::synth {

using Micros = std::int64_t;

struct MsConfig {
    std::string name;
    Address address;
    std::vector<std::uint32_t> membership_iids;  // instances whose RLOC membership it distributes
};

struct EidConfig {
    Eid eid;
    std::vector<Locator> locators;   // empty: the ETR's RLOCs, as registered (L and R set)
    std::uint32_t ttl = 1440;        // minutes (Cisco)
    std::optional<NackReason> nack;  // the Map-Server rejects it, for this reason
    std::string key;                 // signing key; empty: the ETR's
    std::optional<bool> as_lcaf;  // encoding of the EID in the Registration; default: IID LCAF unless IID 0
};

struct EtrConfig {
    std::string name;
    std::vector<std::string> ms;  // the Map-Servers it registers with, one session each
    std::vector<Address> rlocs;   // the first of the Map-Server's family is the transport address
    XtrId xtr_id{};
    std::uint64_t site_id = 0;
    std::string key;
    Micros start = 0;  // the first UDP Map-Register
    std::vector<EidConfig> eids;
};

enum class ActionKind {
    Register,
    Withdraw,
    Connect,
    Close,
    Refresh,
    Accept,
    Reject,
    Error,
    Subscribe,
    Unsubscribe,
    MembershipRefresh,
    ElementAdd,
    ElementRemove,
};

struct Action {
    Micros at = 0;
    ActionKind kind{};
    bool by_ms = false;  // the Map-Server acts (otherwise the ETR)
    std::string etr;
    std::string ms;  // the Map-Server acting, or for ETR actions the one session it is limited to ("": all)
    int line = 0;
    EidConfig eid;  // Register, Withdraw, Accept, Reject (eid.nack holds the reason)
    Scope scope = Scope::All;
    Eid target;  // Refresh scopes 1-4: the IID, family or prefix
    bool rejected_only = false;
    ErrorCode error = ErrorCode::UnknownType;
    bool rst = false;
    std::optional<Micros> reconnect;  // Close: the ETR starts again this long after the session is gone
    std::uint32_t iid = 0;            // membership
    std::uint16_t afi = 1;
    Address rloc;
    std::uint64_t site_id = 0;
};

struct Impairments {
    double retransmission = 0;  // probability per eligible data segment
    double out_of_order = 0;
    double duplicate = 0;
    double capture_loss = 0;
    std::optional<Micros> mid_stream;  // the capture starts this long after the scenario start
    bool any() const {
        return retransmission > 0 || out_of_order > 0 || duplicate > 0 || capture_loss > 0 || mid_stream;
    }
};

// Peer misbehaviour, for testing the tools that check peers (msrt emulate): probabilities per eligible event.
struct Faults {
    double wrong_nack = 0;      // the Map-Server NACKs what it should ACK, or NACKs with another reason
    double skip_answer = 0;     // the Map-Server leaves a Registration unanswered
    double ignore_refresh = 0;  // the ETR ignores a Refresh that asks for something
    bool any() const { return wrong_nack > 0 || skip_answer > 0 || ignore_refresh > 0; }
};

struct Network {
    std::optional<std::uint16_t> vlan;
    std::uint16_t mss = 0;  // 0: what the link allows (1460 over IPv4, 1440 over IPv6)
    Micros rtt = 24'000;
    std::uint16_t window = 65535;
    Micros delayed_ack = 40'000;
    std::uint64_t etr_bandwidth = 100'000'000;  // bit/s of the path from the ETR
    std::uint64_t ms_bandwidth = 1'000'000'000;
};

struct Scenario {
    std::string name = "synth";
    std::uint64_t seed = 1;
    const Profile* profile = &default_profile();
    Network net;
    Impairments impair;
    Faults faults;
    std::optional<Micros> end;  // the capture stops; sessions still up end as "capture_end"
    std::vector<MsConfig> ms;
    std::vector<EtrConfig> etrs;
    std::vector<Action> actions;  // in time order (file order for equal times)

    const MsConfig* find_ms(std::string_view name) const;
    const EtrConfig* find_etr(std::string_view name) const;
};

struct ScenarioError {
    int line = 0;  // 0: not tied to a line
    std::string what;
};

std::variant<Scenario, ScenarioError> parse_scenario(std::string_view text);

// Value syntax shared by the scenario file and the command-line flags.
std::optional<Micros> parse_duration(std::string_view text);  // "1.5s", "200ms", "40us", "2m", "3" (seconds)
std::optional<std::uint64_t> parse_rate(std::string_view text);  // "100mbit", "1gbit", "64kbit", bit/s
std::optional<double> parse_probability(std::string_view text);  // "0.05" or "5%"
std::optional<std::uint64_t> parse_uint(std::string_view text, std::uint64_t max);
std::optional<XtrId> parse_xtr_id(std::string_view text);                   // 32 hex digits, optional 0x
std::optional<std::vector<Locator>> parse_locators(std::string_view text);  // ADDR/PRIO/WEIGHT,...
std::optional<std::uint16_t> parse_family(std::string_view text);           // ipv4 | ipv6 | mac, as an AFI
std::optional<ErrorCode> parse_error_code(std::string_view text, const Profile& profile);
std::optional<NackReason> parse_reason(std::string_view text, const Profile& profile);

// The default locator set: every RLOC, priority 1, weights sharing 100.
std::vector<Locator> default_locators(const std::vector<Address>& rlocs);

}  // namespace msrt::synth
