// The orphan store behind the Registry: its indexes as they grow, and expiry times that are not in the
// order the orphans were added (T bit, UDP refresh), including slots reused after an expiry.
#include <catch2/catch.hpp>
#include <set>
#include <string>

#include "msrt/session/registry.hpp"
#include "session/builders.hpp"

using namespace msrt;
using namespace msrt::session;
using namespace msrt::test;

namespace {

constexpr Micros kSec = 1'000'000;

SessionRef ref(std::uint64_t id, const std::string& etr) {
    return SessionRef{id, PackedAddress::of(*Address::parse(etr)),
                      PackedAddress::of(*Address::parse("192.0.2.1")), 40000, 4342};
}

// A session of `etr` that registered `r` and was lost at `end`.
void lost_session(Registry& reg, std::uint64_t id, const std::string& etr, const Reg& r, Micros end) {
    Tracker t;
    t.on_message(registration(0, r), Direction::EtrToMs, end - kSec, 0);
    t.on_message(ack(0, r.eid), Direction::MsToEtr, end - kSec, 0);
    reg.on_session_end(ref(id, etr), t, end);
}

std::string etr_of(std::uint32_t n) {
    return "10." + std::to_string(n / 65536) + "." + std::to_string(n / 256 % 256) + "." +
           std::to_string(n % 256);
}

void udp_register(Registry& reg, const std::string& etr, const Reg& r, Micros at) {
    Message m = registration(0, r);
    reg.on_udp_register(*Address::parse(etr), *Address::parse("192.0.2.1"),
                        m.as<Registration>()->map_register, at);
}

}  // namespace

TEST_CASE("Thousands of ETRs' orphans of one key stay apart as the index grows") {
    constexpr std::uint32_t kEtrs = 3000;  // far past the first index size
    Registry reg;
    for (std::uint32_t n = 0; n < kEtrs; ++n) {
        Reg r;
        r.ids = false;  // no xTR-ID: the ETR's address is all that tells its orphans apart
        lost_session(reg, n, etr_of(n), r, 10 * kSec + n);
    }
    CHECK(reg.orphans() == kEtrs);
    for (std::uint32_t n = 0; n < kEtrs; n += 2) {  // every other ETR loses a second session
        Reg r;
        r.ids = false;
        lost_session(reg, kEtrs + n, etr_of(n), r, 20 * kSec + n);
    }
    CHECK(reg.orphans() == kEtrs);  // each replaced its own orphan, and only that one
    auto rows = reg.snapshot(30 * kSec, {});
    REQUIRE(rows.size() == 1);
    REQUIRE(rows[0].registrants.size() == kEtrs);
    CHECK(rows[0].registrants.front().session.id == 1);  // the first orphaned of those left
    CHECK(rows[0].registrants.back().session.id == kEtrs + kEtrs - 2);
    reg.expire(10 * kSec + 180 * kSec + kEtrs);  // the first round's survivors
    CHECK(reg.orphans() == kEtrs / 2);
    reg.expire(20 * kSec + 180 * kSec + kEtrs);
    CHECK(reg.orphans() == 0);
}

TEST_CASE("Orphans expire by their own times, not in the order they were orphaned") {
    Registry reg;
    lost_session(reg, 0, "192.0.2.10", Reg{"[1000] 10.1.0.0/16"}, 100 * kSec);  // until 280 s
    Reg short_ttl{"[1000] 10.2.0.0/16", 1};
    short_ttl.t_bit = true;
    lost_session(reg, 1, "192.0.2.11", short_ttl, 110 * kSec);  // until 170 s, added later
    reg.expire(170 * kSec);
    CHECK(reg.orphans() == 1);
    auto rows = reg.snapshot(171 * kSec, {});
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].key.str() == "[1000] 10.1.0.0/16");
    reg.expire(280 * kSec);
    CHECK(reg.orphans() == 0);
}

TEST_CASE("A UDP refresh to an earlier time leaves no stale expiry behind, also when the slot is reused") {
    Registry reg;
    lost_session(reg, 0, "192.0.2.10", Reg{}, 100 * kSec);  // until 280 s
    Reg short_ttl;
    short_ttl.ttl = 1;
    short_ttl.t_bit = true;
    udp_register(reg, "192.0.2.10", short_ttl, 110 * kSec);  // now until 170 s
    CHECK(reg.snapshot(169 * kSec, {}).at(0).registrants.at(0).expires == 170 * kSec);
    reg.expire(170 * kSec);
    CHECK(reg.orphans() == 0);

    lost_session(reg, 1, "192.0.2.20", Reg{}, 200 * kSec);  // in the freed slot, until 380 s
    reg.expire(290 * kSec);  // past the first orphan's old time: that entry must not expire this one
    CHECK(reg.orphans() == 1);
    reg.expire(380 * kSec);
    CHECK(reg.orphans() == 0);
}

TEST_CASE("A UDP refresh extends an orphan past its first expiry time") {
    Registry reg;
    lost_session(reg, 0, "192.0.2.10", Reg{}, 100 * kSec);  // until 280 s
    udp_register(reg, "192.0.2.10", Reg{}, 250 * kSec);     // now until 430 s
    reg.expire(300 * kSec);
    CHECK(reg.orphans() == 1);
    udp_register(reg, "192.0.2.10", Reg{}, 431 * kSec);  // too late: expired at 430 s, not revived
    reg.expire(431 * kSec);
    CHECK(reg.orphans() == 0);
}

// `msrt state` on one lost session of 400k prefixes: its orphans take one allocation of their size, instead
// of doublings that hold the old and new copies at once. Sessions of a few entries still grow the room by
// doubling, not one reallocation each.
TEST_CASE("Room for a lost session's orphans is made at once, and small sessions grow it by doubling") {
    auto add = [](OrphanStore& store, std::uint32_t lost, std::uint32_t n) {
        OrphanStore::Orphan o;
        o.key = Key::of(eid(("[1000] " + etr_of(n) + "/32").c_str()));
        o.lost = lost;
        o.rlocs = store.intern_rlocs(RlocSet{});
        o.expires = 100 * kSec;
        store.add(o);
    };
    OrphanStore big;
    std::uint32_t lost = big.add_lost(ref(1, "192.0.2.10"), 10 * kSec);
    big.reserve(5000);
    const OrphanStore::Orphan* storage = big.slots().data();
    for (std::uint32_t n = 0; n < 5000; ++n)
        add(big, lost, n);
    CHECK(big.size() == 5000);
    CHECK(big.slots().data() == storage);  // never moved

    OrphanStore small;
    std::set<const OrphanStore::Orphan*> places;
    for (std::uint32_t n = 0; n < 5000; ++n) {
        small.reserve(1);
        add(small, small.add_lost(ref(n, etr_of(n)), 10 * kSec), n);
        places.insert(small.slots().data());
    }
    CHECK(small.size() == 5000);
    CHECK(places.size() <= 14);  // about log2(5000) moves
}
