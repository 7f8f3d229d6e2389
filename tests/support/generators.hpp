// Seeded random protocol values for round-trip and framing tests. Everything is drawn from a std::mt19937
// with a fixed seed so that a failure names a seed that reproduces it. Values stay inside what the encoders
// can represent (counts <= 255, a message <= 65535 octets); the decoders must accept every value made here.
#pragma once

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "msrt/codec.hpp"
#include "msrt/constants.hpp"

namespace msrt::test {

class Rng {
  public:
    explicit Rng(std::uint32_t seed) : eng_(seed) {}

    template <class T>
    T uniform(T lo, T hi) {
        return static_cast<T>(std::uniform_int_distribution<std::uint64_t>(lo, hi)(eng_));
    }
    std::uint8_t u8() { return uniform<std::uint8_t>(0, 0xFF); }
    std::uint16_t u16() { return uniform<std::uint16_t>(0, 0xFFFF); }
    std::uint32_t u32() { return uniform<std::uint32_t>(0, 0xFFFFFFFF); }
    std::uint64_t u64() { return (std::uint64_t{u32()} << 32) | u32(); }
    bool coin() { return uniform<int>(0, 1) == 1; }
    // True with probability 1/n.
    bool one_in(int n) { return uniform<int>(1, n) == 1; }
    template <class T>
    const T& pick(const std::vector<T>& v) {
        return v[uniform<std::size_t>(0, v.size() - 1)];
    }
    Bytes bytes(std::size_t n) {
        Bytes b(n);
        for (auto& x : b)
            x = u8();
        return b;
    }

