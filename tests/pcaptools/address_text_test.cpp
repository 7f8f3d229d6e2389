// append_address_text (common/address_text.hpp) writes what msrt::Address::str() writes (inet_ntop, "%02x:"),
// and append_iid_eid, built on it, what Key::str() writes.
#include <catch2/catch.hpp>
#include <cstdio>
#include <random>

#include "common/address_text.hpp"
#include "msrt/address.hpp"
#include "msrt/constants.hpp"
#include "msrt/eid.hpp"
#include "sessions/session_report.hpp"

using namespace msrt;

namespace {

std::string fast(const Address& a) {
    std::string s = "x";  // appends
    REQUIRE(cli::append_address_text(s, a.afi, a.octets.data()));
    return s.substr(1);
}

Address of(std::uint16_t afi, std::initializer_list<std::uint8_t> octets) {
    Address a;
    a.afi = afi;
    a.size = static_cast<std::uint8_t>(octets.size());
    std::copy(octets.begin(), octets.end(), a.octets.begin());
    return a;
}

Address ipv6_words(const std::array<std::uint16_t, 8>& w) {
    Address a;
    a.afi = wire::afi::kIpv6;
    a.size = 16;
    for (int i = 0; i < 8; ++i) {
        a.octets[2 * i] = static_cast<std::uint8_t>(w[i] >> 8);
        a.octets[2 * i + 1] = static_cast<std::uint8_t>(w[i]);
    }
    return a;
}

}  // namespace

