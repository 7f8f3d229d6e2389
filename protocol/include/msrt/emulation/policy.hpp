// The emulated Map-Server's configuration: sites with their instance IDs, EID prefixes, locators and keys
// (docs/emulation.md gives the file format).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "msrt/emulation/config_text.hpp"
#include "msrt/profile.hpp"

namespace msrt::emulation {

struct SitePrefix {
    Eid eid;                      // "[1000] *" (no address) admits the whole instance
    bool more_specifics = false;  // also admit prefixes it covers (Cisco "accept-more-specifics")

    bool admits(const Eid& key) const {
        return more_specifics || eid.prefix.afi == 0 ? eid.covers(key) : eid == key;
    }
    friend bool operator==(const SitePrefix&, const SitePrefix&) = default;
};

// A prefix the site refuses with a chosen NACK reason (an administrative rule, and a way to produce any
// reason on demand). It admits nothing; it applies to exactly its prefix, or to those it covers.
struct DenyRule {
    Eid eid;
    NackReason reason = NackReason::Unspecified;
    bool more_specifics = false;

    bool applies(const Eid& key) const { return more_specifics ? eid.covers(key) : eid == key; }
    friend bool operator==(const DenyRule&, const DenyRule&) = default;
};

struct Site {
    std::string name;
    std::string key;                     // HMAC key of the site's Map-Registers
    bool allow_unauthenticated = false;  // Algorithm ID 0 accepted (spec 9 item 12)
    std::vector<SitePrefix> prefixes;
    std::vector<Eid> rlocs;                   // allowed locator prefixes (IID 0); empty: any locator
    std::optional<std::size_t> max_prefixes;  // beyond this many registered keys: NACK reason 4
    std::vector<DenyRule> denied;

    bool locator_allowed(const Address& rloc) const;
    std::optional<NackReason> denial(const Eid& key) const;
    friend bool operator==(const Site&, const Site&) = default;
};

// Which Error Notifications the Map-Server sends besides those for bad framing (spec 6.8 leaves it open).
enum class ErrorReplies : std::uint8_t { Framing, All };

struct Policy {
    const Profile* profile = &default_profile();
    Micros soft_state = 180 * kSecond;    // life of a closed session's registrations (spec 6.5)
    Micros authorisation = 60 * kSecond;  // how long a UDP `r` authentication admits a TCP connection
    ErrorReplies errors = ErrorReplies::Framing;
    std::vector<Site> sites;

    struct Match {
        const Site* site = nullptr;
        const SitePrefix* prefix = nullptr;
    };
    // The most specific site prefix admitting `key`.
    std::optional<Match> match(const Eid& key) const;
    // The most specific site prefix covering `key`, whether or not it admits it (to scope refreshes).
    std::optional<Match> covering(const Eid& key) const;
    const Site* site(std::string_view name) const;
};

Result<Policy> parse_policy(std::string_view text);

// A policy that changes over time (offline emulation): `at TIME` lines split the file into complete policies,
// each in force from its time on. TIME is seconds after the first packet of the capture, or epoch seconds
// when it is above 10^9. The part before the first `at` is in force from the start.
struct TimedPolicy {
    Micros at = 0;
    bool absolute = false;
    Policy policy;
};
Result<std::vector<TimedPolicy>> parse_policy_schedule(std::string_view text);

}  // namespace msrt::emulation
