// Command-line options shared by `msrt sessions`, `state` and `events`, and the filters they select.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/stream_events.hpp"
#include "msrt/eid.hpp"
#include "msrt/profile.hpp"
#include "msrt/session/packed.hpp"

namespace msrt::cli {

enum class Format : std::uint8_t { Table, Json, Csv };

// An address, optionally with a port: "192.0.2.1", "192.0.2.1:4342", "2001:db8::1", "[2001:db8::1]:4342".
struct EndpointFilter {
    Address ip;
    std::optional<std::uint16_t> port;
    static std::optional<EndpointFilter> parse(const std::string& text);
    bool matches(const Endpoint& e) const { return e.ip == ip && (!port || *port == e.port); }
};

struct Filters {
    std::optional<EndpointFilter> ms, etr;
    std::optional<std::uint32_t> iid;
    std::optional<Eid> eid;  // "[IID] prefix/len" or "prefix/len"; an address alone is a host prefix

    bool session(const SessionInfo& s) const;
    // --iid, and --eid as an overlap: the key covers the prefix (the prefix an address falls in) or the
    // prefix covers the key (its more-specifics).
    bool key(const Eid& k) const;
    // The same for a table key, unpacked only when --eid needs its prefix.
    bool key(const session::Key& k) const {
        if (iid && k.iid != *iid) return false;
        return !eid || key(k.eid());
    }
    bool by_eid() const { return iid || eid; }
};

// state --at: an epoch time, seconds after the capture's first frame ("+12.5", as Wireshark's
// frame.time_relative) or its last frame ("end"). The last two are known only as the capture is read.
struct Moment {
    enum class From : std::uint8_t { Epoch, FirstFrame, LastFrame };
    From from = From::Epoch;
    Micros offset = 0;  // since the epoch, after the first frame, or before the last frame
    static std::optional<Moment> parse(std::string_view text);
};

struct Options {
    Format format = Format::Table;
    Filters filters;
    const Profile* profile = &default_profile();
    std::optional<Moment> at;  // state --at
    bool all = false;          // state: include withdrawn entries
    bool progress = true;
    unsigned threads = 0;  // --threads: 1 or 2 (read, and interpret, on two); 0: as many cores allow
    std::uint16_t port = wire::kTcpPort;
    std::vector<std::string> captures;
};

enum class Parse : std::uint8_t { Ok, Help, Error };

// Parses argv (argv[0] is the subcommand name). `with_at`: the command takes --at and --all.
Parse parse_options(int argc, char** argv, bool with_at, Options& out, std::string& error);

}  // namespace msrt::cli
