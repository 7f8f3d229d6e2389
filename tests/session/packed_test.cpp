// The packed forms of addresses and keys (msrt/session/packed.hpp): their fast comparisons agree with the
// full ones, and with the order of msrt::Address and msrt::Eid.
#include <catch2/catch.hpp>
#include <random>

#include "msrt/session/packed.hpp"

using namespace msrt;
using namespace msrt::session;

namespace {

// Addresses that share long prefixes, so comparisons reach every word and the size.
Address random_address(std::mt19937& rng) {
    Address a;
    a.afi = rng() % 3 == 0 ? 2 : 1;
    a.size = a.afi == 1 ? 4 : 16;
    for (std::size_t i = 0; i < a.size; ++i)
        a.octets[i] = static_cast<std::uint8_t>(rng() % 3 == 0 ? rng() : 0);
    return a;
}

}  // namespace

TEST_CASE("PackedAddress and Key: <, == and <=> agree, in the order of Address and Eid") {
    std::mt19937 rng(9);
    for (int i = 0; i < 20000; ++i) {
        Address x = random_address(rng), y = rng() % 4 ? random_address(rng) : x;
        PackedAddress a = PackedAddress::of(x), b = PackedAddress::of(y);
        INFO(x.str() << " " << y.str());
        REQUIRE((a < b) == ((a <=> b) < 0));
        REQUIRE((a == b) == ((a <=> b) == 0));
        REQUIRE((a < b) == (x < y));
        Eid e{static_cast<std::uint32_t>(rng() % 2), x, static_cast<std::uint8_t>(rng() % 33)};
        Eid f{rng() % 4 ? e.iid : static_cast<std::uint32_t>(rng() % 2), y,
              rng() % 2 ? e.len : static_cast<std::uint8_t>(rng() % 33)};
        Key k = Key::of(e), l = Key::of(f);
        REQUIRE((k < l) == ((k <=> l) < 0));
        REQUIRE((k == l) == ((k <=> l) == 0));
        REQUIRE((k < l) == (e < f));
    }
}
