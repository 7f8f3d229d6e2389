// The flat registration table: positions stay fixed, lookups find every key, listing is in key order
// whatever order the keys came in (including keys added after a listing).
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "msrt/session/registration_table.hpp"
#include "session/builders.hpp"

using namespace msrt;
using namespace msrt::session;
using namespace msrt::test;

namespace {

Key key(std::uint32_t iid, int third, int len = 24) {
    std::string text =
        "[" + std::to_string(iid) + "] 10.1." + std::to_string(third) + ".0/" + std::to_string(len);
    return Key::of(eid(text.c_str()));
}

std::vector<Key> listed(const RegistrationTable& t) {
    std::vector<Key> out;
    for (const auto& [k, e] : t)
        out.push_back(k);
    return out;
}

RegistrationTable table_of(const std::vector<Key>& keys) {
    RegistrationTable t;
    for (const Key& k : keys)
        t.try_emplace(k);
    return t;
}

// What a listing must give: each key once, in key order (std::sort, not the table's own).
std::vector<Key> in_key_order(std::vector<Key> keys) {
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    return keys;
}

}  // namespace

TEST_CASE("Registration table: positions are fixed and every key is found again") {
    RegistrationTable t;
    std::vector<Key> keys;
    for (int i = 0; i < 200; ++i)
        keys.push_back(key(1000 + static_cast<std::uint32_t>(i % 3), i));
    for (std::size_t i = 0; i < keys.size(); ++i) {
        auto [at, added] = t.try_emplace(keys[i]);
        CHECK(added);
        CHECK(at == i);
        t[at].second.ttl = static_cast<std::uint32_t>(i);
    }
    REQUIRE(t.size() == keys.size());
    for (std::size_t i = 0; i < keys.size(); ++i) {
        auto [at, added] = t.try_emplace(keys[i]);
        CHECK_FALSE(added);
        CHECK(at == i);
        const auto* found = t.find(keys[i]);
        REQUIRE(found != nullptr);
        CHECK(found->second.ttl == i);
    }
    CHECK(t.find(key(7, 1)) == nullptr);
    CHECK(t.index_of(key(1000, 1, 25)) == kNone);
    CHECK(t.size() == keys.size());
}

TEST_CASE("Registration table: listed in key order whatever order keys came in") {
    std::vector<Key> keys;
    for (int i = 0; i < 300; ++i)
        keys.push_back(key(static_cast<std::uint32_t>(i % 4), i % 250, 16 + i % 9));
    std::mt19937 shuffle(42);
    std::shuffle(keys.begin(), keys.end(), shuffle);
    RegistrationTable t = table_of(keys);
    std::vector<Key> sorted = in_key_order(keys);
    CHECK(listed(t) == sorted);

    // After a listing: one key after the last, one before the first.
    Key last = key(9, 1), first = key(0, 0, 8);
    t.try_emplace(last);
    t.try_emplace(first);
    sorted.push_back(last);
    sorted.insert(sorted.begin(), first);
    CHECK(listed(t) == sorted);
}

// What ETRs send: each family ascending, an IPv6 or MAC prefix dealt in among the IPv4 ones, over several
// instances (four (IID, AFI) groups, each in order: only dealt back), and one instance whose keys come in
// reverse (a fifth group, which must be sorted too).
TEST_CASE("Registration table: families dealt in turn are listed in key order") {
    std::vector<Key> keys;
    for (int i = 0; i < 240; ++i) {
        std::string iid = "[" + std::to_string(7 - i % 2) + "] ";
        std::string text = iid + "10.0." + std::to_string(i) + ".0/24";
        if (i % 5 == 4) text = iid + "2001:db8::" + std::to_string(i) + ":0/112";
        if (i % 10 == 9) text = iid + "02:00:00:00:00:" + std::to_string(10 + i % 90) + "/48";
        keys.push_back(Key::of(eid(text.c_str())));
    }
    for (int i = 0; i < 30; ++i)
        keys.push_back(key(2, 200 - i));
    CHECK(listed(table_of(keys)) == in_key_order(keys));
}

// Past a few (IID, AFI) groups the listing sorts the keys as a whole.
TEST_CASE("Registration table: keys of many instances, shuffled, are listed in key order") {
    std::vector<Key> keys;
    for (int i = 0; i < 400; ++i)
        keys.push_back(key(static_cast<std::uint32_t>(i % 40), i % 200));
    std::mt19937 shuffle(7);
    std::shuffle(keys.begin(), keys.end(), shuffle);
    CHECK(listed(table_of(keys)) == in_key_order(keys));
}

TEST_CASE("Registration table: keys in order need no permutation, and one out of order starts it") {
    RegistrationTable t;
    for (int i = 0; i < 20; ++i)
        t.try_emplace(key(1000, i));
    t.try_emplace(key(999, 5));
    std::vector<Key> got = listed(t);
    REQUIRE(got.size() == 21);
    CHECK(got.front() == key(999, 5));
    CHECK(std::is_sorted(got.begin(), got.end()));
    CHECK(t[0].first == key(1000, 0));  // positions unchanged by the sort
    CHECK(t[20].first == key(999, 5));
}

// Tens of thousands of sessions of a few prefixes each (bench/sessions.sh's concurrent capture: 20k x 10)
// hold most of their memory in these tables: their room stays close to their size.
TEST_CASE("Registration table: small tables have room for at most a quarter more entries") {
    RegistrationTable t;
    for (int n = 1; n <= 60; ++n) {
        t.try_emplace(key(1000, n));
        CAPTURE(n, t.capacity());
        CHECK(t.capacity() >= t.size());
        if (n <= 25)
            CHECK(t.capacity() <= static_cast<std::size_t>(n + (n + 3) / 4));
        else
            CHECK(t.capacity() <= static_cast<std::size_t>(n + (n + 1) / 2));
        if (n == 10) CHECK(t.capacity() == 10);
    }
}
