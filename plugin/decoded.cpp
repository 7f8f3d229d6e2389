// Nothing here calls a Wireshark function that can throw: these run before any tree is built.
#include "decoded.hpp"

#include <optional>
#include <string>

#include "msrt/auth.hpp"
#include "msrt/codec.hpp"
#include "msrt/frame_check.hpp"
#include "msrt/session/refresh_scope.hpp"

namespace lmsrt {

const Decoded& decode_message(msrt::ByteView bytes, const msrt::Profile& profile, wmem_allocator_t* pool) {
    static Decoded slot;
    msrt::Result<msrt::Message> r = msrt::decode_message(bytes, profile);
    slot.ok = r.ok();
    if (r.ok()) {
        slot.message = std::move(*r);
        slot.error = nullptr;
        return slot;
    }
    // Keep what the header says, so the tree, the tracker's counts and the ID checks still see the message.
    slot.message = msrt::Message{};
    slot.message.header = msrt::read_header(bytes);
    slot.message.kind =
        slot.message.header.short_form ? msrt::Kind::Unknown : profile.kind_of(slot.message.header.type);
    slot.error = wmem_strdup(pool, r.error().str().c_str());
    slot.error_offset = r.error().offset;
    return slot;
}

const DecodedMapRegister& decode_udp_map_register(msrt::ByteView bytes) {
    static DecodedMapRegister slot;
    msrt::Result<msrt::MapRegister> r = msrt::decode_map_register(bytes);
    slot.ok = r.ok();
    if (r.ok()) slot.value = std::move(*r);
    return slot;
}

const char* eid_text(wmem_allocator_t* pool, const msrt::Eid& eid) {
    return wmem_strdup(pool, eid.str().c_str());
}

const char* address_text(wmem_allocator_t* pool, const msrt::AddressField& a) {
    return wmem_strdup(pool, a.str().c_str());
}

const char* plain_text(wmem_allocator_t* pool, const msrt::Address& a) {
    return wmem_strdup(pool, a.str().c_str());
}

const char* record_eid_text(wmem_allocator_t* pool, const msrt::EidRecord& rec) {
    if (names_prefix(rec.eid)) return eid_text(pool, rec.key());
    return wmem_strdup(pool, (rec.eid.str() + "/" + std::to_string(rec.mask_len)).c_str());
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

void append_type(std::string& out, const msrt::Message& m, const msrt::Profile& p) {
    if (const msrt::TypeEntry* e = p.type(m.header.type)) {
        out += e->name;
        return;
    }
    out += "Unknown type (";
    out += std::to_string(m.header.type);
    out += ')';
}

std::string record_eid(const msrt::EidRecord& rec) {
    if (names_prefix(rec.eid)) return rec.key().str();
    return rec.eid.str() + "/" + std::to_string(rec.mask_len);
}

// The EID a message names, when it names one (Eid::str(), protocol/'s wording).
std::optional<std::string> single_eid(const msrt::Message& m) {
    if (const auto* r = m.as<msrt::Registration>()) {
        if (r->map_register.records.size() == 1) return record_eid(r->map_register.records.front());
        return std::nullopt;
    }
    if (const auto* a = m.as<msrt::RegistrationAck>()) return a->eid.key().str();
    if (const auto* n = m.as<msrt::RegistrationNack>()) return n->eid.key().str();
    if (const auto* n = m.as<msrt::MappingNotification>()) return record_eid(n->record);
    return std::nullopt;
}

void append_body(std::string& out, const msrt::Message& m, const msrt::Profile& p, const std::string* eid) {
    if (eid) (out += ' ') += *eid;
    if (const auto* r = m.as<msrt::Registration>()) {
        if (!eid)
            for (const msrt::EidRecord& rec : r->map_register.records)
                (out += ' ') += record_eid(rec);
        if (!r->map_register.records.empty() && r->map_register.records.front().ttl == 0)
            out += " (withdraw)";
    } else if (const auto* n = m.as<msrt::RegistrationNack>()) {
        const auto* reason = p.reason(n->reason);
        out += " (";
        out += reason ? reason->name : "reason " + std::to_string(n->reason);
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
    buf += std::to_string(ordinal + 1);
    buf += ": ";
    std::size_t info_at = buf.size();
    MessageTexts t;
    if (m.header.short_form) {
        buf += "Short form (type " + std::to_string(m.header.type) + ", no Message ID)";
    } else {
        append_type(buf, m, p);
        buf += " id=";
        buf += std::to_string(m.header.id);
        std::optional<std::string> eid = single_eid(m);
        if (eid) t.eid = wmem_strndup(pool, eid->data(), eid->size());
        append_body(buf, m, p, eid ? &*eid : nullptr);
    }
    char* label = wmem_strndup(pool, buf.data(), buf.size());
    t.label = label;
    t.info = label + info_at;
    return t;
}

}  // namespace lmsrt
