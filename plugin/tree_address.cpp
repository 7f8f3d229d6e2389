// AFI-encoded addresses (plain or LCAF) and the compact EID prefix (spec 2.4).
#include <cstring>

#include "decoded.hpp"
#include "eid_text.hpp"
#include "tree.hpp"

namespace lmsrt {
namespace {

namespace afi = msrt::wire::afi;
namespace addr = msrt::layout::address;

// One plain address (no AFI) at `off`.
void add_plain(const Ctx& c, proto_tree* t, const AddressHf& h, const msrt::Address& a, std::size_t off) {
    switch (a.afi) {
        case afi::kNone:
            return;
        case afi::kIpv4: {
            ws_in4_addr v;
            std::memcpy(&v, a.octets.data(), 4);
            proto_tree_add_ipv4(t, h.ipv4, c.tvb, gi(off), 4, v);
            return;
        }
        case afi::kIpv6: {
            ws_in6_addr v;
            std::memcpy(v.bytes, a.octets.data(), 16);
            proto_tree_add_ipv6(t, h.ipv6, c.tvb, gi(off), 16, &v);
            return;
        }
        case afi::kMac802:
        case afi::kMac48:
            proto_tree_add_ether(t, h.mac, c.tvb, gi(off), 6, a.octets.data());
            return;
        case afi::kDistinguishedName:
            proto_tree_add_string(t, h.dn, c.tvb, gi(off), gi(a.name.size() + 1),
                                  wanted(t, h.dn) ? plain_text(c.pinfo->pool, a) : "");
            return;
        default:
            proto_tree_add_bytes(t, h.raw, c.tvb, gi(off), a.size, a.octets.data());
            return;
    }
}

// Octets one AFI-list member takes: its AFI and its address.
std::size_t member_size(const msrt::Address& a) {
    return 2 + (a.afi == afi::kDistinguishedName ? a.name.size() + 1 : a.size);
}

void add_lcaf(const Ctx& c, proto_tree* t, const AddressHf& h, const msrt::AddressField& a) {
    const msrt::Lcaf& l = *a.lcaf;
    std::size_t o = a.offset;
    if (shown_reserved(l.rsvd1, h.lcaf_rsvd1))
        proto_tree_add_uint(t, h.lcaf_rsvd1, c.tvb, at(o, addr::kLcafRsvd1), len(addr::kLcafRsvd1), l.rsvd1);
    if (shown_reserved(l.flags, h.lcaf_flags))
        proto_tree_add_uint(t, h.lcaf_flags, c.tvb, at(o, addr::kLcafFlags), len(addr::kLcafFlags), l.flags);
    proto_tree_add_uint(t, h.lcaf_type, c.tvb, at(o, addr::kLcafType), len(addr::kLcafType), l.type);
    int rsvd2 = a.is_iid() ? h.lcaf_iid_mask_len : h.lcaf_rsvd2;
    proto_tree_add_uint(t, rsvd2, c.tvb, at(o, addr::kLcafRsvd2), len(addr::kLcafRsvd2), l.rsvd2);
    proto_tree_add_uint(t, h.lcaf_length, c.tvb, at(o, addr::kLcafLength), len(addr::kLcafLength), l.length);
    if (a.is_iid()) {
        proto_tree_add_uint(t, h.iid, c.tvb, at(o, addr::kIid), len(addr::kIid), l.iid);
        proto_tree_add_uint(t, h.inner_afi, c.tvb, at(o, addr::kInnerAfi), len(addr::kInnerAfi), a.addr.afi);
        add_plain(c, t, h, a.addr, o + addr::kInner);
        return;
    }
    if (l.type == msrt::wire::lcaf::kTypeAfiList) {
        std::size_t p = o + addr::kLcafPayload;
        for (const msrt::Address& m : l.afi_list) {
            proto_tree_add_uint(t, h.inner_afi, c.tvb, gi(p), 2, m.afi);
            add_plain(c, t, h, m, p + 2);
            p += member_size(m);
        }
        return;
    }
    if (!l.raw.empty())
        proto_tree_add_bytes(t, h.lcaf_data, c.tvb, gi(o + addr::kLcafPayload), gi(l.raw.size()),
                             l.raw.data());
}

}  // namespace

proto_item* add_generated(proto_item* item) {
    proto_item_set_generated(item);
    return item;
}

void add_address(const Ctx& c, proto_tree* tree, const AddressHf& h, const msrt::AddressField& a,
                 bool own_item) {
    proto_tree* t = tree;
    if (own_item || referenced(h.text)) {
        const char* text = wanted(tree, h.text) ? address_text(c.pinfo->pool, a) : "";
        proto_item* item = proto_tree_add_string(tree, h.text, c.tvb, gi(a.offset), gi(a.size), text);
        t = proto_item_add_subtree(item, a.lcaf ? ett.lcaf : ett.address);
    }
    proto_tree_add_uint(t, h.afi, c.tvb, at(a.offset, addr::kAfi), len(addr::kAfi), a.wire_afi());
    if (a.lcaf)
        add_lcaf(c, t, h, a);
    else
        add_plain(c, t, h, a.addr, a.offset + addr::kPlain);
}

void add_message_eid(const Ctx& c, proto_tree* tree, const char* text, guint32 iid, std::size_t offset,
                     std::size_t size) {
    proto_tree_add_string(tree, hf.eid, c.tvb, gi(offset), gi(size), text);
    if (referenced(hf.iid))
        add_generated(proto_tree_add_uint(tree, hf.iid, c.tvb, gi(offset), gi(size), iid));
}

void add_eid_prefix(const Ctx& c, proto_tree* tree, const msrt::EidPrefix& p) {
    if (!c.detail) {
        const char* text = !wanted(tree, hf.eid) ? ""
                           : c.eid_text          ? c.eid_text
                                                 : eid_text(c.pinfo->pool, p.key());
        return add_message_eid(c, tree, text, p.field.iid(), p.offset, p.size());
    }
    // The temporary key ends with this statement, before any tree call.
    const char* text = !wanted(tree, hf.eid) ? ""
                       : c.eid_text          ? c.eid_text
                                             : eid_text(c.pinfo->pool, p.key());
    proto_item* item = proto_tree_add_string(tree, hf.eid, c.tvb, gi(p.offset), gi(p.size()), text);
    proto_tree* t = proto_item_add_subtree(item, ett.eid);
    if (referenced(hf.iid))
        add_generated(proto_tree_add_uint(t, hf.iid, c.tvb, gi(p.offset), gi(p.size()), p.field.iid()));
    proto_tree_add_uint(t, hf.eid_mask_len, c.tvb, gi(p.offset), 1, p.mask_len);
    add_address(c, t, hf.eid_addr, p.field, false);
}

}  // namespace lmsrt
