// Session tracker rules (spec 2.7, 6.4-6.6, 7.3): pairing, normalisation, outcomes, Message-ID checks, links.
#include <catch2/catch.hpp>

#include "msrt/session/tracker.hpp"
#include "session/builders.hpp"

using namespace msrt;
using namespace msrt::session;
using namespace msrt::test;

namespace {

constexpr auto E2M = Direction::EtrToMs;
constexpr auto M2E = Direction::MsToEtr;

// Feeds messages one second apart, returning each Note.
struct Feed {
    Tracker t;
    Micros now = 1'700'000'000'000'000;
    std::uint64_t frame = 0;
    Note operator()(const Message& m, Direction d, Micros step = 1'000'000) {
        now += step;
        return t.on_message(m, d, now, ++frame);
    }
    const Entry& at(const char* text) {
        const auto* it = t.table().find(Key::of(eid(text)));
        REQUIRE(it != nullptr);
        return it->second;
    }
};

}  // namespace

TEST_CASE("ACK/NACK pair FIFO with the oldest pending Registration of the same key") {
    Feed f{Tracker(default_profile(), true)};
    Reg a{"[1000] 10.1.0.0/16"};
    Reg a2 = a;
    a2.locators = {locator("192.0.2.99")};
    f(registration(0, a), E2M);
    f(registration(1, Reg{"[1000] 10.2.0.0/16"}), E2M);
    f(registration(2, a2), E2M);
    Note n1 = f(ack(0, "[1000] 10.2.0.0/16"), M2E);
    CHECK(n1.answers == 1u);
    CHECK(n1.answers_id == 1u);
    Note n2 = f(ack(1, "[1000] 10.1.0.0/16"), M2E);
    CHECK(n2.answers == 0u);
    CHECK(f.at("[1000] 10.1.0.0/16").status == Status::Pending);  // the newer Registration still waits
    Note n3 = f(ack(2, "[1000] 10.1.0.0/16"), M2E);
    CHECK(n3.answers == 2u);
    CHECK(n3.request_time.has_value());
    const Entry& e = f.at("[1000] 10.1.0.0/16");
    CHECK(e.status == Status::Registered);
    REQUIRE(f.t.rlocs(e.rlocs).size() == 1);
    CHECK(f.t.rlocs(e.rlocs)[0].address.str() == "192.0.2.99");  // the last Registration's locators
    CHECK(f.t.log()[0].answered_by == 4u);
    CHECK(f.t.pending_keys().empty());
    CHECK(f.t.summary().registered == 2);
}

// A key's pending Registrations are a queue through nodes shared by all keys: a node freed by one answer is
// reused by the next Registration while another key's queue is still waiting.
TEST_CASE("Pending queues of several keys stay FIFO while their nodes are reused") {
    Feed f;
    Reg a{"[1000] 10.1.0.0/16"}, b{"[1000] 10.2.0.0/16"};
    f(registration(0, a), E2M);
    f(registration(1, b), E2M);
    f(registration(2, a), E2M);
    CHECK(f(ack(0, "[1000] 10.1.0.0/16"), M2E).answers_id == 0u);
    f(registration(3, b), E2M);  // into the node the answer freed
    CHECK(f(ack(1, "[1000] 10.2.0.0/16"), M2E).answers_id == 1u);
    CHECK(f(ack(2, "[1000] 10.1.0.0/16"), M2E).answers_id == 2u);
    CHECK(f.at("[1000] 10.2.0.0/16").status == Status::Pending);
    CHECK(f(ack(3, "[1000] 10.2.0.0/16"), M2E).answers_id == 3u);
    CHECK(f.t.pending_keys().empty());
    f(registration(4, a), E2M);  // after every queue emptied
    CHECK(f(ack(4, "[1000] 10.1.0.0/16"), M2E).answers_id == 4u);
    CHECK(f.t.summary().registered == 2);
}

// Rloc::matches stands in for building an Rloc and comparing: it must agree with that for every kind of
// locator address, including the ones packed specially (a Distinguished Name, an LCAF that is not an IID).
TEST_CASE("Rloc::matches agrees with comparing Rloc::of") {
    std::vector<Locator> locs = {locator("192.0.2.10"),    locator("192.0.2.11"),
                                 locator("192.0.2.10", 2), locator("192.0.2.10", 1, 4),
                                 locator("2001:db8::10"),  locator("2001:db8::11")};
    Locator dn = locator("192.0.2.10");
    dn.rloc.addr = Address{};
    dn.rloc.addr.afi = wire::afi::kDistinguishedName;
    dn.rloc.addr.name = "etr-1";
    locs.push_back(dn);
    dn.rloc.addr.name = "etr-2";
    locs.push_back(dn);
    Locator afi_list = locator("192.0.2.10");
    afi_list.rloc.lcaf = Lcaf{};
    afi_list.rloc.lcaf->type = 1;
    locs.push_back(afi_list);
    Locator in_iid = locator("192.0.2.10");
    in_iid.rloc = AddressField::with_iid(7, *Address::parse("192.0.2.10"));
    locs.push_back(in_iid);
    for (const Locator& a : locs)
        for (const Locator& b : locs) {
            INFO(a.rloc.addr.str() << " / " << b.rloc.addr.str());
            CHECK(Rloc::of(a).matches(b) == (Rloc::of(a) == Rloc::of(b)));
        }
}

