// The Map-Register embedded in a Registration or sent over UDP, and the EID-records with their locators
// (spec 4.1, 4.2), using RFC 9301 bit positions: bit 18 is the ietf `r`, bit 7 is reserved.
#include "decoded.hpp"
#include "eid_text.hpp"
#include "expert.hpp"
#include "plugin.hpp"
#include "tree.hpp"

namespace lmsrt {
namespace {

namespace lay = msrt::layout;

void add_locator(const Ctx& c, proto_tree* tree, const msrt::Locator& l, unsigned number) {
    const char* rloc = visible(tree) ? address_text(c.pinfo->pool, l.rloc) : "";
    gint size = gi(lay::locator::kRloc + l.rloc.size);
    proto_tree* t = proto_tree_add_subtree_format(tree, c.tvb, gi(l.offset), size, ett.locator, nullptr,
                                                  "Locator %u: %s, priority %u, weight %u", number, rloc,
                                                  l.priority, l.weight);
    std::size_t o = l.offset;
    proto_tree_add_uint(t, hf.loc_priority, c.tvb, at(o, lay::locator::kPriority), 1, l.priority);
    proto_tree_add_uint(t, hf.loc_weight, c.tvb, at(o, lay::locator::kWeight), 1, l.weight);
    proto_tree_add_uint(t, hf.loc_m_priority, c.tvb, at(o, lay::locator::kMPriority), 1, l.m_priority);
    proto_tree_add_uint(t, hf.loc_m_weight, c.tvb, at(o, lay::locator::kMWeight), 1, l.m_weight);
    proto_item* fi = proto_tree_add_uint(t, hf.loc_flags, c.tvb, at(o, lay::locator::kFlags), 2, l.flags);
    proto_tree* ft = proto_item_add_subtree(fi, ett.loc_flags);
    if (shown_reserved(l.flags & 0xFFF8, hf.loc_unused))
        proto_tree_add_uint(ft, hf.loc_unused, c.tvb, at(o, lay::locator::kFlags), 2, l.flags);
    proto_tree_add_boolean(ft, hf.loc_local, c.tvb, at(o, lay::locator::kFlags), 2, l.flags);
    proto_tree_add_boolean(ft, hf.loc_probed, c.tvb, at(o, lay::locator::kFlags), 2, l.flags);
    proto_tree_add_boolean(ft, hf.loc_reachable, c.tvb, at(o, lay::locator::kFlags), 2, l.flags);
    add_address(c, t, hf.loc_rloc, l.rloc);
}

void add_record_fields(const Ctx& c, proto_tree* t, proto_tree* eid_tree, const msrt::EidRecord& rec) {
    std::size_t o = rec.offset;
    proto_tree_add_uint(t, hf.rec_ttl, c.tvb, at(o, lay::record::kTtl), 4, rec.ttl);
    proto_tree_add_uint(t, hf.rec_locator_count, c.tvb, at(o, lay::record::kLocatorCount), 1,
                        static_cast<guint32>(rec.locators.size()));
    proto_tree_add_uint(t, hf.rec_mask_len, c.tvb, at(o, lay::record::kMaskLen), 1, rec.mask_len);
    proto_tree_add_uint(t, hf.rec_act, c.tvb, at(o, lay::record::kActWord), 2, rec.act_word);
    proto_tree_add_boolean(t, hf.rec_a, c.tvb, at(o, lay::record::kActWord), 2, rec.act_word);
    if (shown_reserved(rec.act_word & 0x0FFF, hf.rec_reserved))
        proto_tree_add_uint(t, hf.rec_reserved, c.tvb, at(o, lay::record::kActWord), 2, rec.act_word);
    if (shown_reserved(rec.version_word & 0xF000, hf.rec_version_rsvd))
        proto_tree_add_uint(t, hf.rec_version_rsvd, c.tvb, at(o, lay::record::kVersionWord), 2,
                            rec.version_word);
    proto_tree_add_uint(t, hf.rec_map_version, c.tvb, at(o, lay::record::kVersionWord), 2, rec.version_word);
    add_address(c, eid_tree, hf.rec_eid_addr, rec.eid, eid_tree == t);
}

void add_flags(const Ctx& c, proto_tree* tree, const msrt::MapRegister& m) {
    gint o = at(m.offset, lay::map_register::kWord0);
    proto_item* fi = proto_tree_add_uint(tree, hf.mr_flags, c.tvb, o, 4, m.word0);
    proto_tree* t = proto_item_add_subtree(fi, ett.mr_flags);
    for (int h : {hf.mr_p, hf.mr_s, hf.mr_i})
        proto_tree_add_boolean(t, h, c.tvb, o, 4, m.word0);
    if (shown_reserved(m.word0 & msrt::wire::lisp::kRegReserved, hf.mr_reserved)) {
        proto_item* rsvd = proto_tree_add_uint(t, hf.mr_reserved, c.tvb, o, 4, m.word0);
        if (m.word0 & msrt::wire::lisp::kRegReserved) expert_add_info(c.pinfo, rsvd, &ei.reserved_set);
    }
    for (int h : {hf.mr_r, hf.mr_e, hf.mr_t, hf.mr_a, hf.mr_rsvd_r, hf.mr_m})
        proto_tree_add_boolean(t, h, c.tvb, o, 4, m.word0);
    if (m.reliable()) proto_item_append_text(fi, " (r: reliable transport)");
}

// With a configured key, the HMAC is verified (protocol/'s verify_auth); a mismatch is an expert warning.
void check_auth(const Ctx& c, proto_tree* t, const msrt::MapRegister& m) {
    if (!prefs.auth_key || !*prefs.auth_key) return;
    bool ok = false;
    const char* status =
        auth_status_text(c.pinfo->pool, m, c.bytes.subspan(m.offset, m.size), prefs.auth_key, &ok);
    proto_item* si = c.detail
                         ? add_generated(proto_tree_add_string(t, hf.mr_auth_status, c.tvb, gi(m.auth_offset),
                                                               gi(m.auth_data.size()), status))
                         : c.item;
    if (!ok) expert_add_info_format(c.pinfo, si, &ei.auth_mismatch, "Authentication: %s", status);
}

void add_auth(const Ctx& c, proto_tree* t, const msrt::MapRegister& m) {
    std::size_t o = m.offset;
    proto_tree_add_uint(t, hf.mr_key_id, c.tvb, at(o, lay::map_register::kKeyId), 1, m.key_id);
    proto_tree_add_uint(t, hf.mr_alg_id, c.tvb, at(o, lay::map_register::kAlgId), 1, m.alg_id);
    if (referenced(hf.mr_legacy_key_id))
        add_generated(proto_tree_add_uint(t, hf.mr_legacy_key_id, c.tvb, at(o, lay::map_register::kKeyId), 2,
                                          m.legacy_key_id()));
    proto_tree_add_uint(t, hf.mr_auth_length, c.tvb, at(o, lay::map_register::kAuthLength), 2,
                        static_cast<guint32>(m.auth_data.size()));
    if (!m.auth_data.empty())
        proto_tree_add_bytes(t, hf.mr_auth_data, c.tvb, gi(m.auth_offset), gi(m.auth_data.size()),
                             m.auth_data.data());
    check_auth(c, t, m);
}

// Over UDP the built-in lisp dissector shows the message; this adds what it lacks or names differently: the
// `r` bit (bit 18, reserved to it), the Key ID / Algorithm ID split, and a set reserved bit.
void add_udp_summary(const Ctx& c, proto_tree* t, const msrt::MapRegister& m) {
    gint o = at(m.offset, lay::map_register::kWord0);
    if (!m.is_notify()) proto_tree_add_boolean(t, hf.mr_r, c.tvb, o, 4, m.word0);
    if (m.word0 & msrt::wire::lisp::kRegReserved) {
        proto_item* rsvd = proto_tree_add_uint(t, hf.mr_reserved, c.tvb, o, 4, m.word0);
        expert_add_info(c.pinfo, rsvd, &ei.reserved_set);
    }
    proto_tree_add_uint64(t, hf.mr_nonce, c.tvb, at(m.offset, lay::map_register::kNonce), 8, m.nonce);
    proto_tree_add_uint(t, hf.mr_key_id, c.tvb, at(m.offset, lay::map_register::kKeyId), 1, m.key_id);
    proto_tree_add_uint(t, hf.mr_alg_id, c.tvb, at(m.offset, lay::map_register::kAlgId), 1, m.alg_id);
    check_auth(c, t, m);
}

// Summary only: the EID the record names, as lisp-msrt.eid.
void add_record_eid(const Ctx& c, proto_tree* tree, const msrt::EidRecord& rec) {
    if (!names_prefix(rec.eid)) return;
    const char* eid = !wanted(tree, hf.eid) ? ""
                      : c.eid_text          ? c.eid_text
                                            : record_eid_text(c.pinfo->pool, rec);
    add_message_eid(c, tree, eid, rec.eid.iid(), rec.eid.offset, rec.eid.size);
}

}  // namespace

void add_record(const Ctx& c, proto_tree* tree, const msrt::EidRecord& rec, unsigned number, Place place) {
    if (!c.detail) {
        if (place != Place::Udp) add_record_eid(c, tree, rec);
        return;
    }
    bool text = visible(tree) || wanted(tree, hf.rec_eid) || wanted(tree, hf.eid);
    const char* eid = !text ? "" : c.eid_text ? c.eid_text : record_eid_text(c.pinfo->pool, rec);
    proto_tree* t = proto_tree_add_subtree_format(tree, c.tvb, gi(rec.offset), gi(rec.size), ett.record,
                                                  nullptr, "Record %u: %s, TTL %u, %u locator%s", number, eid,
                                                  rec.ttl, static_cast<unsigned>(rec.locators.size()),
                                                  rec.locators.size() == 1 ? "" : "s");
    std::size_t eid_at = rec.eid.offset, eid_size = rec.eid.size;
    // In a reliable-transport message the record's EID is the message's EID (lisp-msrt.eid), with the
    // address encoding below it; lisp-msrt.record.eid serves filters.
    proto_tree* et = t;
    if (place == Place::Udp || !names_prefix(rec.eid) || referenced(hf.rec_eid))
        add_generated(proto_tree_add_string(t, hf.rec_eid, c.tvb, gi(eid_at), gi(eid_size), eid));
    if (place != Place::Udp && names_prefix(rec.eid)) {
        proto_item* ei_item = proto_tree_add_string(t, hf.eid, c.tvb, gi(eid_at), gi(eid_size), eid);
        if (referenced(hf.iid))
            add_generated(proto_tree_add_uint(t, hf.iid, c.tvb, gi(eid_at), gi(eid_size), rec.eid.iid()));
        et = proto_item_add_subtree(ei_item, ett.eid);
    }
    add_record_fields(c, t, et, rec);
    unsigned n = 0;
    for (const msrt::Locator& l : rec.locators)
        add_locator(c, t, l, ++n);
}

void add_map_register(const Ctx& c, proto_tree* tree, const msrt::MapRegister& m, Place place) {
    if (!c.detail) {
        if (m.word0 & msrt::wire::lisp::kRegReserved) expert_add_info(c.pinfo, c.item, &ei.reserved_set);
        check_auth(c, tree, m);
        for (const msrt::EidRecord& rec : m.records)
            add_record(c, tree, rec, 0, place);
        return;
    }
    proto_item* item = proto_tree_add_item(tree, hf.mr, c.tvb, gi(m.offset), gi(m.size), ENC_NA);
    proto_item_append_text(item, ": %s, nonce 0x%016" PRIx64 ", %u record%s%s",
                           m.is_notify() ? "Map-Notify" : "Map-Register", m.nonce,
                           static_cast<unsigned>(m.records.size()), m.records.size() == 1 ? "" : "s",
                           m.reliable() ? ", r set" : "");
    proto_tree* t = proto_item_add_subtree(item, ett.mr);
    if (place == Place::Udp) return add_udp_summary(c, t, m);
    proto_tree_add_uint(t, hf.mr_type, c.tvb, at(m.offset, lay::map_register::kWord0), 4, m.word0);
    add_flags(c, t, m);
    proto_tree_add_uint(t, hf.mr_record_count, c.tvb, at(m.offset, lay::map_register::kWord0), 4, m.word0);
    proto_tree_add_uint64(t, hf.mr_nonce, c.tvb, at(m.offset, lay::map_register::kNonce), 8, m.nonce);
    add_auth(c, t, m);
    unsigned n = 0;
    for (const msrt::EidRecord& rec : m.records)
        add_record(c, t, rec, ++n, place);
    if (!m.has_ids) return;
    std::size_t ids = m.offset + m.size - lay::map_register::kIdsFromEnd;
    proto_tree_add_bytes(t, hf.mr_xtr_id, c.tvb, gi(ids), 16, m.xtr_id.data());
    proto_tree_add_uint64(t, hf.mr_site_id, c.tvb, gi(m.offset + m.size - lay::map_register::kSiteIdFromEnd),
                          8, m.site_id);
}

}  // namespace lmsrt
