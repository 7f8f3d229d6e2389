#include "msrt/codec.hpp"

namespace msrt {
namespace {

using wire::kEndMarker;
using wire::kHeaderSize;
using wire::kMarkerSize;

void read_membership_extras(Reader& r, Kind kind, Membership& m) {
    switch (kind) {
        case Kind::SubscribeAck:
        case Kind::MembershipRefreshBegin:
        case Kind::MembershipRefreshEnd:
            m.request_id = r.u32("membership.request_id");
            break;
        case Kind::SubscribeNack:
            m.request_id = r.u32("membership.request_id");
            m.error_code = r.u8("membership.error_code");
            break;
        case Kind::ElementAdd:
        case Kind::ElementRemove:
            m.site_id = r.u64("membership.site_id");
            m.rloc = read_address(r, "membership.rloc");
            break;
        default:
            break;
    }
}

template <class T>
T& body_as(Body& body) {
    if (T* t = std::get_if<T>(&body)) return *t;
    return body.emplace<T>();
}

// Registrations, Mapping Notifications, ACKs and NACKs carry vectors or strings: decoded into the body's
// storage from an earlier message of the same kind. Every field is set.
void read_registration(Reader& r, Body& body) {
    MapRegister& m = body_as<Registration>(body).map_register;
    std::size_t base = r.abs();
    Error error;
    if (!decode_map_register(r.take(r.remaining(), "registration"), base, TrailingOctets::Error, m, error))
        r.fail_at(error.offset, error.field.c_str(), error.what);
}

void read_notification(Reader& r, Body& body) {
    MappingNotification& n = body_as<MappingNotification>(body);
    n.xtr_id = r.array<wire::lisp::kXtrIdSize>("mapping_notification.xtr_id");
    n.site_id = r.u64("mapping_notification.site_id");
    if (!r.failed()) read_eid_record(r, n.record);
}

// Every kind's body into `body`; the kinds with vectors reuse what it holds.
void read_body(Reader& r, Kind kind, Body& body) {
    switch (kind) {
        case Kind::ErrorNotification: {
            ErrorNotification e;
            std::uint32_t w = r.u32("error.code");
            e.code = static_cast<std::uint8_t>(w >> 24);
            e.reserved = w & 0x00FFFFFF;
            e.offending_type = r.u16("error.offending_type");
            e.offending_length = r.u16("error.offending_length");
            e.offending_id = r.u32("error.offending_id");
            ByteView rest = r.take(r.remaining(), "error.data");
            e.data.assign(rest.begin(), rest.end());
            body = std::move(e);
            return;
        }
        case Kind::Registration:
            return read_registration(r, body);
        case Kind::RegistrationAck:
            return read_eid_prefix(r, body_as<RegistrationAck>(body).eid);
        case Kind::RegistrationNack: {
            RegistrationNack& n = body_as<RegistrationNack>(body);
            n.reason = r.u8("nack.reason");
            n.reserved = r.u16("nack.reserved");
            return read_eid_prefix(r, n.eid);
        }
        case Kind::RegistrationRefresh: {
            RegistrationRefresh f;
            f.scope = r.u8("refresh.scope");
            f.flags = r.u16("refresh.flags");
            if (!r.failed() && r.remaining() > 0)
                f.eid = read_eid_prefix(r);
            else if (!r.failed() && f.scope >= 1 && f.scope <= 4)
                r.fail("refresh.eid", "scope " + std::to_string(f.scope) + " needs an EID prefix");
            body = std::move(f);
            return;
        }
        case Kind::MappingNotification:
            return read_notification(r, body);
        case Kind::Unknown: {
            ByteView rest = r.take(r.remaining(), "body");
            body = UnknownBody{Bytes(rest.begin(), rest.end())};
            return;
        }
        default: {
            Membership m;
            m.eid_afi = r.u16("membership.eid_afi");
            m.iid = r.u32("membership.iid");
            read_membership_extras(r, kind, m);
            body = std::move(m);
            return;
        }
    }
}

struct BodyWriter {
    Writer& w;
    Kind kind;