// New keys take the locator set acquired last when it is theirs, else search the pool: either way entries
// with equal sets share one, and each entry keeps its own.
TEST_CASE("Locator sets are shared between entries and follow each entry's last Registration") {
    Feed f;
    Reg a{"[1000] 10.1.0.0/16"}, b{"[1000] 10.2.0.0/16"}, c{"[1000] 10.3.0.0/16"}, d{"[1000] 10.4.0.0/16"};
    c.locators = {locator("192.0.2.20"), locator("192.0.2.21", 2)};
    f(registration(0, a), E2M);
    f(registration(1, b), E2M);
    f(registration(2, c), E2M);
    f(registration(3, d), E2M);  // a's set again, after c's
    CHECK(f.at("[1000] 10.1.0.0/16").rlocs == f.at("[1000] 10.2.0.0/16").rlocs);
    CHECK(f.at("[1000] 10.1.0.0/16").rlocs == f.at("[1000] 10.4.0.0/16").rlocs);
    CHECK(f.at("[1000] 10.3.0.0/16").rlocs != f.at("[1000] 10.1.0.0/16").rlocs);
    REQUIRE(f.t.rlocs(f.at("[1000] 10.3.0.0/16").rlocs).size() == 2);
    CHECK(f.t.rlocs(f.at("[1000] 10.3.0.0/16").rlocs)[1].address.str() == "192.0.2.21");
    a.locators = c.locators;
    f(registration(4, a), E2M);
    CHECK(f.at("[1000] 10.1.0.0/16").rlocs == f.at("[1000] 10.3.0.0/16").rlocs);
    REQUIRE(f.t.rlocs(f.at("[1000] 10.2.0.0/16").rlocs).size() == 1);
    CHECK(f.t.rlocs(f.at("[1000] 10.2.0.0/16").rlocs)[0].address.str() == "192.0.2.10");
}

// The capture tools keep one Note for every message: what a message did not set must not stay from the one
// before.
TEST_CASE("A reused Note reads as a new one") {
    Tracker fresh, reusing;
    Note kept;
    Micros now = 1'700'000'000'000'000;
    std::vector<std::pair<Message, Direction>> messages = {
        {registration(0, Reg{}), E2M},
        {ack(0, "[1000] 10.1.0.0/16"), M2E},
        {ack(1, "[1000] 10.9.0.0/16"), M2E},
        {registration(5, Reg{"[1000] 10.2.0.0/16"}), E2M},
        {registration(2, Reg{}), M2E},
        {nack(2, "[1000] 10.2.0.0/16", 1), M2E},
        {registration(6, Reg{}), E2M},
        {ack(3, "[1000] 10.1.0.0/16"), M2E},
        {notification(4, "[1000] 10.1.0.0/16"), M2E},
        {refresh(5, 0, false), M2E},
        {registration(7, Reg{}), E2M},
        {registration(8, Reg{"[1000] 10.3.0.0/16"}), E2M},
    };
    std::array<int, 7> set{};  // messages that set each optional: the sequence must exercise them all
    for (std::size_t i = 0; i < messages.size(); ++i) {
        const auto& [m, d] = messages[i];
        now += 1'000'000;
        Note n = fresh.on_message(m, d, now, i);
        std::array<bool, 7> has = {n.answers.has_value(),      n.answers_id.has_value(),
                                   n.request_time.has_value(), n.follows_ack.has_value(),
                                   n.caused_by.has_value(),    n.refresh.has_value(),
                                   n.expected_id.has_value()};
        for (std::size_t k = 0; k < has.size(); ++k)
            set[k] += has[k];
        reusing.on_message(m, d, now, i, kept);
        INFO("message " << i);
        CHECK(kept.index == n.index);
        CHECK(kept.answers == n.answers);
        CHECK(kept.answers_id == n.answers_id);
        CHECK(kept.request_time == n.request_time);
        CHECK(kept.follows_ack == n.follows_ack);
        CHECK(kept.caused_by == n.caused_by);
        CHECK(kept.refresh == n.refresh);
        CHECK(kept.expected_id == n.expected_id);
        CHECK(kept.unmatched == n.unmatched);
        CHECK(kept.wrong_direction == n.wrong_direction);
    }
    for (int count : set)
        CHECK(count > 0);
}

