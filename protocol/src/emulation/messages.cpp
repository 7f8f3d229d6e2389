#include "msrt/emulation/messages.hpp"

#include "msrt/auth.hpp"
#include "msrt/codec.hpp"

namespace msrt::emulation {
namespace {

namespace lisp = wire::lisp;

Message with_body(Kind kind, Body body) {
    Message m;
    m.kind = kind;
    m.body = std::move(body);
    return m;
}

}  // namespace

Message make_refresh(const Profile& p, Scope scope, bool rejected_only, const std::optional<Eid>& eid) {
    RegistrationRefresh f;
    f.scope = p.code_of(scope);
    f.flags = rejected_only ? wire::kRefreshRejectedOnly : 0;
    // Scope 0 carries no EID field: the 15-octet form seen on real traffic (spec 9 item 7).
    if (scope != Scope::All && eid) f.eid = EidPrefix::of(*eid);
    return with_body(Kind::RegistrationRefresh, f);
}

Message make_ack(const Eid& eid) {
    return with_body(Kind::RegistrationAck, RegistrationAck{EidPrefix::of(eid)});
}

Message make_nack(const Profile& p, NackReason reason, const Eid& eid) {
    RegistrationNack n;
    n.reason = p.code_of(reason);
    n.eid = EidPrefix::of(eid);
    return with_body(Kind::RegistrationNack, n);
}

Message make_mapping_notification(const XtrId& xtr_id, std::uint64_t site_id, EidRecord record) {
    MappingNotification n;
    n.xtr_id = xtr_id;
    n.site_id = site_id;
    n.record = std::move(record);
    return with_body(Kind::MappingNotification, n);
}

Message make_error(const Profile& p, ErrorCode code, ByteView offending) {
    ErrorNotification e;
    e.code = p.code_of(code);
    if (offending.size() >= 2) e.offending_type = load_be16(&offending[0]);
    if (offending.size() >= 4) e.offending_length = load_be16(&offending[2]);
    if (offending.size() >= 8) e.offending_id = load_be32(&offending[4]);
    return with_body(Kind::ErrorNotification, e);
}

Message make_registration(MapRegister map_register) {
    return with_body(Kind::Registration, Registration{std::move(map_register)});
}

Bytes build_signed_register(const RegisterHeader& h, const std::vector<EidRecord>& records,
                            const std::string& key) {
    MapRegister m;
    std::uint32_t type = h.notify ? lisp::kMapNotify : lisp::kMapRegister;
    std::uint32_t ids = h.notify ? lisp::kNotifyI : lisp::kRegI;
    m.word0 = (type << 28) | (h.flags & ~(0xF0000000u | lisp::kRecordCountMask)) | (h.xtr_id ? ids : 0);
    m.nonce = h.nonce;
    m.key_id = h.key_id;
    m.alg_id = h.alg_id;
    m.auth_data.assign(default_auth_length(h.alg_id).value_or(0), 0);
    m.records = records;
    m.has_ids = h.xtr_id.has_value();
    if (h.xtr_id) m.xtr_id = *h.xtr_id;
    m.site_id = h.site_id;
    Bytes out = encode_map_register(m);
    if (h.alg_id != lisp::kAlgNone) sign_map_register(out, key);
    return out;
}

MapRegister signed_register(const RegisterHeader& h, const std::vector<EidRecord>& records,
                            const std::string& key) {
    Bytes b = build_signed_register(h, records, key);
    Result<MapRegister> m = decode_map_register(b);
    return m ? std::move(*m) : MapRegister{};
}

EidRecord make_record(const Eid& eid, std::vector<Locator> locators, std::uint32_t ttl_minutes) {
    EidRecord r;
    r.ttl = ttl_minutes;
    r.mask_len = eid.len;
    r.act_word = lisp::kRecordAuthoritative;
    r.eid = AddressField::with_iid(eid.iid, eid.prefix);
    r.locators = std::move(locators);
    return r;
}

EidRecord as_stored(EidRecord record) {
    record.act_word &= static_cast<std::uint16_t>(~lisp::kRecordAuthoritative);
    for (Locator& l : record.locators)
        l.flags &= static_cast<std::uint16_t>(~lisp::kLocLocal);
    return record;
}

Bytes stamp(Message& m, IdCounter& ids, const Profile& p) {
    m.header.id = ids.next();
    Bytes b = encode_message(m, p);
    m.header.type = load_be16(b.data());
    m.header.length = static_cast<std::uint16_t>(b.size());
    return b;
}

}  // namespace msrt::emulation
