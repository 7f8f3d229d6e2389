// The policy and ETR configuration formats of docs/emulation.md.
#include "emulation/support.hpp"

using namespace msrt;
using namespace msrt::emulation;
using msrt::test::key;

TEST_CASE("policy: sites, prefixes, locators and global settings") {
    Policy p = test::policy();
    CHECK(p.profile->revision == Revision::Ietf);
    CHECK(p.soft_state == 180 * kSecond);
    REQUIRE(p.sites.size() == 1);
    const Site& s = p.sites[0];
    CHECK(s.key == "example-key");
    CHECK(s.prefixes.size() == 5);
    CHECK(s.max_prefixes == 5u);
    CHECK(s.locator_allowed(*Address::parse("192.0.2.77")));
    CHECK_FALSE(s.locator_allowed(*Address::parse("198.51.100.1")));
}

TEST_CASE("policy: exact prefixes versus accept-more-specifics") {
    Policy p = test::policy();
    CHECK(p.match(key("[1000] 10.1.0.0/16")));
    CHECK_FALSE(p.match(key("[1000] 10.1.1.0/24")));  // exact only
    CHECK(p.match(key("[1000] 10.9.0.0/16")));        // under 10.8.0.0/13
    CHECK_FALSE(p.match(key("[2000] 10.1.0.0/16")));  // other instance
    CHECK(p.covering(key("[1000] 10.1.1.0/24")));     // covered, though not admitted
}

TEST_CASE("policy: a whole instance and durations") {
    Policy p = test::policy("soft-state 2.5\nauthorisation-timeout 250ms\nsite a\n key k\n eid [7]\n");
    CHECK(p.soft_state == 2'500'000);
    CHECK(p.authorisation == 250'000);
    CHECK(p.match(key("[7] 2001:db8::/32")));
    CHECK_FALSE(p.match(key("[8] 2001:db8::/32")));
}

TEST_CASE("policy: errors name the line") {
    auto bad = [](const char* text) {
        auto p = parse_policy(text);
        REQUIRE_FALSE(p.ok());
        return p.error().field;
    };
    CHECK(bad("site a\n key k\n eid 10.0.0.0/40\n") == "line 3");
    CHECK(bad("eid 10.0.0.0/8\n") == "line 1");
    CHECK(bad("profile nope\n") == "line 1");
    CHECK(bad("site a\n eid 10.0.0.0/8\n") == "site a");  // no key
    CHECK(bad("site a\n key k\nsite a\n key k\n") == "line 3");
}

TEST_CASE("ETR configuration: mappings, locators, overrides and scheduled changes") {
    EtrConfig c = test::etr_config(std::string(test::kEtr) +
                                   "at 2 withdraw [1000] 10.1.0.0/16\nat 3s map "
                                   "[1000] 10.4.0.0/16 ttl 60\n");
    CHECK(c.profile->revision == Revision::Ietf);
    CHECK(c.xtr_id[0] == 0x00);
    CHECK(c.xtr_id[15] == 0xff);
    REQUIRE(c.mappings.size() == 5);
    CHECK(c.mappings[0].locators.size() == 1);  // the default locator set
    CHECK(c.mappings[0].locators[0].flags == 5);
    CHECK(c.mappings[1].key == "wrong-key");
    CHECK(c.mappings[2].locators[0].rloc.addr.str() == "198.51.100.1");
    REQUIRE(c.changes.size() == 2);
    CHECK(c.changes[0].type == ScheduledChange::Type::Withdraw);
    CHECK(c.changes[1].after == 3 * kSecond);
    CHECK(c.changes[1].mapping.ttl == 60);
}

TEST_CASE("ETR configuration: errors name the line") {
    auto p = parse_etr_config("key k\nmap [1000] 10.0.0.0/8 rloc nowhere\n");
    REQUIRE_FALSE(p.ok());
    CHECK(p.error().field == "line 2");
    CHECK(parse_etr_config("map 10.0.0.0/8\n").ok());  // no key: fine offline, refused live
    CHECK(parse_etr_config("algorithm none\nmap 10.0.0.0/8\n").ok());
}

TEST_CASE("policy: deny rules give their reason") {
    Policy p = test::policy(
        "site a\n key k\n eid [1] 10.0.0.0/8 accept-more-specifics\n deny [1] 10.1.0.0/16 3\n"
        " deny [1] 10.2.0.0/16 more-specifics\n");
    const Site& s = p.sites[0];
    CHECK(s.denial(key("[1] 10.1.0.0/16")) == NackReason::LocatorSetNotAllowed);
    CHECK_FALSE(s.denial(key("[1] 10.1.1.0/24")));  // exact only
    CHECK(s.denial(key("[1] 10.2.3.0/24")) == NackReason::Unspecified);
    CHECK_FALSE(s.denial(key("[1] 10.3.0.0/16")));
    CHECK_FALSE(parse_policy("site a\n key k\n deny 10.0.0.0/8 9\n").ok());
}

TEST_CASE("policy schedule: 'at' splits complete policies in time") {
    auto s = parse_policy_schedule(
        "site a\n key k\n eid 10.0.0.0/8\nat 10\nsite a\n key k\n eid 10.0.0.0/8\n"
        " eid 11.0.0.0/8\nat 1767225600.5\nsite b\n key j\n");
    REQUIRE(s.ok());
    REQUIRE(s->size() == 3);
    CHECK((*s)[0].at == 0);
    CHECK((*s)[1].at == 10 * kSecond);
    CHECK_FALSE((*s)[1].absolute);
    CHECK((*s)[1].policy.sites[0].prefixes.size() == 2);
    CHECK((*s)[2].absolute);
    auto bad = parse_policy_schedule("site a\n key k\nat soon\n");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().field == "line 3");
    auto inner = parse_policy_schedule("site a\n key k\nat 5\nsite b\n bogus\n");
    REQUIRE_FALSE(inner.ok());
    CHECK(inner.error().field == "line 5");
}