TEST_CASE("A plain AFI and an IID-0 LCAF are the same key") {
    Feed f;
    Reg r{"10.1.0.0/16"};
    r.lcaf = false;
    f(registration(0, r), E2M);
    Note n = f(ack(0, "[0] 10.1.0.0/16", true), M2E);
    CHECK(n.answers == 0u);
    CHECK_FALSE(n.unmatched);
    REQUIRE(f.t.table().size() == 1);
    CHECK(f.at("[0] 10.1.0.0/16").status == Status::Registered);
}

TEST_CASE("NACK rejects with its reason, TTL 0 and ACK withdraws") {
    Feed f;
    f(registration(0, Reg{"[1000] 10.9.0.0/16"}), E2M);
    f(registration(1, Reg{"[1000] 10.1.0.0/16", 0}), E2M);
    f(nack(0, "[1000] 10.9.0.0/16", 1), M2E);
    f(ack(1, "[1000] 10.1.0.0/16"), M2E);
    CHECK(f.at("[1000] 10.9.0.0/16").status == Status::Rejected);
    CHECK(f.at("[1000] 10.9.0.0/16").reason == std::optional<std::uint8_t>(1));
    CHECK(f.at("[1000] 10.1.0.0/16").status == Status::Withdrawn);
    CHECK(f.at("[1000] 10.1.0.0/16").ttl == 0);
    Summary s = f.t.summary();
    CHECK(s.rejected == 1);
    CHECK(s.withdrawn == 1);
    CHECK(s.pending == 0);
    CHECK(s.registered == 0);
}

TEST_CASE("Unanswered Registrations stay pending") {
    Feed f;
    f(registration(0, Reg{}), E2M);
    CHECK(f.t.summary().pending == 1);
    REQUIRE(f.t.pending_keys().size() == 1);
    CHECK(f.t.pending_keys()[0].str() == "[1000] 10.1.0.0/16");
    f(registration(1, Reg{"[1000] 10.2.0.0/16"}), E2M);
    f(registration(2, Reg{"[1000] 10.0.0.0/16"}), E2M);  // out of key order
    f(ack(0, "[1000] 10.1.0.0/16"), M2E);
    CHECK(f.t.pending_count() == 2);  // counted without listing: a key answered, a key re-sent, not twice
    CHECK(f.t.pending_keys().size() == 2);
    f(registration(3, Reg{"[1000] 10.2.0.0/16"}), E2M);
    CHECK(f.t.pending_count() == 2);
}

TEST_CASE("Unmatched ACK is flagged and still tells the MS's decision") {
    Feed f;
    Note n = f(ack(0, "[1000] 10.1.0.0/16"), M2E);
    CHECK(n.unmatched);
    CHECK_FALSE(n.answers);
    CHECK(f.at("[1000] 10.1.0.0/16").status == Status::Registered);
    // The Mapping Notification then supplies the only locator set known.
    Note mn = f(notification(1, "[1000] 10.1.0.0/16"), M2E);
    CHECK(mn.follows_ack == 0u);
    CHECK(f.t.rlocs(f.at("[1000] 10.1.0.0/16").rlocs).size() == 1);
}

TEST_CASE("Mapping Notification links to its ACK, once") {
    Feed f{Tracker(default_profile(), true)};
    f(registration(0, Reg{}), E2M);
    f(ack(0, "[1000] 10.1.0.0/16"), M2E);
    Note n = f(notification(1, "[1000] 10.1.0.0/16"), M2E);
    CHECK(n.follows_ack == 1u);
    CHECK_FALSE(n.unmatched);
    CHECK(f.t.log()[1].notified_by == 2u);
    const Entry& e = f.at("[1000] 10.1.0.0/16");
    CHECK(e.notified);
    CHECK(f.t.rlocs(e.rlocs)[0].flags == 5);     // the Registration's locators stay the entry's
    CHECK(f.t.rlocs(e.ms_rlocs)[0].flags == 1);  // the MS's view is kept beside them
    CHECK(f(notification(2, "[1000] 10.1.0.0/16"), M2E).unmatched);
    CHECK(f(notification(3, "[1000] 10.7.0.0/16"), M2E).unmatched);
}

