// Reading an address field in place, inline where decoders call it: nearly every address is an Instance-ID
// LCAF around IPv4/IPv6 (EIDs) or a plain IPv4/IPv6 address (locators), read by the fast paths here after one
// bounds check; anything else, or anything short, goes out of line to read_any_address, which checks each
// field and names the problem. Called across files, each address was a call into the general reading's
// frame (2% of `msrt sessions` instructions); inlining is forced, since left to GCC it kept an out-of-line
// copy for the locators and decoding took 1% more instructions than with the call.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

#include "msrt/address.hpp"
#include "msrt/constants.hpp"

namespace msrt::detail {

namespace afi = wire::afi;

// All 16 octets in one 16-octet store. The tables pack an address right after it is read, with a 16-octet
// load, and a load that spans several recent stores waits for them to retire (no store forwarding): as
// an array zeroed then given 4 octets, that wait was half of reading an IPv4 address. A copy of run-time
// length was also a call to memmove per address.
[[gnu::always_inline]] inline void store_octets(Address& a, ByteView v) {
    using Lanes = std::uint32_t __attribute__((vector_size(16)));
    if (v.size() == 4) {
        std::uint32_t w;
        std::memcpy(&w, v.data(), 4);
        Lanes x = {w, 0, 0, 0};
        std::memcpy(a.octets.data(), &x, 16);
    } else if (v.size() == 16) {
        std::memcpy(a.octets.data(), v.data(), 16);
    } else {
        std::array<std::uint8_t, 16> octets{};
        std::copy(v.begin(), v.end(), octets.begin());
        a.octets = octets;
    }
}

// The address field of nearly every EID record, an Instance-ID LCAF around an IPv4 or IPv6 address, whole
// and well formed: read after one bounds check instead of one per field. It sets every field as
// read_any_address would; anything else, or anything short, is left to that, which names the problem.
[[gnu::always_inline]] inline bool read_iid_address(Reader& r, AddressField& out) {
    constexpr std::size_t kFixed = 2 + wire::lcaf::kHeaderSize + 4 + 2;  // up to the inner address
    ByteView rest = r.data().subspan(r.pos());
    if (r.failed() || rest.size() < kFixed) return false;
    const std::uint8_t* p = rest.data();
    std::uint16_t inner = load_be16(p + 12);
    std::size_t size = inner == afi::kIpv4 ? 4 : inner == afi::kIpv6 ? 16 : 0;
    std::uint16_t length = load_be16(p + 6);
    if (load_be16(p) != afi::kLcaf || p[4] != wire::lcaf::kTypeInstanceId || size == 0 ||
        length != 4 + 2 + size || rest.size() < kFixed + size)
        return false;
    out.offset = r.abs();
    out.size = kFixed + size;
    Lcaf& l = out.lcaf ? *out.lcaf : out.lcaf.emplace();
    l.rsvd1 = p[2];
    l.flags = p[3];
    l.type = p[4];
    l.rsvd2 = p[5];
    l.length = length;
    l.iid = load_be32(p + 8);
    l.afi_list.clear();
    l.raw.clear();
    out.addr.afi = inner;
    out.addr.size = static_cast<std::uint8_t>(size);
    out.addr.name.clear();
    store_octets(out.addr, ByteView(p + kFixed, size));
    r.skip(kFixed + size, "address");
    return true;
}

// The address of nearly every locator, a plain IPv4 or IPv6 address, likewise: one bounds check, every
// field set, anything else left to the general reading (read_plain's checks and calls were half the cost
// of decoding a locator).
[[gnu::always_inline]] inline bool read_ip_address(Reader& r, AddressField& out) {
    ByteView rest = r.data().subspan(r.pos());
    if (r.failed() || rest.size() < 2 + 4) return false;
    const std::uint8_t* p = rest.data();
    std::uint16_t family = load_be16(p);
    std::size_t size = family == afi::kIpv4 ? 4 : family == afi::kIpv6 ? 16 : 0;
    if (size == 0 || rest.size() < 2 + size) return false;
    out.offset = r.abs();
    out.size = 2 + size;
    out.lcaf.reset();
    out.addr.afi = family;
    out.addr.size = static_cast<std::uint8_t>(size);
    out.addr.name.clear();
    store_octets(out.addr, ByteView(p + 2, size));
    r.skip(2 + size, "address");
    return true;
}

// Any address, every check on the way (address.cpp): out of line, away from the fast paths.
[[gnu::noinline]] void read_any_address(Reader& r, const char* field, AddressField& out);

// In place: `out` may hold an earlier address (the decoders reuse their records), so every field is set,
// as a fresh AddressField would have it.
[[gnu::always_inline]] inline void read_address_inline(Reader& r, const char* field, AddressField& out) {
    if (read_iid_address(r, out) || read_ip_address(r, out)) return;
    read_any_address(r, field, out);
}

}  // namespace msrt::detail