    void operator()(const UnknownBody& b) { w.bytes(b.body); }
    void operator()(const ErrorNotification& e) {
        w.u32((std::uint32_t{e.code} << 24) | (e.reserved & 0x00FFFFFF));
        w.u16(e.offending_type);
        w.u16(e.offending_length);
        w.u32(e.offending_id);
        w.bytes(e.data);
    }
    void operator()(const Registration& r) { w.bytes(encode_map_register(r.map_register)); }
    void operator()(const RegistrationAck& a) { write_eid_prefix(w, a.eid); }
    void operator()(const RegistrationNack& n) {
        w.u8(n.reason);
        w.u16(n.reserved);
        write_eid_prefix(w, n.eid);
    }
    void operator()(const RegistrationRefresh& f) {
        w.u8(f.scope);
        w.u16(f.flags);
        if (f.eid) write_eid_prefix(w, *f.eid);
    }
    void operator()(const MappingNotification& n) {
        w.bytes(n.xtr_id);
        w.u64(n.site_id);
        write_eid_record(w, n.record);
    }
    void operator()(const Membership& m) {
        w.u16(m.eid_afi);
        w.u32(m.iid);
        if (m.request_id) w.u32(*m.request_id);
        if (m.error_code) w.u8(*m.error_code);
        if (m.site_id) w.u64(*m.site_id);
        if (m.rloc) write_address(w, *m.rloc);
    }
};

}  // namespace

HeaderCheck check_message_at(ByteView data, std::size_t max_length) {
    if (data.size() < 4) return HeaderCheck::NeedMore;
    if (data[0] != 0) return HeaderCheck::Bad;
    std::size_t len = load_be16(&data[2]);
    if (len < wire::kMinLength || len > max_length) return HeaderCheck::Bad;
    if (data.size() < len) return HeaderCheck::NeedMore;
    return load_be32(&data[len - kMarkerSize]) == kEndMarker ? HeaderCheck::Ok : HeaderCheck::Bad;
}

Result<Message> decode_message(ByteView data, const Profile& profile) {
    Message m;
    Error error;
    if (!decode_message(data, profile, m, error)) return error;
    return m;
}

namespace {

// Why a message's frame is refused (decode_message checks in this order), out of line: with these texts
// built inline, decoding each message took some 20 instructions more.
[[gnu::cold, gnu::noinline]] bool refuse_frame(ByteView data, Error& error) {
    std::size_t len = data.size() < 4 ? 0 : load_be16(&data[2]);
    if (data.size() < 4)
        error = Error{"header", 0, "needs 4 octets, " + std::to_string(data.size()) + " present"};
    else if (len == wire::kShortFormLength)
        error = Error{"end_marker", 4, "short-form message (Length 8) without the end marker"};
    else if (len < wire::kMinLength)
        error = Error{"header.length", 2, "Length " + std::to_string(len) + " is below the minimum of 12"};
    else if (data.size() != len)
        error = Error{
            "header.length", 2,
            "Length " + std::to_string(len) + " but " + std::to_string(data.size()) + " octets present"};
    else
        error = Error{"end_marker", len - kMarkerSize,
                      "found " + to_hex(data.subspan(len - kMarkerSize)) + ", expected 9facade9"};
    return false;
}

[[gnu::cold, gnu::noinline]] bool refuse_body(const Reader& r, Error& error) {
    if (r.failed())
        error = r.error();
    else
        error = Error{"body", r.abs(), std::to_string(r.remaining()) + " octets follow the last field"};
    return false;
}

}  // namespace

bool decode_message(ByteView data, const Profile& profile, Message& m, Error& error) {
    if (data.size() < 4) return refuse_frame(data, error);
    m.header.type = load_be16(&data[0]);
    m.header.length = load_be16(&data[2]);
    m.header.id = 0;
    m.header.short_form = false;
    m.kind = profile.kind_of(m.header.type);
    std::size_t len = m.header.length;
    if (len == wire::kShortFormLength) {
        if (data.size() != len || load_be32(&data[4]) != kEndMarker) return refuse_frame(data, error);
        m.header.short_form = true;
        m.kind = Kind::Unknown;  // a short form carries no body, so no type-specific fields
        m.body.emplace<UnknownBody>();
        return true;
    }
    if (len < wire::kMinLength || data.size() != len || load_be32(&data[len - kMarkerSize]) != kEndMarker)
        return refuse_frame(data, error);
    m.header.id = load_be32(&data[4]);
    Reader r(data.subspan(kHeaderSize, len - kHeaderSize - kMarkerSize), kHeaderSize);
    read_body(r, m.kind, m.body);
    if (r.failed() || r.remaining() != 0) return refuse_body(r, error);
    return true;
}

Bytes encode_message(const Message& m, const Profile& profile) {
    Writer w;
    std::uint16_t type = m.kind == Kind::Unknown ? m.header.type : profile.code_of(m.kind);
    w.u16(type);
    w.u16(0);
    if (m.header.short_form) {
        w.u32(kEndMarker);
        w.patch_u16(2, static_cast<std::uint16_t>(w.size()));
        return w.take();
    }
    w.u32(m.header.id);
    std::visit(BodyWriter{w, m.kind}, m.body);
    w.u32(kEndMarker);
    w.patch_u16(2, static_cast<std::uint16_t>(w.size()));
    return w.take();
}

std::optional<Eid> message_eid(const Message& m) {
    if (const auto* r = m.as<Registration>()) {
        const auto& recs = r->map_register.records;
        if (recs.size() == 1 && recs[0].eid.names_prefix()) return recs[0].key();
        return std::nullopt;
    }
    if (const auto* a = m.as<RegistrationAck>()) return a->eid.key();
    if (const auto* n = m.as<RegistrationNack>()) return n->eid.key();
    if (const auto* f = m.as<RegistrationRefresh>()) {
        if (f->eid && f->scope != 0) return f->eid->key();
        return std::nullopt;
    }
    if (const auto* n = m.as<MappingNotification>()) {
        if (n->record.eid.names_prefix()) return n->record.key();
        return std::nullopt;
    }
    return std::nullopt;
}

}  // namespace msrt
