// Map-Server-wide state: orphaning after FIN/RST, expiry, re-binding, UDP refresh (spec 6.5, 9 item 17),
// and the UDP authentication that labels a session.
#include <algorithm>
#include <catch2/catch.hpp>

#include "msrt/session/registry.hpp"
#include "msrt/session/udp_auth.hpp"
#include "session/builders.hpp"

using namespace msrt;
using namespace msrt::session;
using namespace msrt::test;

namespace {

constexpr Micros kSec = 1'000'000;

SessionRef ref(std::uint64_t id, const char* etr) {
    return SessionRef{id, PackedAddress::of(*Address::parse(etr)),
                      PackedAddress::of(*Address::parse("192.0.2.1")), 40000, 4342};
}

void registered(Tracker& t, const Reg& r, Micros at) {
    std::uint32_t n = t.messages();
    t.on_message(registration(n, r), Direction::EtrToMs, at, 0);
    t.on_message(ack(n, r.eid), Direction::MsToEtr, at, 0);
}

}  // namespace

TEST_CASE("Registered entries of an ended session are orphaned for 180 s") {
    Tracker t;
    registered(t, Reg{"[1000] 10.1.0.0/16"}, 10 * kSec);
    t.on_message(registration(2, Reg{"[1000] 10.9.0.0/16"}), Direction::EtrToMs, 11 * kSec, 0);
    t.on_message(nack(2, "[1000] 10.9.0.0/16", 1), Direction::MsToEtr, 11 * kSec, 0);
    Registry reg;
    reg.on_session_end(ref(0, "192.0.2.10"), t, 100 * kSec);
    CHECK(reg.orphans() == 1);  // the rejected key holds no MS state

    auto rows = reg.snapshot(200 * kSec, {});
    REQUIRE(rows.size() == 1);
    CHECK(std::string(rows[0].status()) == "orphaned");
    CHECK(rows[0].registrants[0].expires == 280 * kSec);
    CHECK(reg.snapshot(280 * kSec, {}).empty());
    CHECK(reg.snapshot(99 * kSec, {}).empty());  // not orphaned yet at that moment
    reg.expire(281 * kSec);
    CHECK(reg.orphans() == 0);
}

TEST_CASE("With the T bit an orphan lives for the record TTL") {
    Tracker t;
    Reg r{"[1000] 10.1.0.0/16", 10};
    r.t_bit = true;
    registered(t, r, 0);
    Registry reg;
    reg.on_session_end(ref(0, "192.0.2.10"), t, 100 * kSec);
    auto rows = reg.snapshot(101 * kSec, {});
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].registrants[0].expires == 700 * kSec);
}

TEST_CASE("A new session of the same ETR re-binds its orphans, other ETRs merge") {
    Tracker old_session, next, other;
    registered(old_session, Reg{"[1000] 10.1.0.0/16"}, 0);
    Registry reg;
    reg.on_session_end(ref(0, "192.0.2.10"), old_session, 10 * kSec);
    registered(next, Reg{"[1000] 10.1.0.0/16"}, 12 * kSec);
    Reg o{"[1000] 10.1.0.0/16"};
    o.locators = {locator("192.0.2.20")};
    o.xtr_last = 0x20;
    registered(other, o, 13 * kSec);

    auto rows = reg.snapshot(20 * kSec, {{ref(1, "192.0.2.10"), &next}, {ref(2, "192.0.2.20"), &other}});
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].registrants.size() == 2);  // the orphan is re-bound to session 1
    CHECK(std::string(rows[0].status()) == "registered");
    CHECK(rows[0].merged_rlocs().size() == 2);
}

TEST_CASE("The rows, sorted once, walk the same each time, in (MS, key) order, as for_each_row gives them") {
    Tracker a, b;
    for (const char* eid : {"[1000] 10.3.0.0/16", "[1000] 10.1.0.0/16", "[7] 10.2.0.0/16"})
        registered(a, Reg{eid}, 0);
    Reg other{"[1000] 10.1.0.0/16"};
    other.xtr_last = 0x20;  // another ETR: its registrant and the orphan merge
    registered(b, other, kSec);
    Registry reg;
    reg.on_session_end(ref(0, "192.0.2.10"), a, 10 * kSec);
    std::vector<LiveSession> live = {{ref(1, "192.0.2.20"), &b}};
    auto keys = [](auto walk) {
        std::vector<std::string> out;
        walk([&out](SiteRow& row) {
            out.push_back(row.key.str() + " x" + std::to_string(row.registrants.size()));
        });
        return out;
    };
    std::vector<std::string> once = keys([&](auto f) { reg.for_each_row(20 * kSec, live, false, f); });
    CHECK(once ==
          std::vector<std::string>{"[7] 10.2.0.0/16 x1", "[1000] 10.1.0.0/16 x2", "[1000] 10.3.0.0/16 x1"});
    Registry::Rows rows = reg.rows(20 * kSec, live, false);
    CHECK(keys([&](auto f) { rows.for_each(f); }) == once);
    CHECK(keys([&](auto f) { rows.for_each(f); }) == once);
}

