#include "common/message_text.hpp"

#include <cinttypes>
#include <cstdio>

#include "common/address_text.hpp"
#include "msrt/auth.hpp"

namespace msrt::cli {
namespace {

std::string hex64(std::uint64_t v) {
    char out[24];
    std::snprintf(out, sizeof out, "0x%016" PRIx64, v);
    return out;
}

// The texts below as Address::str(), AddressField::str() and Eid::str() give them, appended without their
// temporaries and printf (`msrt decode` writes a record summary per message).
void append_address(std::string& s, const Address& a) {
    if (!append_address_text(s, a.afi, a.octets.data())) s += a.str();
}

void append_field(std::string& s, const AddressField& f) {
    if (!f.is_iid()) {
        s += f.str();
        return;
    }
    s += '[';
    append_json_uint(s, f.lcaf->iid);
    s += "] ";
    append_address(s, f.addr);
}

void append_key(std::string& s, const EidRecord& r) {
    const Address& a = r.eid.addr;
    if (!append_iid_prefix_text(s, r.eid.iid(), a.afi, a.octets.data(), r.mask_len))
        s += Eid{r.eid.iid(), a, r.mask_len}.str();
}

void append_locator_flags(std::string& s, const Locator& l) {
    std::size_t before = s.size();
    if (l.local()) s += 'L';
    if (l.probed()) s += 'p';
    if (l.reachable()) s += 'R';
    if (s.size() == before) s += '-';
}

void append_record_summary(std::string& s, const EidRecord& r) {
    append_key(s, r);
    if (r.ttl == 0) {
        s += " ttl 0 (withdraw)";
    } else {
        s += " ttl ";
        append_json_uint(s, r.ttl);
    }
    if (r.locators.empty()) {
        s += " no rlocs";
        return;
    }
    s += " rlocs";
    for (const Locator& l : r.locators) {
        s += ' ';
        append_field(s, l.rloc);
        s += " p";
        append_json_uint(s, l.priority);
        s += "/w";
        append_json_uint(s, l.weight);
        s += ' ';
        append_locator_flags(s, l);
    }
}

std::string record_summary(const EidRecord& r) {
    std::string s;
    append_record_summary(s, r);
    return s;
}

void record_json(Json& j, const EidRecord& r) {
    thread_local std::string text;  // an EID or a locator's address; reused
    text.clear();
    append_key(text, r);
    j.begin_object().field("eid", text).field("ttl", r.ttl).field("act", r.act());
    j.field("authoritative", r.authoritative()).field("map_version", r.map_version());
    j.key("rlocs").begin_array();
    for (const Locator& l : r.locators) {
        text.clear();
        append_field(text, l.rloc);
        j.begin_object().field("address", text).field("priority", l.priority).field("weight", l.weight);
        j.field("m_priority", l.m_priority)
            .field("m_weight", l.m_weight)
            .field("flags", l.flags)
            .end_object();
    }
    j.end_array().end_object();
}

template <class Entry>
std::string code_text(const Entry* e, std::uint8_t code) {
    return std::to_string(code) + " " + (e ? e->name : "unknown");
}

std::string refresh_summary(const RegistrationRefresh& f, const Profile& p) {
    const auto* scope = p.scope(f.scope);
    std::string s = "scope " + std::to_string(f.scope) + " " + (scope ? scope->key : "unknown");
    if (f.eid && f.scope != 0) s += " " + f.eid->key().str();
    return s + (f.rejected_only() ? "  R=1 (rejected only)" : "  R=0");
}

std::string error_summary(const ErrorNotification& e, const Profile& p) {
    return "code " + code_text(p.error_code(e.code), e.code) + "; offending " +
           type_label(e.offending_type, p) + " length " + std::to_string(e.offending_length) + " id " +
           std::to_string(e.offending_id) +
           (e.data.empty() ? "" : "; " + std::to_string(e.data.size()) + " data octets");
}

std::string membership_summary(const Membership& m) {
    std::string s = "afi " + std::to_string(m.eid_afi) + " iid " + std::to_string(m.iid);
    if (m.request_id) s += " request " + std::to_string(*m.request_id);
    if (m.error_code) s += " error " + std::to_string(*m.error_code);
    if (m.site_id) s += " site " + std::to_string(*m.site_id);
    if (m.rloc) s += " rloc " + m.rloc->str();
    return s;
}

struct SummaryVisitor {
    const Profile& p;
    std::string operator()(const UnknownBody& b) const {
        return std::to_string(b.body.size()) + " body octets";
    }
    std::string operator()(const ErrorNotification& e) const { return error_summary(e, p); }
    std::string operator()(const Registration& r) const { return map_register_summary(r.map_register); }
    std::string operator()(const RegistrationAck& a) const { return a.eid.key().str(); }
    std::string operator()(const RegistrationNack& n) const {
        return n.eid.key().str() + "  reason " + code_text(p.reason(n.reason), n.reason);
    }
    std::string operator()(const RegistrationRefresh& f) const { return refresh_summary(f, p); }
    std::string operator()(const MappingNotification& n) const {
        return record_summary(n.record) + "  xtr-id " + xtr_id_str(n.xtr_id) + " site " +
               std::to_string(n.site_id);
    }
    std::string operator()(const Membership& m) const { return membership_summary(m); }
};

struct JsonVisitor {
    Json& j;
    const Profile& p;
    void operator()(const UnknownBody& b) const { j.field("body_length", b.body.size()); }
    void operator()(const ErrorNotification& e) const {
        const auto* code = p.error_code(e.code);
        j.field("code", e.code).field("code_key", code ? code->key : "unknown");
        j.field("offending_type", e.offending_type).field("offending_length", e.offending_length);
        j.field("offending_id", e.offending_id).field("data_length", e.data.size());
    }
    void operator()(const Registration& r) const { map_register_json(j, r.map_register); }
    void operator()(const RegistrationAck& a) const { j.field("eid", a.eid.key().str()); }
    void operator()(const RegistrationNack& n) const {
        const auto* reason = p.reason(n.reason);
        j.field("eid", n.eid.key().str()).field("reason_code", n.reason);
        j.field("reason", reason ? reason->key : "unknown");
    }
    void operator()(const RegistrationRefresh& f) const {
        const auto* scope = p.scope(f.scope);
        j.field("scope", f.scope).field("scope_key", scope ? scope->key : "unknown");
        j.field("rejected_only", f.rejected_only());
        if (f.eid && f.scope != 0)
            j.field("eid", f.eid->key().str());
        else
            j.key("eid").null();
    }
    void operator()(const MappingNotification& n) const {
        j.field("xtr_id", xtr_id_str(n.xtr_id)).field("site_id", n.site_id).key("record");
        record_json(j, n.record);
    }
    void operator()(const Membership& m) const {
        j.field("eid_afi", m.eid_afi).field("iid", m.iid);
        if (m.request_id) j.field("request_id", *m.request_id);
        if (m.error_code) j.field("error_code", *m.error_code);
        if (m.site_id) j.field("site_id", *m.site_id);
        if (m.rloc) j.field("rloc", m.rloc->str());
    }
};

}  // namespace

std::string type_label(std::uint16_t code, const Profile& p) {
    const TypeEntry* t = p.type(code);
    return t ? t->name : "Unknown type (" + std::to_string(code) + ")";
}

std::string message_summary(const Message& m, const Profile& p) {
    if (m.header.short_form) return "short form (Length 8, no Message ID, no body)";
    return std::visit(SummaryVisitor{p}, m.body);
}

void message_json(Json& j, const Message& m, const Profile& p) {
    if (m.header.short_form) {
        j.field("short_form", true);
        return;
    }
    std::visit(JsonVisitor{j, p}, m.body);
}

std::string map_register_flags(const MapRegister& m) {
    struct Bit {
        std::uint32_t mask;
        const char* name;
    };
    static constexpr Bit kRegister[] = {
        {wire::lisp::kRegP, "P"},        {wire::lisp::kRegS, "S"}, {wire::lisp::kRegI, "I"},
        {wire::lisp::kRegReliable, "r"}, {wire::lisp::kRegE, "E"}, {wire::lisp::kRegT, "T"},
        {wire::lisp::kRegMerge, "a"},    {wire::lisp::kRegR, "R"}, {wire::lisp::kRegM, "M"}};
    // Map-Notify moves I and R (RFC 9301 5.7); an echoed r sits where the Map-Register has it (spec 9 item
    // 18).
    static constexpr Bit kNotify[] = {
        {wire::lisp::kNotifyI, "I"}, {wire::lisp::kNotifyR, "R"}, {wire::lisp::kRegReliable, "r"}};
    std::string s;
    auto add = [&](const Bit& b) {
        if (m.flag(b.mask)) s += (s.empty() ? "" : " ") + std::string(b.name);
    };
    if (m.is_notify())
        for (const Bit& b : kNotify)
            add(b);
    else
        for (const Bit& b : kRegister)
            add(b);
    return s.empty() ? "-" : s;
}

std::string map_register_summary(const MapRegister& m) {
    std::string s;
    for (const EidRecord& r : m.records) {
        if (!s.empty()) s += "; ";
        append_record_summary(s, r);
    }
    if (m.records.empty()) s = "no records";
    s += "  flags " + map_register_flags(m) + "  nonce " + hex64(m.nonce);
    s += "  auth " + std::string(algorithm_name(m.alg_id)) + " key " + std::to_string(m.key_id);
    if (m.has_ids) s += "  xtr-id " + xtr_id_str(m.xtr_id) + " site " + std::to_string(m.site_id);
    return s;
}

void map_register_json(Json& j, const MapRegister& m) {
    j.field("flags", map_register_flags(m)).field("r_bit", m.flag(wire::lisp::kRegReliable));
    j.field("nonce", hex64(m.nonce)).field("key_id", m.key_id).field("alg_id", m.alg_id);
    j.field("auth_length", m.auth_data.size());
    if (m.has_ids) j.field("xtr_id", xtr_id_str(m.xtr_id)).field("site_id", m.site_id);
    j.key("records").begin_array();
    for (const EidRecord& r : m.records)
        record_json(j, r);
    j.end_array();
}

}  // namespace msrt::cli
