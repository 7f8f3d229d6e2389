// Registration Refresh marks (spec 6.6): scopes 0-4, with and without R, and the links to the re-sends.
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "msrt/session/tracker.hpp"
#include "session/builders.hpp"

using namespace msrt;
using namespace msrt::session;
using namespace msrt::test;

namespace {

constexpr auto E2M = Direction::EtrToMs;
constexpr auto M2E = Direction::MsToEtr;

// A session holding: four registered keys over two IIDs and both families, and one rejected key.
struct Loaded {
    Tracker t{default_profile(), true};
    Micros now = 1'700'000'000'000'000;
    std::uint32_t etr_id = 0, ms_id = 0;

    Note send(const Message& m, Direction d, Micros step = 100'000) {
        now += step;
        return t.on_message(m, d, now, 0);
    }
    void reg(const char* text, bool accept) {
        send(registration(etr_id++, Reg{text}), E2M);
        send(accept ? ack(ms_id++, text) : nack(ms_id++, text, 1), M2E);
    }
    Loaded() {
        reg("[1000] 10.1.0.0/16", true);
        reg("[1000] 10.1.1.0/24", true);
        reg("[1000] 10.2.0.0/16", false);
        reg("[1000] 2001:db8::/32", true);
        reg("[2000] 10.1.0.0/16", true);
    }
    std::set<std::string> marked() const {
        std::set<std::string> out;
        for (const Key& k : t.unanswered_refresh_keys())
            out.insert(k.str());
        return out;
    }
};

using Keys = std::set<std::string>;

}  // namespace

TEST_CASE("Refresh scopes select per spec 6.6") {
    const Keys all{"[1000] 10.1.0.0/16", "[1000] 10.1.1.0/24", "[1000] 10.2.0.0/16", "[1000] 2001:db8::/32",
                   "[2000] 10.1.0.0/16"};
    struct Case {
        std::uint8_t scope;
        const char* eid;
        Keys full, rejected_only;
    };
    const Case cases[] = {
        {0, nullptr, all, {"[1000] 10.2.0.0/16"}},
        {1,
         "[1000]",
         {"[1000] 10.1.0.0/16", "[1000] 10.1.1.0/24", "[1000] 10.2.0.0/16", "[1000] 2001:db8::/32"},
         {"[1000] 10.2.0.0/16"}},
        {2,
         "[1000] 0.0.0.0/0",
         {"[1000] 10.1.0.0/16", "[1000] 10.1.1.0/24", "[1000] 10.2.0.0/16"},
         {"[1000] 10.2.0.0/16"}},
        {3, "[1000] 10.1.0.0/16", {"[1000] 10.1.0.0/16", "[1000] 10.1.1.0/24"}, {}},
        {4, "[1000] 10.1.0.0/16", {"[1000] 10.1.0.0/16"}, {}},
        {4, "[1000] 10.2.0.0/16", {"[1000] 10.2.0.0/16"}, {"[1000] 10.2.0.0/16"}},
    };
    for (const Case& c : cases) {
        for (bool r : {false, true}) {
            INFO("scope " << int(c.scope) << " R=" << r);
            Loaded s;
            Note n = s.send(refresh(s.ms_id++, c.scope, r, c.eid), M2E);
            REQUIRE(n.refresh == 0u);
            CHECK(s.marked() == (r ? c.rejected_only : c.full));
            CHECK(s.t.refreshes()[0].marked == (r ? c.rejected_only : c.full).size());
        }
    }
}

TEST_CASE("A plain-AFI scope reads as IID 0") {
    Tracker t;
    t.on_message(registration(0, Reg{"[0] 10.1.0.0/16"}), E2M, 1, 1);
    t.on_message(ack(0, "[0] 10.1.0.0/16", false), M2E, 2, 2);
    Message m = refresh(1, 3, false, "[0] 10.0.0.0/8");
    std::get<RegistrationRefresh>(m.body).eid = EidPrefix::of(eid("10.0.0.0/8"), false);
    t.on_message(on_wire(m), M2E, 3, 3);
    CHECK(t.unanswered_refresh_keys().size() == 1);
    CHECK(t.unanswered_refresh_count() == 1);
}

TEST_CASE("Re-sent Registrations clear their marks and link to the Refresh") {
    Loaded s;
    Note r = s.send(refresh(s.ms_id++, 1, false, "[1000]"), M2E);
    Note n = s.send(registration(s.etr_id++, Reg{"[1000] 10.1.0.0/16"}), E2M);
    CHECK(n.caused_by == r.index);
    CHECK(n.refresh == 0u);
    CHECK(s.marked().size() == 3);
    CHECK(s.t.refreshes()[0].answered == 1);
    CHECK(s.t.log()[r.index].caused == std::vector<std::uint32_t>{n.index});
    const auto* it = s.t.table().find(Key::of(eid("[1000] 10.1.0.0/16")));
    REQUIRE(it != nullptr);
    CHECK(it->second.last_refresh == 0u);
    CHECK(it->second.refresh_mark == kNone);
}

TEST_CASE("New keys answer a Refresh while the ETR's burst lasts") {
    Tracker t;
    Micros now = 0;
    Note r = t.on_message(refresh(0, 0, false), M2E, now, 1);
    Note a = t.on_message(registration(0, Reg{"[1000] 10.1.0.0/16"}), E2M, now += 150'000, 2);
    Note b = t.on_message(registration(1, Reg{"[1000] 10.2.0.0/16"}), E2M, now += 1'000, 3);
    Note c = t.on_message(registration(2, Reg{"[1000] 10.3.0.0/16"}), E2M, now += 3'600'000'000, 4);
    CHECK(a.caused_by == r.index);
    CHECK(b.caused_by == r.index);
    CHECK_FALSE(c.caused_by);  // an hour later: a configuration change, not an answer
    CHECK(t.refreshes()[0].caused == 2);
}

TEST_CASE("A withdrawn key is not asked for") {
    Tracker t;
    t.on_message(registration(0, Reg{"[1000] 10.1.0.0/16", 0}), E2M, 1, 1);
    t.on_message(ack(0, "[1000] 10.1.0.0/16"), M2E, 2, 2);
    t.on_message(refresh(1, 0, false), M2E, 3, 3);
    CHECK(t.unanswered_refresh_keys().empty());
    CHECK(t.unanswered_refresh_count() == 0);
    CHECK(t.table().begin()->second.last_refresh == 0u);
}
