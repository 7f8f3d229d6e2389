// The LISP Map-Register / Map-Notify (RFC 9301 5.6, 5.7) embedded in a Registration and sent over UDP,
// and the EID-record with its locators (spec 4.1, 4.2).
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "msrt/address.hpp"
#include "msrt/constants.hpp"
#include "msrt/eid.hpp"

namespace msrt {

using XtrId = std::array<std::uint8_t, 16>;

struct Locator {
    std::size_t offset = 0;
    std::uint8_t priority = 0;
    std::uint8_t weight = 0;
    std::uint8_t m_priority = 0;
    std::uint8_t m_weight = 0;
    std::uint16_t flags = 0;  // unused bits, L, p, R
    AddressField rloc;

    bool local() const { return flags & wire::lisp::kLocLocal; }
    bool probed() const { return flags & wire::lisp::kLocProbed; }
    bool reachable() const { return flags & wire::lisp::kLocReachable; }
    friend bool operator==(const Locator& a, const Locator& b) {
        return a.priority == b.priority && a.weight == b.weight && a.m_priority == b.m_priority &&
               a.m_weight == b.m_weight && a.flags == b.flags && a.rloc == b.rloc;
    }
};

struct EidRecord {
    std::size_t offset = 0;
    std::size_t size = 0;
    std::uint32_t ttl = 0;  // minutes; 0 withdraws (spec 6.5)
    std::uint8_t mask_len = 0;
    std::uint16_t act_word = 0;      // ACT (3 bits), A, reserved
    std::uint16_t version_word = 0;  // reserved (4 bits), Map-Version (12 bits)
    AddressField eid;
    std::vector<Locator> locators;

    Eid key() const { return Eid{eid.iid(), eid.addr, mask_len}; }
    std::uint8_t act() const {
        return (act_word & wire::lisp::kRecordActMask) >> wire::lisp::kRecordActShift;
    }
    bool authoritative() const { return act_word & wire::lisp::kRecordAuthoritative; }
    std::uint16_t map_version() const { return version_word & 0x0FFF; }
    friend bool operator==(const EidRecord& a, const EidRecord& b) {
        return a.ttl == b.ttl && a.mask_len == b.mask_len && a.act_word == b.act_word &&
               a.version_word == b.version_word && a.eid == b.eid && a.locators == b.locators;
    }
};

// The fixed words of a Map-Register (type 3) or Map-Notify (type 4) before the authentication data: the
// same shape, different flag positions.
struct MapRegisterHeader {
    std::uint32_t word0 = 0;  // type, flags, reserved, record count
    std::uint64_t nonce = 0;
    std::uint8_t key_id = 0;
    std::uint8_t alg_id = 0;

    std::uint8_t type() const { return static_cast<std::uint8_t>(word0 >> 28); }
    bool is_notify() const { return type() == wire::lisp::kMapNotify; }
    bool flag(std::uint32_t mask) const { return (word0 & mask) != 0; }
    std::uint32_t ids_flag_mask() const { return is_notify() ? wire::lisp::kNotifyI : wire::lisp::kRegI; }
    bool reliable() const { return !is_notify() && flag(wire::lisp::kRegReliable); }
    std::uint8_t record_count() const {
        return static_cast<std::uint8_t>(word0 & wire::lisp::kRecordCountMask);
    }
    // The old 16-bit "Key ID" of RFC 6833 that Wireshark prints.
    std::uint16_t legacy_key_id() const { return static_cast<std::uint16_t>((key_id << 8) | alg_id); }
};

// A whole Map-Register or Map-Notify.
struct MapRegister : MapRegisterHeader {
    std::size_t offset = 0;
    std::size_t size = 0;
    std::size_t auth_offset = 0;  // of the authentication data, in the decoder's frame of reference
    Bytes auth_data;
    std::vector<EidRecord> records;
    bool has_ids = false;  // xTR-ID and Site-ID appended (I bit)
    XtrId xtr_id{};
    std::uint64_t site_id = 0;
};

// Octets after the message. The body of a Registration is exactly one Map-Register (spec 2.5), so there
// they are an error; a UDP datagram may carry them (Wireshark shows them as data and decodes the message).
enum class TrailingOctets { Error, Allow };

// Decodes a whole Map-Register or Map-Notify occupying `data` (trailing octets are an error unless allowed;
// when allowed, `size` covers the message alone).
// `base` is added to every recorded offset, so offsets can be relative to an enclosing message.
Result<MapRegister> decode_map_register(ByteView data, std::size_t base = 0,
                                        TrailingOctets trailing = TrailingOctets::Error);
// The same into `m`, reusing the vectors it holds from an earlier Map-Register (the capture tools decode
// millions this way). False, with `error` set and `m` partly filled, when it does not decode.
bool decode_map_register(ByteView data, std::size_t base, TrailingOctets trailing, MapRegister& m,
                         Error& error);
// The header alone, for a reader that needs no records (the UDP authentication phase follows nonces, and an
// ETR's UDP Map-Registers carry all its EID records): the type must be 3 or 4 and the authentication data
// must fit; the records are not looked at.
bool decode_map_register_header(ByteView data, MapRegisterHeader& h, Error& error);
// Encodes it. Record count, locator counts, auth length and LCAF lengths come from the contents.
Bytes encode_map_register(const MapRegister& m);

EidRecord read_eid_record(Reader& r);
void read_eid_record(Reader& r, EidRecord& rec);  // into `rec`, reusing its locator vector
void write_eid_record(Writer& w, const EidRecord& rec);

std::string xtr_id_str(const XtrId& id);                // 32 hex digits
void append_xtr_id(std::string& out, const XtrId& id);  // the same, appended

}  // namespace msrt
