// EventQueue (sessions/event_queue.hpp): events packed on one thread and written on whichever is idle come
// out exactly as writing each at once would give them, in every format, whatever the batch size, with
// sessions changing inside and across batches and a second thread writing batches meanwhile.
#include <atomic>
#include <catch2/catch.hpp>
#include <cstdio>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "sessions/event_output.hpp"
#include "sessions/event_queue.hpp"

using namespace msrt;
using namespace msrt::cli;

namespace {

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
            if (pick(2)) e.id = static_cast<std::uint32_t>(rng());
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
std::string written(Format format, Fill fill) {
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

std::string directly(const Timeline& t, Format format) {
    return written(format, [&](EventWriter& w) {
        for (const Event& e : t.events)
            w.write(e);
    });
}

// Pushed through a queue while another thread writes whatever batch waits, as the reader does.
std::string queued(const Timeline& t, Format format, std::size_t batch_bytes, std::size_t max_waiting) {
    return written(format, [&](EventWriter& w) {
        EventQueue q(w, batch_bytes, max_waiting);
        std::atomic<bool> done{false};
        std::thread other([&] {
            while (!done)
                if (!q.write_one()) std::this_thread::yield();
        });
        for (const Event& e : t.events)
            q.push(e);
        done = true;
        other.join();
        q.finish();
    });
}

}  // namespace

TEST_CASE("Event queue: the lines are those written directly, in every format and batch size") {
    Timeline t(3000);
    for (Format format : {Format::Json, Format::Csv, Format::Table}) {
        std::string expected = directly(t, format);
        REQUIRE(expected.size() > 3000 * 40);
        for (std::size_t batch :
             {std::size_t{1}, std::size_t{200}, std::size_t{4096}, std::size_t{1} << 20}) {
            INFO("format " << static_cast<int>(format) << ", batch " << batch << " octets");
            CHECK(queued(t, format, batch, 2) == expected);
        }
    }
}

TEST_CASE("Event queue: with no thread to help, pushing writes what waits beyond the bound") {
    Timeline t(2000);
    std::string expected = directly(t, Format::Json);
    std::size_t most_waiting = 0;
    std::string out = written(Format::Json, [&](EventWriter& w) {
        EventQueue q(w, 128, 3);
        for (const Event& e : t.events) {
            q.push(e);
            most_waiting = std::max(most_waiting, q.waiting());
        }
        q.finish();
        CHECK(q.waiting() == 0);
    });
    CHECK(out == expected);
    CHECK(most_waiting == 3);
}