TEST_CASE("A withdrawal in a new session ends the orphan too") {
    Tracker old_session, next;
    registered(old_session, Reg{"[1000] 10.1.0.0/16"}, 0);
    Registry reg;
    reg.on_session_end(ref(0, "192.0.2.10"), old_session, 10 * kSec);
    registered(next, Reg{"[1000] 10.1.0.0/16", 0}, 12 * kSec);
    CHECK(reg.snapshot(20 * kSec, {{ref(1, "192.0.2.10"), &next}}).empty());
    CHECK(reg.snapshot(20 * kSec, {{ref(1, "192.0.2.10"), &next}}, true).size() == 1);
}

TEST_CASE("A UDP Map-Register refreshes the ETR's orphans") {
    Tracker t;
    registered(t, Reg{"[1000] 10.1.0.0/16"}, 0);
    Registry reg;
    reg.on_session_end(ref(0, "192.0.2.10"), t, 10 * kSec);
    Message m = registration(0, Reg{"[1000] 10.1.0.0/16"});
    reg.on_udp_register(*Address::parse("192.0.2.10"), *Address::parse("192.0.2.1"),
                        m.as<Registration>()->map_register, 100 * kSec);
    auto rows = reg.snapshot(250 * kSec, {});
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].registrants[0].expires == 280 * kSec);
}

namespace {

// The orphans of the one row of a registry, by ETR address, at `at`.
std::vector<std::string> orphan_etrs(const Registry& reg, Micros at) {
    std::vector<std::string> out;
    for (const SiteRow& row : reg.snapshot(at, {}))
        for (const Registrant& r : row.registrants)
            out.push_back(r.session.etr.str());
    std::sort(out.begin(), out.end());
    return out;
}

// A registration of [1000] 10.1.0.0/16 by the xTR whose ID ends in `xtr_last`.
Reg by_xtr(std::uint8_t xtr_last) {
    Reg r{"[1000] 10.1.0.0/16"};
    r.xtr_last = xtr_last;
    return r;
}

// A session of `etr` that registered `r` and was lost at `end`.
void lost_session(Registry& reg, std::uint64_t id, const char* etr, const Reg& r, Micros end) {
    Tracker t;
    registered(t, r, end - kSec);
    reg.on_session_end(ref(id, etr), t, end);
}

}  // namespace

TEST_CASE(
    "A lost session replaces its ETR's older orphans of a key: by address, and by xTR-ID from anywhere") {
    Registry reg;
    Reg a = by_xtr(0x0a), b = by_xtr(0x0b);
    lost_session(reg, 0, "192.0.2.10", a, 10 * kSec);
    lost_session(reg, 1, "192.0.2.11", b, 11 * kSec);
    CHECK(orphan_etrs(reg, 12 * kSec) == std::vector<std::string>{"192.0.2.10", "192.0.2.11"});

    lost_session(reg, 2, "192.0.2.10", a, 20 * kSec);  // the same ETR again: one orphan each
    CHECK(reg.orphans() == 2);
    lost_session(reg, 3, "198.51.100.7", a, 30 * kSec);  // xTR 0x0a moved: its orphan moves with it
    CHECK(orphan_etrs(reg, 31 * kSec) == std::vector<std::string>{"192.0.2.11", "198.51.100.7"});

    Reg c = by_xtr(0x0c);  // another xTR behind 192.0.2.11's address: both have IDs, and they differ
    lost_session(reg, 4, "192.0.2.11", c, 40 * kSec);
    CHECK(reg.orphans() == 3);
    Reg plain = b;
    plain.ids = false;  // no xTR-ID: the address decides, for both of that address's orphans
    lost_session(reg, 5, "192.0.2.11", plain, 50 * kSec);
    CHECK(orphan_etrs(reg, 51 * kSec) == std::vector<std::string>{"192.0.2.11", "198.51.100.7"});
    lost_session(reg, 6, "192.0.2.11", b, 60 * kSec);  // and an xTR-ID session replaces the plain one
    CHECK(reg.orphans() == 2);

    reg.expire(60 * kSec + 180 * kSec);
    CHECK(reg.orphans() == 0);
    lost_session(reg, 7, "203.0.113.1", a, 300 * kSec);  // expired orphans leave no stale xTR-ID index
    CHECK(reg.orphans() == 1);
}

