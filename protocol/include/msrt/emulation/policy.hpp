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

struct Site {
    std::string name;
    std::string key;                     // HMAC key of the site's Map-Registers
    bool allow_unauthenticated = false;  // Algorithm ID 0 accepted (spec 9 item 12)
    std::vector<SitePrefix> prefixes;
    std::vector<Eid> rlocs;                   // allowed locator prefixes (IID 0); empty: any locator
    std::optional<std::size_t> max_prefixes;  // beyond this many registered keys: NACK reason 4

    bool locator_allowed(const Address& rloc) const;
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

}  // namespace msrt::emulation