  private:
    std::mt19937 eng_;
};

// Every AFI the address codec knows as a plain (non-LCAF) address (spec 2.4).
inline const std::vector<std::uint16_t>& plain_afis() {
    static const std::vector<std::uint16_t> v{wire::afi::kNone,
                                              wire::afi::kIpv4,
                                              wire::afi::kIpv6,
                                              wire::afi::kMac802,
                                              wire::afi::kDistinguishedName,
                                              wire::afi::kMac48};
    return v;
}

inline Address random_address(Rng& rng, std::uint16_t family) {
    Address a;
    a.afi = family;
    if (family == wire::afi::kDistinguishedName) {
        static const std::string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789.-_";
        std::size_t n = rng.uniform<std::size_t>(0, 24);
        for (std::size_t i = 0; i < n; ++i)
            a.name.push_back(alphabet[rng.uniform<std::size_t>(0, alphabet.size() - 1)]);
        return a;
    }
    Bytes b = rng.bytes(fixed_address_size(family).value());
    return Address::from_octets(family, b);
}

// Sets the declared LCAF Length and the field size to what the encoder will write, as a decoder reports them.
inline AddressField finalized(AddressField f) {
    if (f.lcaf) f.lcaf->length = static_cast<std::uint16_t>(encoded_size(f) - 2 - wire::lcaf::kHeaderSize);
    f.size = encoded_size(f);
    return f;
}

inline AddressField random_plain_field(Rng& rng) {
    return finalized(AddressField::plain(random_address(rng, rng.pick(plain_afis()))));
}

inline AddressField random_iid_field(Rng& rng) {
    AddressField f = AddressField::with_iid(rng.u32(), random_address(rng, rng.pick(plain_afis())), rng.u8());
    f.lcaf->rsvd1 = rng.u8();
    f.lcaf->flags = rng.u8();
    return finalized(f);
}

inline AddressField random_afi_list_field(Rng& rng) {
    AddressField f;
    Lcaf l;
    l.rsvd1 = rng.u8();
    l.flags = rng.u8();
    l.type = wire::lcaf::kTypeAfiList;
    l.rsvd2 = rng.u8();
    std::size_t n = rng.uniform<std::size_t>(0, 4);
    for (std::size_t i = 0; i < n; ++i)
        l.afi_list.push_back(random_address(rng, rng.pick(plain_afis())));
    f.lcaf = l;
    return finalized(f);
}

// An LCAF type the codec does not interpret: its payload must survive as raw octets (spec 2.4).
inline AddressField random_unknown_lcaf_field(Rng& rng) {
    AddressField f;
    Lcaf l;
    l.rsvd1 = rng.u8();
    l.flags = rng.u8();
    do
        l.type = rng.u8();
    while (l.type == wire::lcaf::kTypeAfiList || l.type == wire::lcaf::kTypeInstanceId);
    l.rsvd2 = rng.u8();
    l.raw = rng.bytes(rng.uniform<std::size_t>(0, 24));
    f.lcaf = l;
    return finalized(f);
}

// Any address field: every plain AFI, the Instance-ID and AFI-list LCAFs, and LCAF types kept raw.
inline AddressField random_any_field(Rng& rng) {
    switch (rng.uniform<int>(0, 5)) {
        case 0:
        case 1:
            return random_plain_field(rng);
        case 2:
        case 3:
            return random_iid_field(rng);
        case 4:
            return random_afi_list_field(rng);
        default:
            return random_unknown_lcaf_field(rng);
    }
}

// A mask length the compact prefix accepts for this address (spec 2.4: at most the address width).
inline std::uint8_t random_mask_len(Rng& rng, const AddressField& f) {
    if (f.addr.afi == wire::afi::kDistinguishedName) return rng.u8();
    return rng.uniform<std::uint8_t>(0, static_cast<std::uint8_t>(f.addr.bit_width()));
}

// The compact EID of ACK/NACK/Refresh names a prefix: a plain AFI or an Instance-ID LCAF.
inline EidPrefix random_eid_prefix(Rng& rng) {
    EidPrefix p;
    p.field = rng.coin() ? random_plain_field(rng) : random_iid_field(rng);
    p.mask_len = random_mask_len(rng, p.field);
    return p;
}

inline Locator random_locator(Rng& rng) {
    Locator l;
    l.priority = rng.u8();
    l.weight = rng.u8();
    l.m_priority = rng.u8();
    l.m_weight = rng.u8();
    l.flags = rng.u16();
    l.rloc = random_any_field(rng);
    return l;
}

inline EidRecord random_record(Rng& rng, std::size_t max_locators = 5) {
    EidRecord r;
    r.ttl = rng.coin() ? rng.u32() : rng.pick(std::vector<std::uint32_t>{0, 1, 1440});
    r.mask_len = rng.u8();
    r.act_word = rng.u16();
    r.version_word = rng.u16();
    r.eid = random_any_field(rng);
    std::size_t n = rng.uniform<std::size_t>(0, max_locators);
    for (std::size_t i = 0; i < n; ++i)
        r.locators.push_back(random_locator(rng));
    return r;
}

// Authentication data lengths seen or specified: none, SHA-1-96, SHA-256-128, full SHA-1, full SHA-256.
inline const std::vector<std::size_t>& auth_lengths() {
    static const std::vector<std::size_t> v{0, 12, 16, 20, 32};
    return v;
}

inline MapRegister random_map_register(Rng& rng, std::uint8_t type = 0, std::size_t max_records = 4) {
    MapRegister m;
    if (type == 0) type = rng.coin() ? wire::lisp::kMapRegister : wire::lisp::kMapNotify;
    m.word0 = (std::uint32_t{type} << 28) | (rng.u32() & 0x0FFFFF00);
    m.has_ids = rng.coin();
    std::uint32_t ids = type == wire::lisp::kMapNotify ? wire::lisp::kNotifyI : wire::lisp::kRegI;
    m.word0 = m.has_ids ? (m.word0 | ids) : (m.word0 & ~ids);
    m.nonce = rng.u64();
    m.key_id = rng.u8();
    m.alg_id = rng.pick(std::vector<std::uint8_t>{0, 1, 2, 3, rng.u8()});
    m.auth_data = rng.bytes(rng.pick(auth_lengths()));
    std::size_t n = rng.uniform<std::size_t>(0, max_records);
    for (std::size_t i = 0; i < n; ++i)
        m.records.push_back(random_record(rng));
    m.word0 = (m.word0 & ~wire::lisp::kRecordCountMask) | static_cast<std::uint32_t>(n);
    if (m.has_ids) {
        Bytes id = rng.bytes(m.xtr_id.size());
        std::copy(id.begin(), id.end(), m.xtr_id.begin());
        m.site_id = rng.u64();
    }
    return m;
}

// A random message of the given kind; for Kind::Unknown a type code no profile table knows.
inline Message random_message(Rng& rng, Kind kind, const Profile& profile = default_profile()) {
    Message m;
    m.kind = kind;
    m.header.id = rng.u32();
    m.header.type = profile.code_of(kind);
    switch (kind) {
        case Kind::Unknown: {
            do
                m.header.type = rng.coin() ? rng.uniform<std::uint16_t>(0, 40) : rng.u16();
            while (profile.kind_of(m.header.type) != Kind::Unknown);
            m.body = UnknownBody{rng.bytes(rng.uniform<std::size_t>(0, 40))};
            break;
        }
        case Kind::ErrorNotification: {
            ErrorNotification e;
            e.code = rng.u8();
            e.reserved = rng.coin() ? 0 : (rng.u32() & 0x00FFFFFF);
            e.offending_type = rng.u16();
            e.offending_length = rng.u16();
            e.offending_id = rng.u32();
            e.data = rng.bytes(rng.uniform<std::size_t>(0, 40));
            m.body = e;
            break;
        }
        case Kind::Registration: {
            m.body = Registration{
                random_map_register(rng, rng.one_in(4) ? wire::lisp::kMapNotify : wire::lisp::kMapRegister)};
            break;
        }
        case Kind::RegistrationAck:
            m.body = RegistrationAck{random_eid_prefix(rng)};
            break;
        case Kind::RegistrationNack: {
            RegistrationNack n;
            n.reason = rng.u8();
            n.reserved = rng.coin() ? 0 : rng.u16();
            n.eid = random_eid_prefix(rng);
            m.body = n;
            break;
        }
        case Kind::RegistrationRefresh: {
            RegistrationRefresh f;
            f.scope = rng.one_in(3) ? rng.u8() : rng.uniform<std::uint8_t>(0, 4);
            f.flags = rng.u16();
            // Scopes 1-4 need an EID (spec 2.5); scope 0 may carry the tolerated `00 00 00` or any other.
            if ((f.scope >= 1 && f.scope <= 4) || rng.coin()) f.eid = random_eid_prefix(rng);
            m.body = f;
            break;
        }
        case Kind::MappingNotification: {
            MappingNotification n;
            Bytes id = rng.bytes(n.xtr_id.size());
            std::copy(id.begin(), id.end(), n.xtr_id.begin());
            n.site_id = rng.u64();
            n.record = random_record(rng);
            m.body = n;
            break;
        }
        default: {
            Membership ms;
            ms.eid_afi = rng.u16();
            ms.iid = rng.u32();
            switch (kind) {
                case Kind::SubscribeAck:
                case Kind::MembershipRefreshBegin:
                case Kind::MembershipRefreshEnd:
                    ms.request_id = rng.u32();
                    break;
                case Kind::SubscribeNack:
                    ms.request_id = rng.u32();
                    ms.error_code = rng.u8();
                    break;
                case Kind::ElementAdd:
                case Kind::ElementRemove:
                    ms.site_id = rng.u64();
                    ms.rloc = random_any_field(rng);
                    break;
                default:
                    break;
            }
            m.body = ms;
            break;
        }
    }
    return m;
}

// Every kind a profile table names, plus Unknown.
inline std::vector<Kind> all_kinds(const Profile& profile = default_profile()) {
    std::vector<Kind> kinds{Kind::Unknown};
    for (const TypeEntry& e : profile.types)
        kinds.push_back(e.kind);
    return kinds;
}

}  // namespace msrt::test