TEST_CASE("A row lists its live registrants, then its orphans in the order they were orphaned") {
    Registry reg;
    Reg a = by_xtr(0x0a), b = by_xtr(0x0b), c = by_xtr(0x0c);
    lost_session(reg, 0, "192.0.2.30", a, 10 * kSec);
    lost_session(reg, 1, "192.0.2.10", b, 20 * kSec);
    Tracker live;
    registered(live, c, 21 * kSec);
    auto rows = reg.snapshot(30 * kSec, {{ref(2, "192.0.2.20"), &live}});
    REQUIRE(rows.size() == 1);
    std::vector<std::string> order;
    for (const Registrant& r : rows[0].registrants)
        order.push_back(r.session.etr.str());
    CHECK(order == std::vector<std::string>{"192.0.2.20", "192.0.2.30", "192.0.2.10"});
}

TEST_CASE("A UDP Map-Register refreshes only its own ETR's orphans of a key") {
    Registry reg;
    Reg a = by_xtr(0x0a), b = by_xtr(0x0b);
    lost_session(reg, 0, "192.0.2.10", a, 10 * kSec);
    lost_session(reg, 1, "192.0.2.11", b, 10 * kSec);
    Message m = registration(0, a);
    reg.on_udp_register(*Address::parse("192.0.2.10"), *Address::parse("192.0.2.1"),
                        m.as<Registration>()->map_register, 100 * kSec);
    CHECK(orphan_etrs(reg, 250 * kSec) == std::vector<std::string>{"192.0.2.10"});  // .11 expired at 190 s
}

TEST_CASE("UDP authentication: r bit, nonce-matched Map-Notify, consumed by a session") {
    Address etr = *Address::parse("192.0.2.10"), ms = *Address::parse("192.0.2.1");
    MapRegister mr = registration(0, Reg{}).as<Registration>()->map_register;
    mr.word0 |= wire::lisp::kRegReliable;
    MapRegister notify = mr;
    notify.word0 = (std::uint32_t{wire::lisp::kMapNotify} << 28) | 1;
    UdpAuthTracker u;
    u.on_map_register(etr, ms, mr, 1, 1);
    MapRegister other = notify;
    other.nonce = 7;
    u.on_map_notify(ms, etr, other, 2);  // a different nonce does not answer it
    u.on_map_notify(ms, etr, notify, 3);
    auto a = u.take(etr, ms);
    REQUIRE(a);
    CHECK(a->r_bit);
    CHECK(a->map_notify);
    CHECK(a->notify_at == 3);
    CHECK(a->authorises(profile(Revision::Ietf)));
    CHECK_FALSE(u.take(etr, ms));  // a second session needs a new authentication

    mr.word0 &= ~wire::lisp::kRegReliable;
    u.on_map_register(etr, ms, mr, 5, 5);
    u.on_map_notify(ms, etr, notify, 6);
    a = u.take(etr, ms);
    REQUIRE(a);
    CHECK_FALSE(a->authorises(profile(Revision::Ietf)));
    CHECK(a->authorises(profile(Revision::Kouvelas06)));
}

TEST_CASE("UDP authentication over a round of several Map-Registers takes the last one answered") {
    Address etr = *Address::parse("192.0.2.10"), ms = *Address::parse("192.0.2.1");
    MapRegister first = registration(0, Reg{}).as<Registration>()->map_register;
    MapRegister second = first, stale = first;
    first.nonce = 1;
    second.nonce = 2;
    stale.nonce = 3;
    MapRegister notify = first;
    notify.word0 = (std::uint32_t{wire::lisp::kMapNotify} << 28) | 1;
    UdpAuthTracker u;
    u.on_map_register(etr, ms, stale, 0, 1);  // an older round, long before
    u.on_map_register(etr, ms, first, 10'000'000, 2);
    u.on_map_register(etr, ms, second, 10'000'100, 3);  // e.g. signed with a stale key: never answered
    notify.nonce = 1;
    u.on_map_notify(ms, etr, notify, 10'002'000);
    auto a = u.take(etr, ms);
    REQUIRE(a);
    CHECK(a->nonce == 1);  // the last of the round that a Map-Notify answered
    u.on_map_register(etr, ms, first, 20'000'000, 4);
    u.on_map_register(etr, ms, second, 20'000'100, 5);
    a = u.take(etr, ms);
    REQUIRE(a);
    CHECK(a->nonce == 2);  // none answered: the round's last
    CHECK_FALSE(a->map_notify);
}
