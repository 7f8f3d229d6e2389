#include "emulate/describe.hpp"

#include "msrt/codec.hpp"
#include "msrt/session/refresh_scope.hpp"

namespace msrt::cli {
namespace {

std::string record_text(const EidRecord& r) {
    return r.key().str() + " ttl=" + std::to_string(r.ttl) +
           " rlocs=" + (r.locators.empty() ? "-" : rlocs_text(r));
}

std::string body_text(const Message& m, const Profile& p) {
    if (const auto* r = m.as<Registration>()) {
        std::string s;
        for (const EidRecord& rec : r->map_register.records)
            s += " " + record_text(rec);
        return s;
    }
    if (const auto* a = m.as<RegistrationAck>()) return " " + a->eid.key().str();
    if (const auto* n = m.as<RegistrationNack>())
        return " " + n->eid.key().str() + " reason=" + reason_key(n->reason, p);
    if (const auto* f = m.as<RegistrationRefresh>()) return " " + session::RefreshScope::of(*f, p).str();
    if (const auto* n = m.as<MappingNotification>()) return " " + record_text(n->record);
    if (const auto* e = m.as<ErrorNotification>()) {
        const auto* c = p.error_code(e->code);
        std::string code = c ? c->key : std::to_string(e->code);
        return " code=" + code + " offending type=" + std::to_string(e->offending_type) +
               " length=" + std::to_string(e->offending_length) + " id=" + std::to_string(e->offending_id);
    }
    return "";
}

}  // namespace

std::string reason_key(std::uint8_t code, const Profile& p) {
    const auto* r = p.reason(code);
    return r ? r->key : "unknown (" + std::to_string(code) + ")";
}

std::string rlocs_text(const EidRecord& r) {
    std::string s;
    for (const Locator& l : r.locators)
        s += (s.empty() ? "" : ",") + l.rloc.addr.str();
    return s;
}

std::string describe(const Message& m, const Profile& p) {
    std::string name = m.kind == Kind::Unknown ? "Unknown type " + std::to_string(m.header.type)
                                               : std::string(kind_name(m.kind));
    return name + " id=" + std::to_string(m.header.id) + body_text(m, p);
}

std::string describe(ByteView bytes, const Profile& p) {
    Result<Message> m = decode_message(bytes, p);
    return m ? describe(*m, p) : "undecodable (" + m.error().str() + ")";
}

}  // namespace msrt::cli