TEST_CASE("Message-ID gaps and repeats per direction") {
    Feed f;
    CHECK_FALSE(f(refresh(0, 0, false), M2E).expected_id);
    CHECK_FALSE(f(registration(0, Reg{}), E2M).expected_id);
    Note gap = f(ack(3, "[1000] 10.1.0.0/16"), M2E);
    CHECK(gap.expected_id == 1u);
    Note rep = f(registration(0, Reg{}), E2M);
    CHECK(rep.expected_id == 1u);
    CHECK(f.t.id_stats(M2E).gaps == 1);
    CHECK(f.t.id_stats(M2E).missing == 2);
    CHECK(f.t.id_stats(E2M).repeats == 1);
}

TEST_CASE("A session first seen mid-stream takes its first IDs as the baseline") {
    Feed f;
    f.t.start_mid_stream();
    CHECK_FALSE(f(ack(41, "[1000] 10.1.0.0/16"), M2E).expected_id);
    CHECK_FALSE(f(ack(42, "[1000] 10.1.0.0/16"), M2E).expected_id);
    CHECK(f.t.id_stats(M2E).gaps == 0);
}

TEST_CASE("Messages in the wrong direction are flagged and change no state") {
    Feed f;
    Note n = f(ack(0, "[1000] 10.1.0.0/16"), E2M);
    CHECK(n.wrong_direction);
    CHECK(f.t.table().empty());
    CHECK(f.t.counts()[0][static_cast<int>(Kind::RegistrationAck)] == 1);
}

TEST_CASE("Counts per direction and kind") {
    Feed f;
    f(refresh(0, 0, false), M2E);
    f(registration(0, Reg{}), E2M);
    f(ack(1, "[1000] 10.1.0.0/16"), M2E);
    f(notification(2, "[1000] 10.1.0.0/16"), M2E);
    const Counts c = f.t.counts();
    CHECK(f.t.count(Direction::EtrToMs, Kind::Registration) == 1);
    CHECK(f.t.count(Direction::EtrToMs, Kind::RegistrationAck) == 0);
    CHECK(c[0][static_cast<int>(Kind::Registration)] == 1);
    CHECK(c[1][static_cast<int>(Kind::RegistrationRefresh)] == 1);
    CHECK(c[1][static_cast<int>(Kind::RegistrationAck)] == 1);
    CHECK(c[1][static_cast<int>(Kind::MappingNotification)] == 1);
    CHECK(f.t.messages() == 4);
}

TEST_CASE("Counts stay with their kind when kinds come in any order and repeat") {
    // Cells are kept in (direction, kind) order: a kind first seen after others of a higher cell goes in
    // front of them, and later counts of each must still land on its own.
    Feed f;
    std::uint32_t id_etr = 0, id_ms = 0;
    for (int round = 0; round < 5; ++round) {
        f(notification(id_ms++, "[1000] 10.1.0.0/16"), M2E);
        if (round >= 1) f(refresh(id_ms++, 0, false), M2E);
        if (round >= 2) f(nack(id_ms++, "[1000] 10.2.0.0/16", 2), M2E);
        f(registration(id_etr++, Reg{}), E2M);
        if (round >= 3) f(ack(id_ms++, "[1000] 10.1.0.0/16"), M2E);
    }
    const Counts c = f.t.counts();
    CHECK(c[1][static_cast<int>(Kind::MappingNotification)] == 5);
    CHECK(c[1][static_cast<int>(Kind::RegistrationRefresh)] == 4);
    CHECK(c[1][static_cast<int>(Kind::RegistrationNack)] == 3);
    CHECK(c[0][static_cast<int>(Kind::Registration)] == 5);
    CHECK(c[1][static_cast<int>(Kind::RegistrationAck)] == 2);
    CHECK(f.t.count(Direction::MsToEtr, Kind::RegistrationNack) == 3);
    CHECK(f.t.count(Direction::EtrToMs, Kind::Registration) == 5);
    CHECK(f.t.messages() == 19);
}

TEST_CASE("Locator sets are shared and freed when unused, past the linear search too") {
    Pool<RlocSet> pool;
    std::vector<std::uint32_t> ids;
    for (std::uint8_t i = 0; i < 20; ++i) {
        RlocSet set{Rloc{}};
        set[0].priority = i;
        ids.push_back(pool.acquire(set));
        CHECK(pool.acquire(set) == ids.back());  // the same value gets the same number
    }
    CHECK(pool.live() == 20);
    for (std::uint32_t n : ids) {
        pool.release(n);
        pool.release(n);
    }
    CHECK(pool.live() == 0);
    RlocSet again{Rloc{}};
    std::uint32_t n = pool.acquire(again);
    CHECK(n < 20);  // a freed slot is reused
    CHECK(pool.get(n) == again);
}