TEST_CASE("address text: the families Address::str() formats, character for character") {
    std::vector<Address> cases = {
        of(wire::afi::kIpv4, {0, 0, 0, 0}),
        of(wire::afi::kIpv4, {255, 255, 255, 255}),
        of(wire::afi::kIpv4, {10, 0, 100, 9}),
        of(wire::afi::kMac48, {0x02, 0, 0, 0x0a, 0xff, 0x31}),
        of(wire::afi::kMac802, {0, 0x11, 0x22, 0x33, 0x44, 0x55}),
        ipv6_words({0, 0, 0, 0, 0, 0, 0, 0}),                // ::
        ipv6_words({0, 0, 0, 0, 0, 0, 0, 1}),                // ::1
        ipv6_words({1, 0, 0, 0, 0, 0, 0, 0}),                // 1::
        ipv6_words({0, 0, 0, 0, 0, 0xffff, 0xc000, 0x201}),  // ::ffff:192.0.2.1
        ipv6_words({0, 0, 0, 0, 0, 0, 0xc000, 0x201}),       // ::192.0.2.1
        ipv6_words({0, 0, 0, 0, 0, 0xfffe, 0xc000, 0x201}),  // not mapped
        ipv6_words({0, 0, 0, 0, 0xffff, 0, 0xc000, 0x201}),
        ipv6_words({0x2001, 0xdb8, 0, 0, 1, 0, 0, 1}),  // the first of two equal runs
        ipv6_words({0x2001, 0xdb8, 0, 1, 0, 0, 0, 1}),  // the longer run
        ipv6_words({0x2001, 0, 0xdb8, 0, 1, 0, 2, 0}),  // single zero words stay
        ipv6_words({0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff}),
        ipv6_words({0xabc, 0xf, 0x10, 0x100, 0x1000, 0xa0b, 0, 0}),
    };
    std::mt19937 rng(7);
    for (int n = 0; n < 20000; ++n) {
        std::array<std::uint16_t, 8> w{};
        for (auto& x : w) {
            int pick = static_cast<int>(rng() % 6);
            x = pick < 3    ? 0
                : pick == 3 ? static_cast<std::uint16_t>(rng() % 16)
                            : static_cast<std::uint16_t>(rng());
        }
        if (n % 7 == 0) w[5] = 0xffff;
        cases.push_back(ipv6_words(w));
    }
    for (int n = 0; n < 2000; ++n) {
        Address a = of(n % 2 ? wire::afi::kIpv4 : wire::afi::kMac48, {});
        a.size = n % 2 ? 4 : 6;
        for (int i = 0; i < a.size; ++i)
            a.octets[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(rng() % 3 ? rng() : 0);
        cases.push_back(a);
    }
    for (const Address& a : cases) {
        INFO(a.str());
        CHECK(fast(a) == a.str());
    }
}

TEST_CASE("address text: other families are left to Address::str()") {
    std::string s = "x";
    CHECK_FALSE(cli::append_address_text(s, 0, Address().octets.data()));
    CHECK_FALSE(cli::append_address_text(s, wire::afi::kDistinguishedName, Address().octets.data()));
    CHECK(s == "x");
}

TEST_CASE("append_iid_eid appends what Key::str() writes, for every kind of prefix") {
    std::mt19937 rng(5);
    std::vector<Eid> eids = {*Eid::parse("[1000] 10.1.0.0/16"), *Eid::parse("[0] 2001:db8::/32"),
                             *Eid::parse("[7] *"), *Eid::parse("[4294967295] 0.0.0.0/0")};
    Address mac = of(wire::afi::kMac48, {0, 0x11, 0x22, 0x33, 0x44, 0x55});
    eids.push_back(Eid{3, mac, 48});
    Address name;
    name.afi = wire::afi::kDistinguishedName;
    name.name = "site-a";
    eids.push_back(Eid{9, name, 0});
    for (int i = 0; i < 2000; ++i) {
        Address a = rng() % 2 ? of(wire::afi::kIpv4, {static_cast<std::uint8_t>(rng()), 0, 0, 0})
                              : ipv6_words({0x2001, 0xdb8, static_cast<std::uint16_t>(rng()), 0, 0, 0, 0,
                                            static_cast<std::uint16_t>(rng() % 3)});
        eids.push_back(Eid{static_cast<std::uint32_t>(rng()), a, static_cast<std::uint8_t>(rng() % 129)});
    }
    for (const Eid& e : eids) {
        session::Key k = session::Key::of(e);
        INFO(k.str());
        std::string s = "x";
        cli::append_iid_eid(s, k);
        REQUIRE(s == "x" + k.str());
    }
}

TEST_CASE("JSON and table text of addresses, EIDs and locator sets: what the Json builder and printf write") {
    Address name;
    name.afi = wire::afi::kDistinguishedName;
    name.name = "site \"a\"\\b";  // to be escaped
    std::vector<Address> addresses = {of(wire::afi::kIpv4, {192, 0, 2, 1}),
                                      ipv6_words({0x2001, 0xdb8, 0, 0, 0, 0, 0, 1}),
                                      of(wire::afi::kMac48, {2, 0, 0x5e, 0, 0x53, 1}), name};
    session::RlocSet rlocs;
    for (const Address& a : addresses) {
        auto p = session::PackedAddress::of(a);
        INFO(a.str());
        std::string s = "x";
        cli::append_address_json(s, p);
        CHECK(s == "x" + cli::json_escape(a.str()));
        session::Key k = session::Key::of(
            Eid{7, a, a.afi == wire::afi::kDistinguishedName ? std::uint8_t{0} : std::uint8_t{24}});
        s = "x";
        cli::append_eid_json(s, k);
        CHECK(s == "x" + cli::json_escape(cli::eid_text(k)));
        auto n = static_cast<std::uint8_t>(rlocs.size());
        rlocs.push_back(
            session::Rloc{p, 1, n, 255, 0, static_cast<std::uint16_t>(n == 2 ? 0xffff : 5 + 7 * n)});
    }
    cli::Json j;
    j.begin_array();
    for (const session::Rloc& r : rlocs)
        j.begin_object()
            .field("address", r.address.str())
            .field("priority", unsigned{r.priority})
            .field("weight", unsigned{r.weight})
            .field("m_priority", unsigned{r.m_priority})
            .field("m_weight", unsigned{r.m_weight})
            .field("flags", unsigned{r.flags})
            .end_object();
    j.end_array();
    std::string s = "x";
    cli::append_rlocs_json(s, rlocs);
    CHECK(s == "x" + j.str());
    std::string text;  // the table's text, as printf would write it
    for (const session::Rloc& r : rlocs) {
        char buf[64];
        std::snprintf(buf, sizeof buf, " %u/%u %u/%u 0x%x", r.priority, r.weight, r.m_priority, r.m_weight,
                      r.flags);
        text += (text.empty() ? "" : "; ") + r.address.str() + buf;
    }
    CHECK(cli::rlocs_text(rlocs) == text);
    s = "x";
    cli::append_rlocs_json(s, {});
    CHECK(s == "x[]");
}

TEST_CASE("endpoint text: the address as Address::str() writes it, IPv6 in brackets, then the port") {
    const std::pair<Address, std::string> cases[] = {
        {of(wire::afi::kIpv4, {192, 0, 2, 10}), "192.0.2.10:40001"},
        {ipv6_words({0x2001, 0xdb8, 0, 0, 0, 0, 0, 1}), "[2001:db8::1]:40001"},
        {of(wire::afi::kMac48, {2, 0, 0x5e, 0, 0x53, 1}), "02:00:5e:00:53:01:40001"}};
    for (const auto& [a, want] : cases) {
        char text[cli::kEndpointChars];
        char* end = cli::endpoint_chars(text, a.afi, a.octets.data(), 40001);
        REQUIRE(end);
        CHECK(std::string(text, end) == want);
        CHECK((cli::Endpoint{a, 40001}.str()) == want);
    }
    char text[cli::kEndpointChars];
    CHECK_FALSE(cli::endpoint_chars(text, 0, Address().octets.data(), 1));
    CHECK(cli::Endpoint{Address(), 65535}.str() == Address().str() + ":65535");  // not an address: its str()
}
