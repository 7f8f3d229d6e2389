#include "msrt/map_register.hpp"

namespace msrt {
namespace {

namespace lisp = wire::lisp;

void read_locator(Reader& r, Locator& l) {
    l.offset = r.abs();
    l.priority = r.u8("locator.priority");
    l.weight = r.u8("locator.weight");
    l.m_priority = r.u8("locator.m_priority");
    l.m_weight = r.u8("locator.m_weight");
    l.flags = r.u16("locator.flags");
    read_address(r, "locator.rloc", l.rloc);
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
    rec.ttl = r.u32("record.ttl");
    std::uint8_t loc_count = r.u8("record.locator_count");
    rec.mask_len = r.u8("record.mask_len");
    rec.act_word = r.u16("record.flags");
    rec.version_word = r.u16("record.map_version");
    // Any LCAF type is accepted here (AFI-list, or kept raw): one unusual EID must not make the whole
    // Map-Register undecodable (spec 2.4). Only the compact prefix of ACK/NACK/Refresh insists on a prefix.
    read_address(r, "record.eid", rec.eid);
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

// Every field is set: `m` may hold an earlier Map-Register, whose vectors are reused.
bool decode_map_register(ByteView data, std::size_t base, TrailingOctets trailing, MapRegister& m,
                         Error& error) {
    Reader r(data, base);
    m.offset = base;
    m.word0 = r.u32("map_register.flags");
    if (r.failed()) {
        error = r.error();
        return false;
    }
    if (m.type() != lisp::kMapRegister && m.type() != lisp::kMapNotify) {
        error = Error{"map_register.type", base, "LISP type " + std::to_string(m.type()) + " is not 3 or 4"};
        return false;
    }
    m.nonce = r.u64("map_register.nonce");
    m.key_id = r.u8("map_register.key_id");
    m.alg_id = r.u8("map_register.algorithm_id");
    std::uint16_t auth_len = r.u16("map_register.auth_length");
    m.auth_offset = r.abs();
    ByteView auth = r.take(auth_len, "map_register.auth_data");
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

}  // namespace msrt
