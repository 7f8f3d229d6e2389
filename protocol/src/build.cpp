#include "msrt/build.hpp"

#include "msrt/auth.hpp"

#include <algorithm>

namespace msrt::build {
namespace {

namespace lisp = wire::lisp;

Message make(std::uint32_t id, Kind kind, Body body) {
    Message m;
    m.header.id = id;
    m.header.type = default_profile().code_of(kind);
    m.kind = kind;
    m.body = std::move(body);
    return m;
}

MapRegister unsigned_register(const RegisterParams& params, std::vector<EidRecord> records) {
    MapRegister m;
    m.word0 = std::uint32_t{lisp::kMapRegister} << 28;
    if (params.ids) m.word0 |= lisp::kRegI;
    if (params.reliable) m.word0 |= lisp::kRegReliable;
    if (params.want_notify) m.word0 |= lisp::kRegM;
    m.nonce = params.nonce;
    m.key_id = params.key_id;
    m.alg_id = params.alg_id;
    m.records = std::move(records);
    m.has_ids = params.ids.has_value();
    if (params.ids) {
        m.xtr_id = params.ids->xtr_id;
        m.site_id = params.ids->site_id;
    }
    m.auth_data.assign(default_auth_length(m.alg_id).value_or(0), 0);
    return m;
}

// The authentication data covers the whole encoded message with the data field zeroed (RFC 9301 5.6): encode
// with zeros, then fill in the HMAC. Returns the encoded message, signed.
Bytes sign_encoded(const MapRegister& m, std::string_view key) {
    Bytes encoded = encode_map_register(m);
    std::size_t len = m.auth_data.size();
    if (len == 0) return encoded;
    Bytes digest = compute_auth(m.alg_id, key, encoded, lisp::kRegisterFixedSize, len);
    std::copy(digest.begin(), digest.end(), encoded.begin() + lisp::kRegisterFixedSize);
    return encoded;
}

MapRegister sign(MapRegister m, std::string_view key) {
    Bytes encoded = sign_encoded(m, key);
    auto at = encoded.begin() + lisp::kRegisterFixedSize;
    std::copy(at, at + static_cast<std::ptrdiff_t>(m.auth_data.size()), m.auth_data.begin());
    return m;
}

Address zero_address(std::uint16_t afi) {
    Bytes zeros(fixed_address_size(afi).value_or(0), 0);
    return Address::from_octets(afi, zeros);
}

EidPrefix scope_prefix(Scope scope, const Eid& target) {
    switch (scope) {
        case Scope::Instance:
            return EidPrefix{0, 0, AddressField::with_iid(target.iid, Address::none())};
        case Scope::AddressFamily:
            return EidPrefix{0, 0, AddressField::with_iid(target.iid, zero_address(target.prefix.afi))};
        default:
            return EidPrefix::of(target);
    }
}

}  // namespace

Locator locator(const Address& rloc, std::uint8_t priority, std::uint8_t weight, std::uint8_t m_priority,
                std::uint8_t m_weight, std::uint16_t flags) {
    Locator l;
    l.priority = priority;
    l.weight = weight;
    l.m_priority = m_priority;
    l.m_weight = m_weight;
    l.flags = flags;
    l.rloc = AddressField::plain(rloc);
    return l;
}

EidRecord eid_record(const Eid& eid, std::vector<Locator> locators, std::uint32_t ttl, bool as_lcaf) {
    EidRecord r;
    r.ttl = ttl;
    r.mask_len = eid.len;
    r.act_word = lisp::kRecordAuthoritative;
    r.eid = as_lcaf ? AddressField::with_iid(eid.iid, eid.prefix) : AddressField::plain(eid.prefix);
    r.locators = std::move(locators);
    return r;
}

EidRecord stored_record(EidRecord record) {
    record.act_word &= static_cast<std::uint16_t>(~lisp::kRecordAuthoritative);
    for (Locator& l : record.locators)
        l.flags &= static_cast<std::uint16_t>(~lisp::kLocLocal);
    return record;
}

MapRegister map_register(const RegisterParams& params, std::vector<EidRecord> records, std::string_view key) {
    return sign(unsigned_register(params, std::move(records)), key);
}

MapRegister map_notify(const MapRegister& reg, std::string_view key, bool echo_reliable) {
    MapRegister n = reg;
    n.word0 = std::uint32_t{lisp::kMapNotify} << 28;
    if (reg.has_ids) n.word0 |= lisp::kNotifyI;
    if (echo_reliable && reg.reliable()) n.word0 |= lisp::kRegReliable;
    return sign(std::move(n), key);
}

Message registration(std::uint32_t id, const EidRecord& record, const RegisterParams& params,
                     std::string_view key) {
    return make(id, Kind::Registration, Registration{map_register(params, {record}, key)});
}

Bytes encode_registration(std::uint32_t id, const EidRecord& record, const RegisterParams& params,
                          std::string_view key, const Profile& profile) {
    Bytes reg = sign_encoded(unsigned_register(params, {record}), key);
    Writer w;
    w.out().reserve(wire::kHeaderSize + reg.size() + wire::kMarkerSize);
    w.u16(profile.code_of(Kind::Registration));
    w.u16(static_cast<std::uint16_t>(wire::kHeaderSize + reg.size() + wire::kMarkerSize));
    w.u32(id);
    w.bytes(reg);
    w.u32(wire::kEndMarker);
    return w.take();
}

// Cisco always names the EID of an ACK or NACK with an IID LCAF, IID mask-len 32 (spec 2.4).
Message registration_ack(std::uint32_t id, const Eid& eid) {
    return make(id, Kind::RegistrationAck, RegistrationAck{EidPrefix::of(eid)});
}

Message registration_nack(std::uint32_t id, NackReason reason, const Eid& eid, const Profile& profile) {
    RegistrationNack n;
    n.reason = profile.code_of(reason);
    n.eid = EidPrefix::of(eid);
    return make(id, Kind::RegistrationNack, n);
}

Message registration_refresh(std::uint32_t id, Scope scope, const Eid& target, bool rejected_only,
                             const Profile& profile) {
    RegistrationRefresh f;
    f.scope = profile.code_of(scope);
    f.flags = rejected_only ? wire::kRefreshRejectedOnly : 0;
    if (scope != Scope::All) f.eid = scope_prefix(scope, target);
    return make(id, Kind::RegistrationRefresh, f);
}

Message mapping_notification(std::uint32_t id, const EtrIds& ids, const EidRecord& stored) {
    return make(id, Kind::MappingNotification, MappingNotification{ids.xtr_id, ids.site_id, stored});
}

Message error_notification(std::uint32_t id, ErrorCode code, const Header& offending, ByteView data,
                           const Profile& profile) {
    ErrorNotification e;
    e.code = profile.code_of(code);
    e.offending_type = offending.type;
    e.offending_length = offending.length;
    e.offending_id = offending.id;
    e.data.assign(data.begin(), data.end());
    return make(id, Kind::ErrorNotification, e);
}

Message membership(std::uint32_t id, Kind kind, std::uint16_t afi, std::uint32_t iid) {
    Membership m;
    m.eid_afi = afi;
    m.iid = iid;
    return make(id, kind, m);
}

Message membership_reply(std::uint32_t id, Kind kind, std::uint16_t afi, std::uint32_t iid,
                         std::uint32_t request_id) {
    Message m = membership(id, kind, afi, iid);
    m.as<Membership>()->request_id = request_id;
    return m;
}

Message subscribe_nack(std::uint32_t id, std::uint16_t afi, std::uint32_t iid, std::uint32_t request_id,
                       std::uint8_t error_code) {
    Message m = membership_reply(id, Kind::SubscribeNack, afi, iid, request_id);
    m.as<Membership>()->error_code = error_code;
    return m;
}

Message membership_element(std::uint32_t id, Kind kind, std::uint16_t afi, std::uint32_t iid,
                           std::uint64_t site_id, const Address& rloc) {
    Message m = membership(id, kind, afi, iid);
    m.as<Membership>()->site_id = site_id;
    m.as<Membership>()->rloc = AddressField::plain(rloc);
    return m;
}

Eid refresh_selector(Scope scope, const Eid& target) {
    switch (scope) {
        case Scope::All:
            return Eid{};
        case Scope::Instance:
            return Eid{target.iid, Address::none(), 0};
        case Scope::AddressFamily:
            return Eid{target.iid, zero_address(target.prefix.afi), 0};
        default:
            return target;
    }
}

bool refresh_selects(Scope scope, const Eid& selector, const Eid& key) {
    switch (scope) {
        case Scope::All:
            return true;
        case Scope::Instance:
            return key.iid == selector.iid;
        case Scope::AddressFamily:
            return key.iid == selector.iid && key.prefix.afi == selector.prefix.afi;
        case Scope::Covering:
            return selector.covers(key);
        case Scope::Exact:
            return selector == key;
    }
    return false;
}

}  // namespace msrt::build
