// RegistryQueue (sessions/registry_queue.hpp): changes made on one thread and applied on another, or by the
// first when they pile up, leave the Map-Server-wide state exactly as applying each at once would: lost
// sessions, UDP refreshes and sweeps interleaved so that their order decides the expiry times.
#include <atomic>
#include <catch2/catch.hpp>
#include <string>
#include <thread>
#include <vector>

#include "session/builders.hpp"
#include "sessions/registry_queue.hpp"

using namespace msrt;
using namespace msrt::cli;
using namespace msrt::test;

namespace {

constexpr Micros kSec = 1'000'000;
constexpr int kEtrs = 5;

std::string etr_address(int n) {
    return "198.18.0." + std::to_string(n + 1);
}

std::string prefix(int n) {
    return "[1000] 10." + std::to_string(n) + ".0.0/16";
}

// A session of ETR `etr` that registered prefixes first..first+2 and was lost at `end`.
std::unique_ptr<SessionState> lost_session(std::uint64_t id, int etr, int first, Micros end) {
    SessionInfo info;
    info.id = id;
    info.etr.ip = *Address::parse(etr_address(etr));
    info.etr.port = static_cast<std::uint16_t>(40000 + id);
    info.ms.ip = *Address::parse("192.0.2.1");
    info.ms.port = 4342;
    auto s = std::make_unique<SessionState>(default_profile(), info);
    for (int k = 0; k < 3; ++k) {
        std::string eid = prefix(first + k);
        Reg r{eid.c_str()};
        r.xtr_last = static_cast<std::uint8_t>(etr);
        std::uint32_t n = s->tracker.messages();
        s->tracker.on_message(registration(n, r), Direction::EtrToMs, end - 10 * kSec, 0);
        s->tracker.on_message(ack(n, eid.c_str()), Direction::MsToEtr, end - 10 * kSec, 0);
    }
    s->end = end;
    s->end_how = SessionEnd::Fin;
    return s;
}

MapRegister udp_register(int first) {
    std::string eid = prefix(first);
    Message m = registration(0, Reg{eid.c_str()});
    return m.as<Registration>()->map_register;
}

// Every row and registrant, with what the order of changes decides.
std::string state_text(const session::Registry& r, Micros at) {
    std::string text;
    for (const session::SiteRow& row : r.snapshot(at, {}, true)) {
        text += row.key.str() + " " + row.status() + ":";
        for (const session::Registrant& g : row.registrants)
            text += " #" + std::to_string(g.session.id) + " until " + std::to_string(g.expires.value_or(-1));
        text += "\n";
    }
    return text;
}

// The changes, in order, given to `apply`: sessions of five ETRs lost one after another over the same
// prefixes, UDP Map-Registers refreshing them, and sweeps.
template <class Apply>
void changes(Apply&& apply) {
    for (std::uint64_t id = 0; id < 600; ++id) {
        Micros end = static_cast<Micros>(id) * 7 * kSec;
        int etr = static_cast<int>(id % kEtrs);
        apply.session_lost(lost_session(id, etr, static_cast<int>(id % 11), end));
        if (id % 3 == 0)
            apply.udp_register(*Address::parse(etr_address((etr + 1) % kEtrs)), *Address::parse("192.0.2.1"),
                               udp_register(static_cast<int>((id + 1) % 11)), end + kSec);
        if (id % 50 == 49) apply.expire(end - 200 * kSec);
    }
}

struct Direct {
    session::Registry& r;
    void session_lost(std::unique_ptr<SessionState> s) { r.on_session_end(ref_of(*s), s->tracker, s->end); }
    void udp_register(const Address& etr, const Address& ms, const MapRegister& m, Micros t) {
        r.on_udp_register(etr, ms, m, t);
    }
    void expire(Micros now) { r.expire(now); }
};

}  // namespace

TEST_CASE("Registry queue: applied on another thread, in order, the state is the one applied at once") {
    session::Registry direct;
    Direct d{direct};
    changes(d);
    const Micros end = 600 * 7 * kSec;
    std::string expected = state_text(direct, end);
    REQUIRE(expected.find("orphaned") != std::string::npos);
    REQUIRE(expected.find("until") != std::string::npos);

    for (std::size_t max_waiting : {std::size_t{1}, std::size_t{8}, std::size_t{100000}}) {
        INFO("at most " << max_waiting << " waiting");
        session::Registry queued;
        {
            RegistryQueue q(queued, max_waiting);
            std::atomic<bool> done{false};
            std::thread reader([&] {
                while (!done)
                    if (!q.apply_one()) std::this_thread::yield();
            });
            changes(q);
            done = true;
            reader.join();
            q.finish();
            CHECK(q.waiting() == 0);
        }
        CHECK(state_text(queued, end) == expected);
    }
}

TEST_CASE("Registry queue: with no thread to help, what waits beyond the bound is applied at once") {
    session::Registry r;
    RegistryQueue q(r, 4);
    std::size_t most = 0;
    struct Counting {
        RegistryQueue& q;
        std::size_t& most;
        void session_lost(std::unique_ptr<SessionState> s) {
            q.session_lost(std::move(s));
            most = std::max(most, q.waiting());
        }
        void udp_register(const Address& etr, const Address& ms, const MapRegister& m, Micros t) {
            q.udp_register(etr, ms, m, t);
            most = std::max(most, q.waiting());
        }
        void expire(Micros now) { q.expire(now); }
    } counting{q, most};
    changes(counting);
    CHECK(most == 4);
    q.finish();
    CHECK(r.orphans() > 0);
}
