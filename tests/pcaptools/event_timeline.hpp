// Events for the tests of their writers: every field of an event in use somewhere, and what an EventWriter
// makes of them.
#pragma once

#include <catch2/catch.hpp>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "sessions/event_output.hpp"

namespace msrt::cli::test {

const char* const kNames[] = {"registration", "registration_ack", "gap", "udp_map_register", "session_close"};
const char* const kKeys[] = {"status", "scope", "rejected_only", "expires"};

// Every field of an event in use somewhere: each optional present or not, texts empty, long, or needing
// JSON escapes, zero to three extras, sessions (IPv4, IPv6, Distinguished Name endpoints) changing in runs.
struct Timeline {
    std::vector<SessionInfo> sessions;
    std::vector<Event> events;

    explicit Timeline(std::size_t n) {
        std::mt19937 rng(7);
        auto pick = [&rng](std::size_t k) { return static_cast<std::size_t>(rng() % k); };
        for (std::uint64_t id = 0; id < 40; ++id) {
            SessionInfo s;
            s.id = id;
            s.etr.ip = id % 3 == 0   ? *Address::parse("2001:db8::" + std::to_string(id + 1))
                       : id % 3 == 1 ? Address::ipv4(0xC6120000u + static_cast<std::uint32_t>(id))
                                     : Address{};
            if (id % 3 == 2) {
                s.etr.ip.afi = 17;
                s.etr.ip.name = "etr-\"" + std::to_string(id) + "\".example";
            }
            s.etr.port = static_cast<std::uint16_t>(40000 + id);
            s.ms.ip = Address::ipv4(0xC0000201u);
            s.ms.port = 4342;
            sessions.push_back(s);
        }
        const std::string texts[] = {"", "[1000] 10.0.0.0/24", "TTL 1440 min, 1 locator(s)",
                                     std::string(300, 'x'), "quote \" backslash \\ newline \n tab \t \x01"};
        std::size_t session = 0;
        for (std::size_t i = 0; i < n; ++i) {
            if (pick(6) == 0) session = pick(sessions.size());
            Event e;
            e.at = 1'767'264'160'000'000 + static_cast<Micros>(i) * 137;
            e.frame = i + 1;
            e.session = pick(8) == 0 ? nullptr : &sessions[session];
            e.name = kNames[pick(std::size(kNames))];
            if (pick(2)) e.dir = pick(2) ? Direction::EtrToMs : Direction::MsToEtr;
            if (pick(2))
                e.id =
                    static_cast<std::uint32_t>(pick(2) ? rng() : pick(1000));  // wider than its column or not
            if (pick(3) == 0) e.answers = static_cast<std::uint32_t>(rng());
            if (pick(3) == 0) e.latency = static_cast<Micros>(pick(5'000'000));
            if (pick(5) == 0) e.expected = static_cast<std::uint32_t>(rng());
            if (pick(5) == 0) e.octets = rng();
            if (pick(5) == 0) e.offset = rng();
            e.eid = texts[pick(std::size(texts))];
            e.detail = texts[pick(std::size(texts))];
            if (!e.session) e.address = "198.18.0.1:4342 -> 192.0.2.1:4342";
            for (std::size_t k = pick(4); k > 0; --k)
                e.extra.emplace_back(kKeys[pick(std::size(kKeys))], texts[pick(std::size(texts))]);
            events.push_back(std::move(e));
        }
        // More extras than a byte could count.
        for (int k = 0; k < 300; ++k)
            events.back().extra.emplace_back(kKeys[k % std::size(kKeys)], std::to_string(k));
    }
};

// What an EventWriter of `format` writes, through `fill`.
template <class Fill>
inline std::string written(Format format, Fill fill) {
    std::FILE* f = std::tmpfile();
    REQUIRE(f);
    Options o;
    o.format = format;
    {
        EventWriter w(f, o);
        fill(w);
        w.flush();
    }
    std::fflush(f);
    std::string out(static_cast<std::size_t>(std::ftell(f)), '\0');
    std::rewind(f);
    REQUIRE(std::fread(out.data(), 1, out.size(), f) == out.size());
    std::fclose(f);
    return out;
}

// Every event of `t` written at once by an EventWriter of `format`.
inline std::string directly(const Timeline& t, Format format) {
    return written(format, [&](EventWriter& w) {
        for (const Event& e : t.events)
            w.write(e);
    });
}

}  // namespace msrt::cli::test
