// Filter fields (hf) and subtree ids (ett). Every filter name starts with "lisp-msrt.".
#pragma once

#include "ws.hpp"

namespace lmsrt {

// The fields of one AFI-encoded address, registered once per place an address occurs
// (lisp-msrt.eid.*, lisp-msrt.record.eid.*, lisp-msrt.locator.rloc.*, lisp-msrt.membership.rloc.*).
struct AddressHf {
    int text = -1;  // the address as a string, "[IID] prefix" for an Instance-ID LCAF
    int afi = -1;
    int lcaf_rsvd1 = -1, lcaf_flags = -1, lcaf_type = -1, lcaf_iid_mask_len = -1, lcaf_rsvd2 = -1;
    int lcaf_length = -1, lcaf_data = -1;
    int iid = -1, inner_afi = -1;
    int ipv4 = -1, ipv6 = -1, mac = -1, dn = -1, raw = -1;
};

struct Hf {
    // Header and trailer
    int type = -1, length = -1, id = -1, end_marker = -1, short_form = -1, direction = -1;
    // The EID a message names, as text and its instance (normalised: a plain AFI is IID 0)
    int eid = -1, iid = -1;
    int eid_mask_len = -1;
    AddressHf eid_addr;
    // NACK, Refresh
    int reason = -1, nack_reserved = -1;
    int scope = -1, refresh_flags = -1, rejected_only = -1, refresh_reserved = -1;
    int refresh_iid = -1, refresh_afi = -1, refresh_prefix = -1;
    // Map-Register
    int mr = -1, mr_type = -1, mr_flags = -1, mr_p = -1, mr_s = -1, mr_i = -1, mr_reserved = -1, mr_r = -1;
    int mr_e = -1, mr_t = -1, mr_a = -1, mr_rsvd_r = -1, mr_m = -1, mr_record_count = -1;
    int mr_nonce = -1, mr_key_id = -1, mr_alg_id = -1, mr_legacy_key_id = -1, mr_auth_length = -1;
    int mr_auth_data = -1, mr_auth_status = -1, mr_xtr_id = -1, mr_site_id = -1;
    // EID-record and locator
    int rec_ttl = -1, rec_locator_count = -1, rec_mask_len = -1, rec_act = -1, rec_a = -1, rec_reserved = -1;
    int rec_version_rsvd = -1, rec_map_version = -1, rec_eid = -1;
    AddressHf rec_eid_addr;
    int loc_priority = -1, loc_weight = -1, loc_m_priority = -1, loc_m_weight = -1, loc_flags = -1;
    int loc_unused = -1, loc_local = -1, loc_probed = -1, loc_reachable = -1;
    AddressHf loc_rloc;
    // Mapping Notification
    int map_xtr_id = -1, map_site_id = -1;
    // Error Notification
    int err_code = -1, err_reserved = -1, err_offending_type = -1, err_offending_length = -1;
    int err_offending_id = -1, err_data = -1, err_offending_in = -1;
    // RLOC membership
    int mem_eid_afi = -1, mem_iid = -1, mem_request_id = -1, mem_error_code = -1, mem_site_id = -1;
    AddressHf mem_rloc;
    // Unknown types, framing, decode errors
    int body = -1, framing_error = -1, skipped = -1, malformed = -1;
    // Session: pairing, links, state
    int session = -1, message_number = -1, response_in = -1, response_to = -1, response_time = -1;
    int caused_by = -1, caused_in = -1, caused_count = -1, refresh_marked = -1, refresh_answered = -1;
    int ack_in = -1, notification_in = -1, expected_id = -1;
    int state = -1, state_registered = -1, state_rejected = -1, state_pending = -1, state_withdrawn = -1;
    int udp_auth_in = -1, udp_auth_r = -1, udp_auth_notified = -1;
    // UDP side
    int udp = -1, udp_notify_in = -1, udp_register_in = -1, udp_session_in = -1;
};

struct Ett {
    gint proto = -1, message = -1, eid = -1, address = -1, lcaf = -1, mr = -1, mr_flags = -1, record = -1;
    gint rec_flags = -1, locator = -1, loc_flags = -1, refresh_flags = -1, selector = -1, error = -1;
    gint framing = -1, session = -1, state = -1, caused = -1, udp = -1;
};

extern Hf hf;
extern Ett ett;

// Whether this frame's tree needs the detail fields (Map-Register internals, records, locators, address
// encodings): a visible tree, or a filter, column or -e naming one of them. Without them the tree gets the
// summary fields only (type, length, ID, EID, reason, scope, links, state), which is what -T fields runs and
// most filters use, at a fraction of the cost. Cached per frame.
bool details_wanted(packet_info* pinfo, proto_tree* tree);

}  // namespace lmsrt
