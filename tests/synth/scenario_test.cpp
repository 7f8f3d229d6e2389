// The scenario file parser and the value syntax shared with the command-line flags.
#include <catch2/catch.hpp>

#include "synth/scenario.hpp"

using namespace msrt;
using namespace msrt::synth;

namespace {

Scenario ok(const std::string& text) {
    auto r = parse_scenario(text);
    if (auto* e = std::get_if<ScenarioError>(&r)) FAIL("line " << e->line << ": " << e->what);
    return std::get<Scenario>(r);
}

ScenarioError bad(const std::string& text) {
    auto r = parse_scenario(text);
    REQUIRE(std::holds_alternative<ScenarioError>(r));
    return std::get<ScenarioError>(r);
}

const std::string kBase =
    "ms ms1 192.0.2.1 membership=1000\n"
    "etr etr1 ms=ms1 rloc=192.0.2.10,198.51.100.10 site-id=7 key=k\n";

}  // namespace

TEST_CASE("Durations, rates, probabilities") {
    CHECK(parse_duration("1.5s") == 1'500'000);
    CHECK(parse_duration("200ms") == 200'000);
    CHECK(parse_duration("40us") == 40);
    CHECK(parse_duration("2m") == 120'000'000);
    CHECK(parse_duration("3") == 3'000'000);
    CHECK_FALSE(parse_duration("1.0000001s"));
    CHECK_FALSE(parse_duration("fast"));
    CHECK(parse_rate("100mbit") == 100'000'000u);
    CHECK(parse_rate("1.5gbit") == 1'500'000'000u);
    CHECK(parse_probability("5%") == Approx(0.05));
    CHECK_FALSE(parse_probability("1.5"));
}

TEST_CASE("Locator lists and xTR-IDs") {
    auto l = parse_locators("192.0.2.1/1/50,2001:db8::1/2/50/10/20");
    REQUIRE(l);
    REQUIRE(l->size() == 2);
    CHECK((*l)[1].priority == 2);
    CHECK((*l)[1].m_priority == 10);
    CHECK((*l)[1].m_weight == 20);
    CHECK((*l)[0].flags == 5);
    CHECK_FALSE(parse_locators("192.0.2.1/1"));
    CHECK(parse_xtr_id("0x00112233445566778899aabbccddeeff"));
    CHECK_FALSE(parse_xtr_id("0011"));
}

TEST_CASE("A scenario with every kind of statement") {
    Scenario s = ok(kBase +
                    "name demo\nseed 9\nprofile ietf\nvlan 12\nmss 536\nrtt 10ms\nend 20s\n"
                    "impair duplicate 1%\nimpair mid-stream 3s\n"
                    "eid etr1 [1000] 10.1.0.0/16\n"
                    "eid etr1 [2000] 02:00:00:00:aa:00/48 nack=2 rlocs=192.0.2.10/1/100\n"
                    "at 5s ms1 refresh etr1 scope=3 eid=[1000]10.0.0.0/8 rejected-only\n"
                    "at 4s etr1 withdraw [1000] 10.1.0.0/16   # comment\n"
                    "at 6s ms1 refresh * scope=2 iid=1000 family=ipv6\n"
                    "at 7s etr1 close rst reconnect=1s\n"
                    "at 8s etr1 subscribe 1000\n");
    CHECK(s.name == "demo");
    CHECK(s.seed == 9);
    CHECK(s.profile->revision == Revision::Ietf);
    CHECK(s.net.vlan == 12);
    CHECK(s.net.mss == 536);
    CHECK(s.impair.duplicate == Approx(0.01));
    CHECK(s.impair.mid_stream == 3'000'000);
    REQUIRE(s.etrs.size() == 1);
    CHECK(s.etrs[0].rlocs.size() == 2);
    CHECK(s.etrs[0].eids[1].nack == NackReason::AuthenticationFailure);
    REQUIRE(s.actions.size() == 5);
    CHECK(s.actions[0].kind == ActionKind::Withdraw);  // sorted by time
    CHECK(s.actions[1].scope == Scope::Covering);
    CHECK(s.actions[1].rejected_only);
    CHECK(s.actions[1].target.str() == "[1000] 10.0.0.0/8");
    CHECK(s.actions[2].target.prefix.afi == wire::afi::kIpv6);
    CHECK(s.actions[3].rst);
    CHECK(s.actions[3].reconnect == 1'000'000);
    CHECK(s.actions[4].iid == 1000);
}

TEST_CASE("Errors name the line and the problem") {
    CHECK(bad(kBase + "bogus 1\n").line == 3);
    CHECK(bad(kBase + "eid etr9 10.0.0.0/8\n").what.find("no ETR named 'etr9'") != std::string::npos);
    CHECK(bad(kBase + "eid etr1 10.0.0.0/33\n").what.find("bad EID prefix") != std::string::npos);
    CHECK(bad(kBase + "at 1s ms1 refresh etr1 scope=1\n").what.find("iid") != std::string::npos);
    CHECK(bad(kBase + "at 1s ms1 refresh etr1 scope=7\n").what.find("scope") != std::string::npos);
    CHECK(bad(kBase + "at 1s etr1 close maybe\n").what.find("fin or rst") != std::string::npos);
    CHECK(bad(kBase + "eid etr1 10.0.0.0/8 colour=red\n").what.find("unknown option 'colour'") !=
          std::string::npos);
    CHECK(bad("ms ms1 192.0.2.1\n").what.find("at least one") != std::string::npos);
    CHECK(bad("ms ms1 2001:db8::1\netr e ms=ms1 rloc=192.0.2.1\n").what.find("family") != std::string::npos);
    CHECK(bad(kBase + "eid etr1 10.0.0.0/8\neid etr1 10.0.0.0/8\n").line == 4);
}
