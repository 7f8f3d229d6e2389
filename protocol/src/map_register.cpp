#include "msrt/map_register.hpp"

#include "address_read.hpp"

namespace msrt {
namespace {

namespace lisp = wire::lisp;

// The fixed words of a locator, of a record and of a Map-Register, each read through either a Reader or,
// when the whole run is there, unchecked (Reader::block).
constexpr std::size_t kLocatorWords = lisp::kLocatorFixedSize - 2;  // all but the RLOC's AFI
constexpr std::size_t kRecordWords = lisp::kRecordFixedSize - 2;    // all but the EID's AFI
// After the flags word, which is read first for its type.
constexpr std::size_t kRegisterWords = lisp::kRegisterFixedSize - 4;

template <class In>
void read_locator_words(In& in, Locator& l) {
    l.priority = in.u8("locator.priority");
    l.weight = in.u8("locator.weight");
    l.m_priority = in.u8("locator.m_priority");
    l.m_weight = in.u8("locator.m_weight");
    l.flags = in.u16("locator.flags");
}

// Returns the locator count.
template <class In>
std::uint8_t read_record_words(In& in, EidRecord& rec) {
    rec.ttl = in.u32("record.ttl");
    std::uint8_t loc_count = in.u8("record.locator_count");
    rec.mask_len = in.u8("record.mask_len");
    rec.act_word = in.u16("record.flags");
    rec.version_word = in.u16("record.map_version");
    return loc_count;
}

// Returns the authentication length.
template <class In>
std::uint16_t read_register_words(In& in, MapRegisterHeader& h) {
    h.nonce = in.u64("map_register.nonce");
    h.key_id = in.u8("map_register.key_id");
    h.alg_id = in.u8("map_register.algorithm_id");
    return in.u16("map_register.auth_length");
}

void read_locator(Reader& r, Locator& l) {
    l.offset = r.abs();
    if (auto b = r.block(kLocatorWords))
        read_locator_words(*b, l);
    else
        read_locator_words(r, l);
    detail::read_address_inline(r, "locator.rloc", l.rloc);
}

void write_locator(Writer& w, const Locator& l) {
    w.u8(l.priority);
    w.u8(l.weight);
    w.u8(l.m_priority);
    w.u8(l.m_weight);
    w.u16(l.flags);
    write_address(w, l.rloc);
}

}  // namespace

EidRecord read_eid_record(Reader& r) {
    EidRecord rec;
    read_eid_record(r, rec);
    return rec;
}

// Every field is set: `rec` may hold an earlier record, whose locator vector is reused.
void read_eid_record(Reader& r, EidRecord& rec) {
    rec.offset = r.abs();
    std::size_t start = r.pos();
    auto b = r.block(kRecordWords);
    std::uint8_t loc_count = b ? read_record_words(*b, rec) : read_record_words(r, rec);
    // Any LCAF type is accepted here (AFI-list, or kept raw): one unusual EID must not make the whole
    // Map-Register undecodable (spec 2.4). Only the compact prefix of ACK/NACK/Refresh insists on a prefix.
    detail::read_address_inline(r, "record.eid", rec.eid);
    // Each locator takes at least 8 octets: refuse counts the data cannot hold before reserving anything.
    // The error points at the count octet (record offset 4): that is the field at fault.
    if (!r.failed() && r.remaining() < std::size_t{loc_count} * lisp::kLocatorFixedSize)
        r.fail_at(rec.offset + 4, "record.locator_count",
                  std::to_string(loc_count) + " locators cannot fit in " + std::to_string(r.remaining()) +
                      " octets");
    rec.locators.resize(r.failed() ? 0 : loc_count);
    for (unsigned i = 0; i < rec.locators.size() && !r.failed(); ++i)
        read_locator(r, rec.locators[i]);
    rec.size = r.pos() - start;
}

void write_eid_record(Writer& w, const EidRecord& rec) {
    w.u32(rec.ttl);
    w.u8(static_cast<std::uint8_t>(rec.locators.size()));
    w.u8(rec.mask_len);
    w.u16(rec.act_word);
    w.u16(rec.version_word);
    write_address(w, rec.eid);
    for (const Locator& l : rec.locators)
        write_locator(w, l);
}

Result<MapRegister> decode_map_register(ByteView data, std::size_t base, TrailingOctets trailing) {
    MapRegister m;
    Error error;
    if (!decode_map_register(data, base, trailing, m, error)) return error;
    return m;
}

namespace {

// Up to and with the authentication data, which it returns. False when the type is not 3 or 4 (`error` set);
// a short read is left to the caller's reader.
bool read_header(Reader& r, MapRegisterHeader& h, ByteView& auth, Error& error) {
    std::size_t at = r.abs();
    h.word0 = r.u32("map_register.flags");
    if (r.failed()) return true;
    if (h.type() != lisp::kMapRegister && h.type() != lisp::kMapNotify) {
        error = Error{"map_register.type", at, "LISP type " + std::to_string(h.type()) + " is not 3 or 4"};
        return false;
    }
    auto b = r.block(kRegisterWords);
    std::uint16_t auth_len = b ? read_register_words(*b, h) : read_register_words(r, h);
    auth = r.take(auth_len, "map_register.auth_data");
    return true;
}

}  // namespace

bool decode_map_register_header(ByteView data, MapRegisterHeader& h, Error& error) {
    Reader r(data, 0);
    ByteView auth;
    if (!read_header(r, h, auth, error)) return false;
    if (!r.failed()) return true;
    error = r.error();
    return false;
}

// Every field is set: `m` may hold an earlier Map-Register, whose vectors are reused.
bool decode_map_register(ByteView data, std::size_t base, TrailingOctets trailing, MapRegister& m,
                         Error& error) {
    Reader r(data, base);
    m.offset = base;
    ByteView auth;
    if (!read_header(r, m, auth, error)) return false;
    m.auth_offset = r.abs() - auth.size();
    m.auth_data.assign(auth.begin(), auth.end());
    std::uint8_t count = m.record_count();
    // The error points at the Record Count octet, the last of the first word.
    if (!r.failed() && r.remaining() < std::size_t{count} * lisp::kRecordFixedSize)
        r.fail_at(
            base + 3, "map_register.record_count",
            std::to_string(count) + " records cannot fit in " + std::to_string(r.remaining()) + " octets");
    m.records.resize(r.failed() ? 0 : count);
    for (unsigned i = 0; i < m.records.size() && !r.failed(); ++i)
        read_eid_record(r, m.records[i]);
    m.has_ids = m.flag(m.ids_flag_mask());
    m.xtr_id = {};
    m.site_id = 0;
    if (m.has_ids) {
        m.xtr_id = r.array<lisp::kXtrIdSize>("map_register.xtr_id");
        m.site_id = r.u64("map_register.site_id");
    }
    if (r.failed()) {
        error = r.error();
        return false;
    }
    if (r.remaining() != 0 && trailing == TrailingOctets::Error) {
        error =
            Error{"map_register", r.abs(), std::to_string(r.remaining()) + " octets follow the last field"};
        return false;
    }
    m.size = r.pos();
    return true;
}

Bytes encode_map_register(const MapRegister& m) {
    Writer w;
    std::uint32_t word0 =
        (m.word0 & ~lisp::kRecordCountMask) | static_cast<std::uint32_t>(m.records.size() & 0xFF);
    w.u32(word0);
    w.u64(m.nonce);
    w.u8(m.key_id);
    w.u8(m.alg_id);
    w.u16(static_cast<std::uint16_t>(m.auth_data.size()));
    w.bytes(m.auth_data);
    for (const EidRecord& rec : m.records)
        write_eid_record(w, rec);
    if (m.has_ids) {
        w.bytes(m.xtr_id);
        w.u64(m.site_id);
    }
    return w.take();
}

std::string xtr_id_str(const XtrId& id) {
    return to_hex(id);
}

void append_xtr_id(std::string& out, const XtrId& id) {
    append_hex(out, id);
}

}  // namespace msrt
