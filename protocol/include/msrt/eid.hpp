// EID prefixes: the normalised key used for pairing and state, and the compact encoding of ACK/NACK/Refresh.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "msrt/address.hpp"
#include "msrt/constants.hpp"

namespace msrt {

// The key of a registration: (Instance ID, prefix, length). A plain AFI counts as IID 0 (spec 2.7, 6.4).
struct Eid {
    std::uint32_t iid = 0;
    Address prefix;
    std::uint8_t len = 0;

    std::string str() const;  // "[1000] 10.1.0.0/16"
    // Parses "[1000] 10.1.0.0/16", "10.1.0.0/16" (IID 0) or "[1000]" / "[1000] *" (any prefix in the IID).
    static std::optional<Eid> parse(std::string_view text);
    // True when `other` is this prefix or a more-specific of it, in the same IID and family.
    bool covers(const Eid& other) const;

    friend bool operator==(const Eid&, const Eid&) = default;
    friend auto operator<=>(const Eid&, const Eid&) = default;
};

// Compact EID prefix: mask-len (1), AFI (2), address (spec 2.4). Not 32-bit aligned.
struct EidPrefix {
    std::size_t offset = 0;  // of the mask-len octet
    std::uint8_t mask_len = 0;
    AddressField field;

    Eid key() const { return Eid{field.iid(), field.addr, mask_len}; }
    std::size_t size() const { return 1 + field.size; }
    static EidPrefix of(const Eid& eid, bool as_lcaf = true);  // Cisco habit: always an IID LCAF

    friend bool operator==(const EidPrefix& a, const EidPrefix& b) {
        return a.mask_len == b.mask_len && a.field == b.field;
    }
};

EidPrefix read_eid_prefix(Reader& r);
void read_eid_prefix(Reader& r, EidPrefix& p);  // into `p`, reusing its address's storage
void write_eid_prefix(Writer& w, const EidPrefix& p);

}  // namespace msrt
