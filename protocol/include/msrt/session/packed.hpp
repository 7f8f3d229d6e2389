// Fixed-size forms of addresses and EID keys for the registration tables. A table may hold hundreds of
// thousands of entries (20k sessions x 10 prefixes), so entries avoid the heap string inside msrt::Address.
#pragma once

#include <array>
#include <bit>
#include <compare>
#include <cstdint>
#include <cstring>

#include "msrt/address.hpp"
#include "msrt/eid.hpp"

namespace msrt::session {

// An Address in 19 octets, byte-aligned so that a Key is 24. Distinguished Names (rare as EIDs or RLOCs) are
// interned process-wide and the octets hold the intern number, so packing is lossless.
struct PackedAddress {
    std::array<std::uint8_t, 16> octets{};
    std::array<std::uint8_t, 2> family{};  // the AFI, big-endian
    std::uint8_t size = 0;

    std::uint16_t afi() const { return static_cast<std::uint16_t>(family[0] << 8 | family[1]); }
    // In one 2-octet store: afi() and the comparisons read both octets in one load, which two 1-octet stores
    // cannot forward to (a stall per table lookup, right after Key::of).
    void set_afi(std::uint16_t afi) {
        if constexpr (std::endian::native == std::endian::little) afi = __builtin_bswap16(afi);
        std::memcpy(family.data(), &afi, sizeof afi);
    }

    // Inline but for Distinguished Names: every key and every locator is packed.
    static PackedAddress of(const Address& a) {
        PackedAddress p;
        p.assign(a);
        return p;
    }
    // In place, one store per member. Built in a temporary and copied, GCC moved the 19 octets as 16 and 4
    // overlapping: the 4 straddle three stores and cannot be forwarded, and the next load of the key (its
    // hash, right after) straddled the copy's two stores: two stalls per table lookup (a third of the
    // samples of Tracker::on_message and half of bucket_of).
    void assign(const Address& a) {
        if (a.afi == wire::afi::kDistinguishedName) {
            *this = of_name(a.name);
            return;
        }
        set_afi(a.afi);
        octets = a.octets;
        size = a.size;
    }
    static PackedAddress of_name(const std::string& name);  // by intern number; size stays 0
    Address unpack() const;
    std::uint64_t high() const { return load_be64(octets.data()); }     // octets 0-7
    std::uint64_t low() const { return load_be64(octets.data() + 8); }  // octets 8-15
    std::string str() const { return unpack().str(); }

    // Field by field, in 8-octet words: the defaulted form calls memcmp for the arrays, and every table
    // lookup and locator-set comparison of a large capture goes through here.
    friend bool operator==(const PackedAddress& a, const PackedAddress& b) {
        // afi(), not the arrays' ==: for a 2-octet array that is a call to memcmp.
        return a.high() == b.high() && a.low() == b.low() && a.afi() == b.afi() && a.size == b.size;
    }
    // Same order as msrt::Address for every family but Distinguished Names (ordered by intern number).
    friend std::strong_ordering operator<=>(const PackedAddress& a, const PackedAddress& b);
    // The same order, without memcmp, in one pass: negative, 0 or positive as a is before, equal to or
    // after b. Table and registry lookups compare addresses at every step.
    static int compare(const PackedAddress& a, const PackedAddress& b) {
        if (a.afi() != b.afi()) return a.afi() < b.afi() ? -1 : 1;
        if (a.high() != b.high()) return a.high() < b.high() ? -1 : 1;
        if (a.low() != b.low()) return a.low() < b.low() ? -1 : 1;
        return int{a.size} - int{b.size};
    }
    friend bool operator<(const PackedAddress& a, const PackedAddress& b) { return compare(a, b) < 0; }
};

// The registration key (IID, prefix, length) in 24 octets; a plain AFI is IID 0 (spec 2.7, 6.4).
// (A table entry is 80 octets: this key and a 56-octet Entry, registration_table.hpp.)
struct Key {
    std::uint32_t iid = 0;
    PackedAddress prefix;
    std::uint8_t len = 0;

    // Built in place, as PackedAddress::assign says why.
    static Key of(const Eid& e) { return of(e.iid, e.prefix, e.len); }
    // The key of an EID prefix or record as read (its address field and mask length), without an Eid between
    // whose Address copies a string: one per message.
    static Key of(const AddressField& f, std::uint8_t len) { return of(f.iid(), f.addr, len); }
    static Key of(std::uint32_t iid, const Address& prefix, std::uint8_t len) {
        Key k;
        k.iid = iid;
        k.prefix.assign(prefix);
        k.len = len;
        return k;
    }
    Eid eid() const { return Eid{iid, prefix.unpack(), len}; }
    std::string str() const { return eid().str(); }

    friend bool operator==(const Key& a, const Key& b) {
        return a.iid == b.iid && a.len == b.len && a.prefix == b.prefix;
    }
    // (iid, address, length): the order of msrt::Eid, so tables list by (IID, EID).
    friend std::strong_ordering operator<=>(const Key& a, const Key& b);
    // The same order, without memcmp, three-way as PackedAddress::compare: every table lookup compares
    // keys (a third of `msrt sessions` time), and a sort that must also tell equal keys apart compares once.
    static int compare(const Key& a, const Key& b) {
        if (a.iid != b.iid) return a.iid < b.iid ? -1 : 1;
        if (int c = PackedAddress::compare(a.prefix, b.prefix)) return c;
        return int{a.len} - int{b.len};
    }
    friend bool operator<(const Key& a, const Key& b) { return compare(a, b) < 0; }
};

}  // namespace msrt::session
