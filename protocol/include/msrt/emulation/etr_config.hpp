// The emulated ETR's configuration: its key, xTR-ID, locators and EID mappings, plus timed local changes
// for scripted runs (docs/emulation.md gives the file format).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "msrt/emulation/config_text.hpp"
#include "msrt/map_register.hpp"
#include "msrt/profile.hpp"

namespace msrt::emulation {

struct Mapping {
    Eid eid;
    std::vector<Locator> locators;   // empty in the file: the ETR's default locator set
    std::uint32_t ttl = 1440;        // minutes (Cisco's value, spec 4.2)
    std::optional<std::string> key;  // signs this mapping's Registrations instead of the ETR key
    // The record exactly as last sent, when it was learned from a capture: re-sent as is (EID encoding,
    // flags, locators), since a real ETR keeps its own habits (offline emulation).
    std::optional<EidRecord> as_sent;
};

struct ScheduledChange {
    enum class Type : std::uint8_t { Map, Withdraw };
    Micros after = 0;  // after the ETR first reaches ESTABLISHED
    Type type = Type::Map;
    Mapping mapping;
};

struct EtrConfig {
    const Profile* profile = &default_profile();
    std::string key;
    std::uint8_t key_id = 0;
    std::uint8_t alg_id = wire::lisp::kAlgHmacSha1_96;
    XtrId xtr_id{};
    std::uint64_t site_id = 0;
    std::vector<Locator> rlocs;  // default locator set
    std::vector<Mapping> mappings;
    std::vector<ScheduledChange> changes;
    Micros udp_period = 60 * kSecond;      // UDP Map-Register period while no session is up (spec 6.9)
    Micros answer_timeout = 30 * kSecond;  // outstanding-ACK guard (spec 6.9)
    Micros notify_timeout = 3 * kSecond;   // UDP-AUTH-WAIT
    Micros connect_timeout = 10 * kSecond;
    Micros refresh_window = 1 * kSecond;  // offline: how long an ETR may take to answer a Refresh
};

// A locator as an ETR registers it: priority 1, weight 100, M-priority 255, flags L|R (spec 4.2, [C]).
Locator make_locator(const Address& rloc, std::uint8_t priority = 1, std::uint8_t weight = 100);

// A missing key is not an error here (offline emulation needs none); the live ETR insists on one.
Result<EtrConfig> parse_etr_config(std::string_view text);

}  // namespace msrt::emulation
