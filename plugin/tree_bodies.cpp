// Message bodies (spec 2.5, appendix A): one function per kind, dispatched on the decoded body.
#include "decoded.hpp"
#include "eid_text.hpp"
#include "expert.hpp"
#include "msrt/session/refresh_scope.hpp"
#include "plugin.hpp"
#include "tree.hpp"

namespace lmsrt {
namespace {

namespace lay = msrt::layout;

dissector_handle_t lisp_handle() {
    static dissector_handle_t h = find_dissector("lisp");
    return h;
}

void add_registration(const Ctx& c, proto_tree* t, const msrt::Registration& r) {
    add_map_register(c, t, r.map_register, Place::Registration);
    if (!prefs.call_lisp || !lisp_handle()) return;
    // The built-in dissector would overwrite the Protocol and Info columns: keep ours.
    tvbuff_t* sub = tvb_new_subset_length(c.tvb, gi(r.map_register.offset), gi(r.map_register.size));
    col_set_writable(c.pinfo->cinfo, -1, FALSE);
    call_dissector(lisp_handle(), sub, c.pinfo, t);
    col_set_writable(c.pinfo->cinfo, -1, TRUE);
}

void add_nack(const Ctx& c, proto_tree* t, proto_item* item, const msrt::RegistrationNack& n) {
    proto_item* ri = proto_tree_add_uint(t, hf.reason, c.tvb, at(0, lay::nack::kReason), 1, n.reason);
    const msrt::CodeEntry<msrt::NackReason>* reason = profile().reason(n.reason);
    if (!reason) expert_add_info(c.pinfo, ri, &ei.unknown_reason);
    expert_add_info_format(c.pinfo, item, &ei.nack, "Registration rejected: %s",
                           reason ? reason->name : "unassigned reason");
    proto_item* rs =
        c.detail ? proto_tree_add_uint(t, hf.nack_reserved, c.tvb, at(0, lay::nack::kReserved), 2, n.reserved)
                 : item;
    if (n.reserved) expert_add_info(c.pinfo, rs, &ei.reserved_set);
    add_eid_prefix(c, t, n.eid);
}

// What the Refresh asks the ETR to re-send, as protocol/ reads it (spec 6.6).
void add_selector(const Ctx& c, proto_tree* t, const msrt::RegistrationRefresh& f) {
    static msrt::session::RefreshScope scope;  // static: holds strings, and tree calls below may longjmp
    scope = msrt::session::RefreshScope::of(f, profile());
    const char* text = visible(t) ? wmem_strdup(c.pinfo->pool, scope.str().c_str()) : "";
    gint o = f.eid ? gi(f.eid->offset) : at(0, lay::refresh::kScope);
    gint size = f.eid ? gi(f.eid->size()) : 1;
    proto_tree* st =
        proto_tree_add_subtree_format(t, c.tvb, o, size, ett.selector, nullptr, "Selects: %s", text);
    if (!scope.scope || *scope.scope == msrt::Scope::All) return;
    add_generated(proto_tree_add_uint(st, hf.refresh_iid, c.tvb, o, size, scope.selector.iid));
    if (*scope.scope == msrt::Scope::Instance) return;
    add_generated(proto_tree_add_uint(st, hf.refresh_afi, c.tvb, o, size, scope.selector.prefix.afi));
    if (*scope.scope == msrt::Scope::AddressFamily) return;
    const char* prefix = wanted(st, hf.refresh_prefix) ? eid_text(c.pinfo->pool, scope.selector) : "";
    add_generated(proto_tree_add_string(st, hf.refresh_prefix, c.tvb, o, size, prefix));
}

void add_refresh(const Ctx& c, proto_tree* t, const msrt::RegistrationRefresh& f) {
    proto_item* si = proto_tree_add_uint(t, hf.scope, c.tvb, at(0, lay::refresh::kScope), 1, f.scope);
    if (!profile().scope(f.scope)) expert_add_info(c.pinfo, si, &ei.unknown_scope);
    gint fo = at(0, lay::refresh::kFlags);
    proto_item* fi = proto_tree_add_uint(t, hf.refresh_flags, c.tvb, fo, 2, f.flags);
    proto_tree* ft = proto_item_add_subtree(fi, ett.refresh_flags);
    proto_tree_add_boolean(ft, hf.rejected_only, c.tvb, fo, 2, f.flags);
    proto_item* rs = proto_tree_add_uint(ft, hf.refresh_reserved, c.tvb, fo, 2, f.flags);
    if (f.flags & 0x7FFF) expert_add_info(c.pinfo, rs, &ei.reserved_set);
    if (f.eid) add_eid_prefix(c, t, *f.eid);
    add_selector(c, t, f);
}

void add_mapping(const Ctx& c, proto_tree* t, const msrt::MappingNotification& n) {
    if (c.detail) {
        proto_tree_add_bytes(t, hf.map_xtr_id, c.tvb, at(0, lay::mapping::kXtrId), 16, n.xtr_id.data());
        proto_tree_add_uint64(t, hf.map_site_id, c.tvb, at(0, lay::mapping::kSiteId), 8, n.site_id);
    }
    add_record(c, t, n.record, 1, Place::MappingNotification);
}

void add_error(const Ctx& c, proto_tree* t, proto_item* item, const msrt::ErrorNotification& e) {
    const msrt::CodeEntry<msrt::ErrorCode>* code = profile().error_code(e.code);
    expert_add_info_format(c.pinfo, item, &ei.error_notification, "Error Notification: %s (code %u)",
                           code ? code->name : "unassigned code", e.code);
    proto_tree_add_uint(t, hf.err_code, c.tvb, at(0, lay::error::kCode), 1, e.code);
    proto_item* rs =
        proto_tree_add_uint(t, hf.err_reserved, c.tvb, at(0, lay::error::kReserved), 3, e.reserved);
    if (e.reserved) expert_add_info(c.pinfo, rs, &ei.reserved_set);
    proto_tree_add_uint(t, hf.err_offending_type, c.tvb, at(0, lay::error::kOffendingType), 2,
                        e.offending_type);
    proto_tree_add_uint(t, hf.err_offending_length, c.tvb, at(0, lay::error::kOffendingLength), 2,
                        e.offending_length);
    proto_tree_add_uint(t, hf.err_offending_id, c.tvb, at(0, lay::error::kOffendingId), 4, e.offending_id);
    if (!e.data.empty())
        proto_tree_add_bytes(t, hf.err_data, c.tvb, gi(lay::error::kData), gi(e.data.size()), e.data.data());
}

void add_membership(const Ctx& c, proto_tree* t, const msrt::Membership& m) {
    proto_tree_add_uint(t, hf.mem_eid_afi, c.tvb, at(0, lay::membership::kEidAfi), 2, m.eid_afi);
    proto_tree_add_uint(t, hf.mem_iid, c.tvb, at(0, lay::membership::kIid), 4, m.iid);
    if (m.request_id)
        proto_tree_add_uint(t, hf.mem_request_id, c.tvb, at(0, lay::membership::kRequestId), 4,
                            *m.request_id);
    if (m.error_code)
        proto_tree_add_uint(t, hf.mem_error_code, c.tvb, at(0, lay::membership::kErrorCode), 1,
                            *m.error_code);
    if (m.site_id)
        proto_tree_add_uint64(t, hf.mem_site_id, c.tvb, at(0, lay::membership::kSiteId), 8, *m.site_id);
    if (m.rloc) add_address(c, t, hf.mem_rloc, *m.rloc);
}

void add_unknown(const Ctx& c, proto_tree* t, proto_item* item, const msrt::UnknownBody& b) {
    expert_add_info(c.pinfo, item, &ei.unknown_type);
    if (!b.body.empty())
        proto_tree_add_bytes(t, hf.body, c.tvb, gi(lay::header::kBody), gi(b.body.size()), b.body.data());
}

}  // namespace

void add_body(const Ctx& c, proto_tree* t, proto_item* item, const msrt::Message& m) {
    if (const auto* r = m.as<msrt::Registration>()) return add_registration(c, t, *r);
    if (const auto* a = m.as<msrt::RegistrationAck>()) return add_eid_prefix(c, t, a->eid);
    if (const auto* n = m.as<msrt::RegistrationNack>()) return add_nack(c, t, item, *n);
    if (const auto* f = m.as<msrt::RegistrationRefresh>()) return add_refresh(c, t, *f);
    if (const auto* n = m.as<msrt::MappingNotification>()) return add_mapping(c, t, *n);
    if (const auto* e = m.as<msrt::ErrorNotification>()) return add_error(c, t, item, *e);
    if (const auto* s = m.as<msrt::Membership>()) return add_membership(c, t, *s);
    if (const auto* u = m.as<msrt::UnknownBody>()) {
        if (m.header.short_form) return;  // no body on the wire
        if (m.kind == msrt::Kind::Unknown) return add_unknown(c, t, item, *u);
        if (!u->body.empty())
            proto_tree_add_bytes(t, hf.body, c.tvb, gi(lay::header::kBody), gi(u->body.size()),
                                 u->body.data());
    }
}

}  // namespace lmsrt
