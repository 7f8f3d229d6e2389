// Nothing here calls a Wireshark function that can throw: these run before any tree is built.
#include "decoded.hpp"

#include <charconv>
#include <string>

#include "eid_text.hpp"
#include "msrt/auth.hpp"
#include "msrt/codec.hpp"
#include "msrt/decode_slots.hpp"
#include "msrt/frame_check.hpp"
#include "msrt/session/refresh_scope.hpp"

namespace lmsrt {

const Decoded& decode_message(msrt::ByteView bytes, const msrt::Profile& profile, wmem_allocator_t* pool) {
    static Decoded slot;
    static msrt::DecodeSlots slots;
    msrt::Error error;
    slot.message = &slots.decode(bytes, profile, slot.ok, error);
    slot.error = slot.ok ? nullptr : wmem_strdup(pool, error.str().c_str());
    slot.error_offset = slot.ok ? 0 : error.offset;
    return slot;
}

const DecodedMapRegister& decode_udp_map_register(msrt::ByteView bytes) {
    static DecodedMapRegister slot;
    msrt::Error error;  // the UDP side shows what the built-in lisp dissector says about errors
    slot.ok = msrt::decode_map_register(bytes, 0, msrt::TrailingOctets::Error, slot.value, error);
    return slot;
}

const char* plain_text(wmem_allocator_t* pool, const msrt::Address& a) {
    return wmem_strdup(pool, a.str().c_str());
}

const char* auth_status_text(wmem_allocator_t* pool, const msrt::MapRegister& m, msrt::ByteView bytes,
                             const char* key, bool* ok) {
    msrt::AuthStatus s = msrt::verify_auth(m, bytes, key);
    *ok = s == msrt::AuthStatus::Ok || s == msrt::AuthStatus::NotAuthenticated;
    return wmem_strdup(pool, std::string(msrt::auth_status_name(s)).c_str());
}

msrt::Address to_msrt(const address& a) {
    const auto* p = static_cast<const std::uint8_t*>(a.data);
    if (a.type == AT_IPv4 && a.len == 4) return msrt::Address::from_octets(msrt::wire::afi::kIpv4, {p, 4});
    if (a.type == AT_IPv6 && a.len == 16) return msrt::Address::from_octets(msrt::wire::afi::kIpv6, {p, 16});
    return msrt::Address::none();
}

}  // namespace lmsrt

namespace lmsrt {
namespace {

void append_number(std::string& out, std::uint32_t v) {
    char digits[12];
    out.append(digits,
               static_cast<std::size_t>(std::to_chars(digits, digits + sizeof digits, v).ptr - digits));
}

void append_type(std::string& out, const msrt::Message& m, const msrt::Profile& p) {
    if (const msrt::TypeEntry* e = p.type(m.header.type)) {
        out += e->name;
        return;
    }
    out += "Unknown type (";
    append_number(out, m.header.type);
    out += ')';
}

void append_record_eid(std::string& out, const msrt::EidRecord& rec) {
    EidText t;
    if (t.record(rec)) {
        out += t.view();
    } else if (names_prefix(rec.eid)) {
        out += rec.key().str();
    } else {
        out += rec.eid.str();
        out += '/';
        append_number(out, rec.mask_len);
    }
}

void append_eid(std::string& out, const msrt::EidPrefix& p) {
    EidText t;
    if (t.eid(p.field.iid(), p.field.addr, p.mask_len))
        out += t.view();
    else
        out += p.key().str();
}

// Appends the EID a message names, when it names one (protocol/'s wording), and says whether it did.
bool append_single_eid(std::string& out, const msrt::Message& m) {
    if (const auto* r = m.as<msrt::Registration>()) {
        if (r->map_register.records.size() != 1) return false;
        append_record_eid(out, r->map_register.records.front());
    } else if (const auto* a = m.as<msrt::RegistrationAck>()) {
        append_eid(out, a->eid);
    } else if (const auto* n = m.as<msrt::RegistrationNack>()) {
        append_eid(out, n->eid);
    } else if (const auto* n = m.as<msrt::MappingNotification>()) {
        append_record_eid(out, n->record);
    } else {
        return false;
    }
    return true;
}

void append_body(std::string& out, const msrt::Message& m, const msrt::Profile& p, bool named_eid) {
    if (const auto* r = m.as<msrt::Registration>()) {
        if (!named_eid)
            for (const msrt::EidRecord& rec : r->map_register.records) {
                out += ' ';
                append_record_eid(out, rec);
            }
        if (!r->map_register.records.empty() && r->map_register.records.front().ttl == 0)
            out += " (withdraw)";
    } else if (const auto* n = m.as<msrt::RegistrationNack>()) {
        const auto* reason = p.reason(n->reason);
        out += " (";
        if (reason) {
            out += reason->name;
        } else {
            out += "reason ";
            append_number(out, n->reason);
        }
        out += ')';
    } else if (const auto* f = m.as<msrt::RegistrationRefresh>()) {
        (out += " scope ") += msrt::session::RefreshScope::of(*f, p).str();
    } else if (const auto* e = m.as<msrt::ErrorNotification>()) {
        out += " code " + std::to_string(e->code) + " about type " + std::to_string(e->offending_type) +
               " id=" + std::to_string(e->offending_id);
    } else if (const auto* s = m.as<msrt::Membership>()) {
        out += " IID " + std::to_string(s->iid);
    }
}

}  // namespace

MessageTexts message_texts(wmem_allocator_t* pool, const msrt::Message& m, const msrt::Profile& p,
                           guint ordinal) {
    static std::string buf;  // reused: one message at a time, and its capacity stays
    buf = "Message ";
    append_number(buf, ordinal + 1);
    buf += ": ";
    std::size_t info_at = buf.size();
    MessageTexts t;
    if (m.header.short_form) {
        buf += "Short form (type ";
        append_number(buf, m.header.type);
        buf += ", no Message ID)";
    } else {
        append_type(buf, m, p);
        buf += " id=";
        append_number(buf, m.header.id);
        buf += ' ';
        std::size_t eid_at = buf.size();
        bool named = append_single_eid(buf, m);
        if (named)
            t.eid = wmem_strndup(pool, buf.data() + eid_at, buf.size() - eid_at);
        else
            buf.pop_back();
        append_body(buf, m, p, named);
    }
    char* label = wmem_strndup(pool, buf.data(), buf.size());
    t.label = label;
    t.info = label + info_at;
    return t;
}

}  // namespace lmsrt
