// The one-line summaries and JSON fields of msrt decode (common/message_text) against the protocol library's
// own texts: a record reads "EID ttl N rlocs RLOC pP/wW FLAGS ...", its EID as Eid::str() and each locator
// as AddressField::str() give them. Both are composed without those functions' temporaries, so this holds
// them to the same characters for every kind of address a record can carry.
#include <catch2/catch.hpp>
#include <string>

#include "common/message_text.hpp"

using namespace msrt;
using namespace msrt::cli;

namespace {

Address dn(const std::string& name) {
    Address a;
    a.afi = wire::afi::kDistinguishedName;
    a.name = name;
    return a;
}

AddressField afi_list(std::vector<Address> members) {
    AddressField f;
    Lcaf l;
    l.type = wire::lcaf::kTypeAfiList;
    l.afi_list = std::move(members);
    f.lcaf = l;
    return f;
}

// The text as the protocol library's str() functions give it, piece by piece.
std::string expected_record(const EidRecord& r) {
    std::string s = r.key().str() + (r.ttl == 0 ? " ttl 0 (withdraw)" : " ttl " + std::to_string(r.ttl));
    if (r.locators.empty()) return s + " no rlocs";
    s += " rlocs";
    for (const Locator& l : r.locators) {
        std::string flags =
            std::string(l.local() ? "L" : "") + (l.probed() ? "p" : "") + (l.reachable() ? "R" : "");
        s += " " + l.rloc.str() + " p" + std::to_string(l.priority) + "/w" + std::to_string(l.weight) + " " +
             (flags.empty() ? "-" : flags);
    }
    return s;
}

}  // namespace

TEST_CASE("Message summaries: every EID and locator family reads as the protocol library writes it") {
    const AddressField eids[] = {
        AddressField::with_iid(1000, *Address::parse("10.1.0.0")),
        AddressField::with_iid(4294967295u, *Address::parse("2001:db8::")),
        AddressField::plain(*Address::parse("10.2.0.0")),
        AddressField::with_iid(7, *Address::parse("00:11:22:33:44:55")),
        AddressField::plain(dn("site-a.example")),
        AddressField::plain(Address::none()),
    };
    const AddressField rlocs[] = {
        AddressField::plain(*Address::parse("192.0.2.1")),
        AddressField::plain(*Address::parse("2001:db8::1:0:0:1")),
        AddressField::plain(*Address::parse("::ffff:192.0.2.9")),
        AddressField::with_iid(3, *Address::parse("198.18.0.1")),
        AddressField::plain(dn("rloc.example")),
        afi_list({*Address::parse("192.0.2.2"), *Address::parse("2001:db8::2")}),
    };
    MapRegister m;
    for (std::size_t i = 0; i < std::size(eids); ++i) {
        EidRecord r;
        r.eid = eids[i];
        r.mask_len = static_cast<std::uint8_t>(8 * i);
        r.ttl = i == 2 ? 0 : static_cast<std::uint32_t>(1440 * i);
        for (std::size_t k = 0; k < i % 4 * 3; ++k) {
            Locator l;
            l.rloc = rlocs[(i + k) % std::size(rlocs)];
            l.priority = static_cast<std::uint8_t>(k);
            l.weight = static_cast<std::uint8_t>(100 - k);
            l.flags = static_cast<std::uint16_t>(k % 8);  // every combination of L, p and R
            r.locators.push_back(l);
        }
        m.records.push_back(r);
    }
    std::string records;
    for (const EidRecord& r : m.records)
        records += (records.empty() ? "" : "; ") + expected_record(r);
    std::string summary = map_register_summary(m);
    INFO(summary);
    REQUIRE(summary.substr(0, records.size()) == records);
    CHECK(summary.substr(records.size(), 9) == "  flags -");

    Message n;
    MappingNotification body;
    body.record = m.records[1];
    body.site_id = 42;
    n.body = body;
    CHECK(message_summary(n, default_profile()) ==
          expected_record(m.records[1]) + "  xtr-id " + std::string(32, '0') + " site 42");

    // The same texts as JSON strings (none of them needs escaping).
    for (const EidRecord& r : m.records) {
        body.record = r;
        n.body = body;
        Json j;
        j.begin_object();
        message_json(j, n, default_profile());
        j.end_object();
        INFO(j.str());
        CHECK(j.str().find("\"eid\":\"" + r.key().str() + "\"") != std::string::npos);
        for (const Locator& l : r.locators)
            CHECK(j.str().find("{\"address\":\"" + l.rloc.str() +
                               "\",\"priority\":" + std::to_string(l.priority) + ",") != std::string::npos);
    }
}
