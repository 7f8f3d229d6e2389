// AFI-encoded addresses, including the LISP Canonical Address Format (spec 2.4, RFC 8060).
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "msrt/bytes.hpp"
#include "msrt/constants.hpp"

namespace msrt {

// A plain address of one address family (never an LCAF).
struct Address {
    std::uint16_t afi = 0;
    std::array<std::uint8_t, 16> octets{};  // IPv4 uses 4, IPv6 16, MAC 6
    std::uint8_t size = 0;
    std::string name;  // AFI 17 (Distinguished Name), without the terminating NUL

    static Address none() { return {}; }
    static Address ipv4(std::uint32_t host_order);
    static Address from_octets(std::uint16_t afi, ByteView octets);
    // Parses "10.1.0.0", "2001:db8::1", "00:11:22:33:44:55" (MAC, AFI 16389) or "" (AFI 0).
    static std::optional<Address> parse(std::string_view text);

    ByteView bytes() const { return ByteView(octets.data(), size); }
    std::size_t bit_width() const { return afi == 17 ? name.size() * 8 : std::size_t{size} * 8; }
    std::string str() const;

    friend bool operator==(const Address&, const Address&) = default;
    friend auto operator<=>(const Address&, const Address&) = default;
};

// Octets an address of this AFI occupies after the AFI, or nullopt for variable/unknown ones.
// Inline: returned from a call, GCC built the optional in memory by parts and loaded it whole, which no store
// can forward (a stall per address read).
inline std::optional<std::size_t> fixed_address_size(std::uint16_t afi) {
    switch (afi) {
        case wire::afi::kNone:
            return 0;
        case wire::afi::kIpv4:
            return 4;
        case wire::afi::kIpv6:
            return 16;
        case wire::afi::kMac802:
        case wire::afi::kMac48:
            return 6;
        default:
            return std::nullopt;
    }
}
std::string_view afi_name(std::uint16_t afi);

struct Lcaf {
    std::uint8_t rsvd1 = 0;
    std::uint8_t flags = 0;
    std::uint8_t type = 0;
    std::uint8_t rsvd2 = 0;         // IID mask-len for the Instance-ID type
    std::uint16_t length = 0;       // as declared on the wire (octets after the Length field)
    std::uint32_t iid = 0;          // Instance-ID type
    std::vector<Address> afi_list;  // AFI-list type
    Bytes raw;                      // any other type: payload kept as it was

    friend bool operator==(const Lcaf&, const Lcaf&) = default;
};

// An address field as it sits on the wire: AFI, then either a plain address or an LCAF.
// For an Instance-ID LCAF, `addr` is the inner address and `lcaf->iid` the instance.
struct AddressField {
    std::size_t offset = 0;  // of the AFI octets, in the decoder's frame of reference
    std::size_t size = 0;    // octets including the AFI
    Address addr;
    std::optional<Lcaf> lcaf;

    std::uint16_t wire_afi() const { return lcaf ? 16387 : addr.afi; }
    bool is_iid() const { return lcaf && lcaf->type == 2; }
    // A plain address or an Instance-ID LCAF: something an (IID, prefix, length) key can describe.
    bool names_prefix() const { return !lcaf || is_iid(); }
    std::uint32_t iid() const { return is_iid() ? lcaf->iid : 0; }
    std::string str() const;  // "[IID] addr" for IID LCAF, "addr" otherwise

    friend bool operator==(const AddressField& a, const AddressField& b) {
        return a.addr == b.addr && a.lcaf == b.lcaf;
    }

    static AddressField plain(Address a);
    static AddressField with_iid(std::uint32_t iid, Address inner, std::uint8_t iid_mask_len = 32);
};

// Reads one AFI-encoded address at the reader's position. On failure the reader carries the error.
AddressField read_address(Reader& r, const char* field);
void read_address(Reader& r, const char* field, AddressField& out);  // into `out`, reusing its storage
void write_address(Writer& w, const AddressField& a);
std::size_t encoded_size(const AddressField& a);

}  // namespace msrt
