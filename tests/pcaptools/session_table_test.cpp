// `msrt sessions` as a table (sessions/session_table.cpp): each registration's row names its EID-prefix as
// eid_text() writes it, for the families composed in place (IPv4, IPv6, MAC) and for those left to
// Key::str() (Distinguished Names, AFI 0).
#include <catch2/catch.hpp>

#include <string>

#include "msrt/session/registration_table.hpp"
#include "session/builders.hpp"
#include "sessions/session_report.hpp"
#include "sessions/session_state.hpp"

using namespace msrt;
using namespace msrt::test;

namespace {

// A Registration of `prefix`/`len` in instance `iid`, whatever the family.
Message registration_of(std::uint32_t id, std::uint32_t iid, const Address& prefix, std::uint8_t len) {
    Message m = registration(id, Reg{});
    EidRecord& rec = std::get<Registration>(m.body).map_register.records[0];
    rec.eid = AddressField::with_iid(iid, prefix);
    rec.mask_len = len;
    return on_wire(m);
}

}  // namespace

TEST_CASE("Session table: each registration's EID-prefix cell as eid_text() writes it, for every family") {
    Address name;
    name.afi = wire::afi::kDistinguishedName;
    name.name = "site-a.example";
    const std::pair<Address, std::uint8_t> prefixes[] = {{*Address::parse("10.1.0.0"), 16},
                                                         {*Address::parse("2001:db8::"), 32},
                                                         {*Address::parse("02:00:5e:00:53:00"), 40},
                                                         {name, 0},
                                                         {Address::none(), 0}};
    cli::SessionState s(default_profile(), cli::SessionInfo{});
    std::uint32_t id = 0;
    for (const auto& [prefix, len] : prefixes) {
        s.tracker.on_message(registration_of(id, 7, prefix, len), Direction::EtrToMs, 1'000'000, id + 1);
        ++id;
    }
    REQUIRE(s.tracker.table().size() == std::size(prefixes));
    std::string out;
    cli::write_session_table(out, s, cli::Options{}, nullptr);
    for (const auto& [key, e] : s.tracker.table()) {
        std::string cell = "  7  " + cli::eid_text(key) + " ";
        INFO(out);
        CHECK(out.find(cell) != std::string::npos);
    }
}
