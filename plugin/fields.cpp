// Registration of every filter field and subtree. Code tables (types, reasons, scopes, error codes) come from
// protocol/'s profile tables, so the names here are the names `msrt` prints.
#include "fields.hpp"

#include <algorithm>
#include <iterator>
#include <string>
#include <vector>

#include "msrt/auth.hpp"
#include "msrt/constants.hpp"
#include "msrt/framer.hpp"
#include "plugin.hpp"

namespace lmsrt {

Hf hf;
Ett ett;

namespace {

namespace lisp = msrt::wire::lisp;

// Wireshark keeps pointers into these arrays for the life of the program: they are allocated once, never
// freed.
template <class Entry>
const value_string* vals_from(std::span<const Entry> table) {
    auto* v = g_new0(value_string, table.size() + 1);
    for (std::size_t i = 0; i < table.size(); ++i)
        v[i] = {table[i].code, table[i].name};
    return v;
}

const value_string* algorithm_vals() {
    static constexpr guint32 kIds[] = {lisp::kAlgNone, lisp::kAlgHmacSha1_96, lisp::kAlgHmacSha256_128,
                                       lisp::kAlgHmacSha256_128Hkdf};
    auto* v = g_new0(value_string, std::size(kIds) + 1);
    for (std::size_t i = 0; i < std::size(kIds); ++i)
        v[i] = {kIds[i],
                g_strdup(std::string(msrt::algorithm_name(static_cast<std::uint8_t>(kIds[i]))).c_str())};
    return v;
}

const value_string* afi_vals() {
    namespace afi = msrt::wire::afi;
    static constexpr guint32 kAfis[] = {
        afi::kNone, afi::kIpv4, afi::kIpv6, afi::kMac802, afi::kDistinguishedName, afi::kLcaf, afi::kMac48};
    auto* v = g_new0(value_string, std::size(kAfis) + 1);
    for (std::size_t i = 0; i < std::size(kAfis); ++i)
        v[i] = {kAfis[i],
                g_strdup(std::string(msrt::afi_name(static_cast<std::uint16_t>(kAfis[i]))).c_str())};
    return v;
}

const value_string* framing_vals() {
    using P = msrt::FramingProblem;
    static constexpr P kAll[] = {P::LengthTooSmall, P::ShortForm,    P::LengthUnderflow,
                                 P::LengthTooLarge, P::BadEndMarker, P::Truncated};
    auto* v = g_new0(value_string, std::size(kAll) + 1);
    for (std::size_t i = 0; i < std::size(kAll); ++i)
        v[i] = {static_cast<guint32>(kAll[i]),
                g_strdup(std::string(msrt::framing_problem_name(kAll[i])).c_str())};
    return v;
}

// RFC 9301 / IANA "LISP Map-Reply Action" values.
const value_string kActVals[] = {{0, "No-Action"},      {1, "Natively-Forward"},   {2, "Send-Map-Request"},
                                 {3, "Drop/No-Reason"}, {4, "Drop/Policy-Denied"}, {5, "Drop/Auth-Failure"},
                                 {0, nullptr}};
const value_string kDirectionVals[] = {{0, "ETR to Map-Server"}, {1, "Map-Server to ETR"}, {0, nullptr}};
const value_string kLcafTypeVals[] = {{1, "AFI List"}, {2, "Instance ID"}, {0, nullptr}};
const value_string kMembershipErrorVals[] = {{0, "Undefined"},
                                             {1, "Instance not found"},
                                             {2, "Distribution not enabled"},
                                             {3, "Not authorised"},
                                             {0, nullptr}};
const true_false_string kRejectedOnly = {"Rejected registrations only", "All registrations in scope"};

std::vector<int*> g_detail;  // every field but the summary ones

class Registrar {
  public:
    void add(int* id, const char* name, const char* abbrev, ftenum type, int display = BASE_NONE,
             const void* strings = nullptr, guint64 mask = 0, const char* blurb = nullptr) {
        list_.push_back(hf_register_info{id, {name, abbrev, type, display, strings, mask, blurb, HFILL}});
    }
    std::vector<int*> ids() const {
        std::vector<int*> out;
        for (const hf_register_info& i : list_)
            out.push_back(i.p_id);
        return out;
    }
    // Fields `prefix`.afi, `prefix`.lcaf.type, ...; the address as text is `text` (default: `prefix` itself).
    void add_address(AddressHf& a, const char* prefix, const char* what, const char* text = nullptr);
    void commit() {
        auto* arr = g_new0(hf_register_info, list_.size());
        std::copy(list_.begin(), list_.end(), arr);
        proto_register_field_array(proto, arr, static_cast<int>(list_.size()));
    }

  private:
    const char* name(const char* prefix, const char* suffix) {
        return g_strdup((std::string(prefix) + suffix).c_str());
    }
    std::vector<hf_register_info> list_;
};

void Registrar::add_address(AddressHf& a, const char* p, const char* what, const char* text) {
    add(&a.text, what, text ? text : p, FT_STRING);
    add(&a.afi, "AFI", name(p, ".afi"), FT_UINT16, BASE_DEC, afi_vals());
    add(&a.lcaf_rsvd1, "LCAF reserved 1", name(p, ".lcaf.rsvd1"), FT_UINT8, BASE_HEX);
    add(&a.lcaf_flags, "LCAF flags", name(p, ".lcaf.flags"), FT_UINT8, BASE_HEX);
    add(&a.lcaf_type, "LCAF type", name(p, ".lcaf.type"), FT_UINT8, BASE_DEC, kLcafTypeVals);
    add(&a.lcaf_iid_mask_len, "IID mask-len", name(p, ".lcaf.iid_mask_len"), FT_UINT8, BASE_DEC);
    add(&a.lcaf_rsvd2, "LCAF reserved 2", name(p, ".lcaf.rsvd2"), FT_UINT8, BASE_HEX);
    add(&a.lcaf_length, "LCAF length", name(p, ".lcaf.length"), FT_UINT16, BASE_DEC);
    add(&a.lcaf_data, "LCAF payload", name(p, ".lcaf.data"), FT_BYTES);
    add(&a.iid, "Instance ID", name(p, ".iid"), FT_UINT32, BASE_DEC);
    add(&a.inner_afi, "Inner AFI", name(p, ".inner_afi"), FT_UINT16, BASE_DEC, afi_vals());
    add(&a.ipv4, "IPv4 address", name(p, ".ipv4"), FT_IPv4);
    add(&a.ipv6, "IPv6 address", name(p, ".ipv6"), FT_IPv6);
    add(&a.mac, "MAC address", name(p, ".mac"), FT_ETHER);
    add(&a.dn, "Distinguished name", name(p, ".dn"), FT_STRING);
    add(&a.raw, "Address octets", name(p, ".raw"), FT_BYTES);
}

void add_header(Registrar& r, const msrt::Profile& p) {
    r.add(&hf.type, "Type", "lisp-msrt.type", FT_UINT16, BASE_DEC, vals_from(p.types));
    r.add(&hf.length, "Length", "lisp-msrt.length", FT_UINT16, BASE_DEC, nullptr, 0,
          "Octets in the whole message, header and end marker included");
    r.add(&hf.id, "Message ID", "lisp-msrt.id", FT_UINT32, BASE_DEC);
    r.add(&hf.end_marker, "End marker", "lisp-msrt.end_marker", FT_UINT32, BASE_HEX);
    r.add(&hf.short_form, "Short form (Length 8, no Message ID)", "lisp-msrt.short_form", FT_NONE);
    r.add(&hf.direction, "Direction", "lisp-msrt.direction", FT_UINT8, BASE_DEC, kDirectionVals);
    r.add(&hf.eid, "EID", "lisp-msrt.eid", FT_STRING, BASE_NONE, nullptr, 0, "[IID] prefix/length");
    r.add(&hf.iid, "Instance ID", "lisp-msrt.iid", FT_UINT32, BASE_DEC, nullptr, 0,
          "Instance of the EID (a plain AFI counts as IID 0)");
    r.add(&hf.eid_mask_len, "EID mask-len", "lisp-msrt.eid.mask_len", FT_UINT8, BASE_DEC);
    r.add_address(hf.eid_addr, "lisp-msrt.eid", "EID prefix address", "lisp-msrt.eid.address");
}

void add_bodies(Registrar& r, const msrt::Profile& p) {
    r.add(&hf.reason, "Reason", "lisp-msrt.reason", FT_UINT8, BASE_DEC, vals_from(p.reasons));
    r.add(&hf.nack_reserved, "Reserved", "lisp-msrt.nack.reserved", FT_UINT16, BASE_HEX);
    r.add(&hf.scope, "Scope", "lisp-msrt.scope", FT_UINT8, BASE_DEC, vals_from(p.scopes));
    r.add(&hf.refresh_flags, "Flags", "lisp-msrt.refresh.flags", FT_UINT16, BASE_HEX);
    r.add(&hf.rejected_only, "R (rejected only)", "lisp-msrt.rejected_only", FT_BOOLEAN, 16, &kRejectedOnly,
          msrt::wire::kRefreshRejectedOnly);
    r.add(&hf.refresh_reserved, "Reserved", "lisp-msrt.refresh.reserved", FT_UINT16, BASE_HEX, nullptr,
          0x7FFF);
    r.add(&hf.refresh_iid, "Selected instance", "lisp-msrt.refresh.iid", FT_UINT32, BASE_DEC);
    r.add(&hf.refresh_afi, "Selected address family", "lisp-msrt.refresh.afi", FT_UINT16, BASE_DEC,
          afi_vals());
    r.add(&hf.refresh_prefix, "Selected prefix", "lisp-msrt.refresh.prefix", FT_STRING);
    r.add(&hf.map_xtr_id, "xTR-ID", "lisp-msrt.mapping.xtr_id", FT_BYTES);
    r.add(&hf.map_site_id, "Site-ID", "lisp-msrt.mapping.site_id", FT_UINT64, BASE_HEX);
    r.add(&hf.err_code, "Error code", "lisp-msrt.error.code", FT_UINT8, BASE_DEC, vals_from(p.error_codes));
    r.add(&hf.err_reserved, "Reserved", "lisp-msrt.error.reserved", FT_UINT24, BASE_HEX);
    r.add(&hf.err_offending_type, "Offending message type", "lisp-msrt.error.offending_type", FT_UINT16,
          BASE_DEC, vals_from(p.types));
    r.add(&hf.err_offending_length, "Offending message length", "lisp-msrt.error.offending_length", FT_UINT16,
          BASE_DEC);
    r.add(&hf.err_offending_id, "Offending message ID", "lisp-msrt.error.offending_id", FT_UINT32, BASE_DEC);
    r.add(&hf.err_data, "Offending message data", "lisp-msrt.error.data", FT_BYTES);
    r.add(&hf.err_offending_in, "Offending message in", "lisp-msrt.error.offending_in", FT_FRAMENUM);
    r.add(&hf.mem_eid_afi, "EID AFI", "lisp-msrt.membership.eid_afi", FT_UINT16, BASE_DEC, afi_vals());
    r.add(&hf.mem_iid, "Instance ID", "lisp-msrt.membership.iid", FT_UINT32, BASE_DEC);
    r.add(&hf.mem_request_id, "Request message ID", "lisp-msrt.membership.request_id", FT_UINT32, BASE_DEC);
    r.add(&hf.mem_error_code, "Error code", "lisp-msrt.membership.error_code", FT_UINT8, BASE_DEC,
          kMembershipErrorVals);
    r.add(&hf.mem_site_id, "Site-ID", "lisp-msrt.membership.site_id", FT_UINT64, BASE_HEX);
    r.add_address(hf.mem_rloc, "lisp-msrt.membership.rloc", "RLOC");
    r.add(&hf.body, "Body", "lisp-msrt.body", FT_BYTES);
    r.add(&hf.framing_error, "Framing error", "lisp-msrt.framing_error", FT_UINT8, BASE_DEC, framing_vals());
    r.add(&hf.skipped, "Skipped octets", "lisp-msrt.skipped", FT_BYTES);
    r.add(&hf.malformed, "Decode error", "lisp-msrt.malformed", FT_STRING);
}

void add_map_register(Registrar& r) {
    r.add(&hf.mr, "LISP", "lisp-msrt.map_register", FT_NONE);
    r.add(&hf.mr_type, "LISP type", "lisp-msrt.map_register.type", FT_UINT32, BASE_DEC, nullptr, 0xF0000000);
    r.add(&hf.mr_flags, "Flags", "lisp-msrt.map_register.flags", FT_UINT32, BASE_HEX, nullptr, 0x0FFFFF00);
    r.add(&hf.mr_p, "P (proxy Map-Reply)", "lisp-msrt.map_register.p", FT_BOOLEAN, 32, nullptr, lisp::kRegP);
    r.add(&hf.mr_s, "S (LISP-SEC capable)", "lisp-msrt.map_register.s", FT_BOOLEAN, 32, nullptr, lisp::kRegS);
    r.add(&hf.mr_i, "I (xTR-ID and Site-ID present)", "lisp-msrt.map_register.i", FT_BOOLEAN, 32, nullptr,
          lisp::kRegI);
    r.add(&hf.mr_reserved, "Reserved (bit 7 was Wireshark's RTR bit)", "lisp-msrt.map_register.reserved",
          FT_UINT32, BASE_HEX, nullptr, lisp::kRegReserved);
    r.add(&hf.mr_r, "r (reliable transport)", "lisp-msrt.map_register.r", FT_BOOLEAN, 32, nullptr,
          lisp::kRegReliable);
    r.add(&hf.mr_e, "E (EID-notify)", "lisp-msrt.map_register.e", FT_BOOLEAN, 32, nullptr, lisp::kRegE);
    r.add(&hf.mr_t, "T (use Record TTL as timeout)", "lisp-msrt.map_register.t", FT_BOOLEAN, 32, nullptr,
          lisp::kRegT);
    r.add(&hf.mr_a, "a (merge request)", "lisp-msrt.map_register.a", FT_BOOLEAN, 32, nullptr,
          lisp::kRegMerge);
    r.add(&hf.mr_rsvd_r, "R (reserved in RFC 9301)", "lisp-msrt.map_register.rsvd_r", FT_BOOLEAN, 32, nullptr,
          lisp::kRegR);
    r.add(&hf.mr_m, "M (want Map-Notify)", "lisp-msrt.map_register.m", FT_BOOLEAN, 32, nullptr, lisp::kRegM);
    r.add(&hf.mr_record_count, "Record count", "lisp-msrt.map_register.record_count", FT_UINT32, BASE_DEC,
          nullptr, lisp::kRecordCountMask);
    r.add(&hf.mr_nonce, "Nonce", "lisp-msrt.map_register.nonce", FT_UINT64, BASE_HEX);
    r.add(&hf.mr_key_id, "Key ID", "lisp-msrt.map_register.key_id", FT_UINT8, BASE_DEC);
    r.add(&hf.mr_alg_id, "Algorithm ID", "lisp-msrt.map_register.algorithm_id", FT_UINT8, BASE_DEC,
          algorithm_vals());
    r.add(&hf.mr_legacy_key_id, "Key ID (RFC 6833 16-bit reading)", "lisp-msrt.map_register.legacy_key_id",
          FT_UINT16, BASE_DEC);
    r.add(&hf.mr_auth_length, "Authentication data length", "lisp-msrt.map_register.auth_length", FT_UINT16,
          BASE_DEC);
    r.add(&hf.mr_auth_data, "Authentication data", "lisp-msrt.map_register.auth_data", FT_BYTES);
    r.add(&hf.mr_auth_status, "Authentication check", "lisp-msrt.map_register.auth_status", FT_STRING);
    r.add(&hf.mr_xtr_id, "xTR-ID", "lisp-msrt.map_register.xtr_id", FT_BYTES);
    r.add(&hf.mr_site_id, "Site-ID", "lisp-msrt.map_register.site_id", FT_UINT64, BASE_HEX);
}

void add_record(Registrar& r) {
    r.add(&hf.rec_ttl, "Record TTL (minutes)", "lisp-msrt.record.ttl", FT_UINT32, BASE_DEC);
    r.add(&hf.rec_locator_count, "Locator count", "lisp-msrt.record.locator_count", FT_UINT8, BASE_DEC);
    r.add(&hf.rec_mask_len, "EID mask-len", "lisp-msrt.record.mask_len", FT_UINT8, BASE_DEC);
    r.add(&hf.rec_act, "ACT", "lisp-msrt.record.act", FT_UINT16, BASE_DEC, kActVals, lisp::kRecordActMask);
    r.add(&hf.rec_a, "A (authoritative)", "lisp-msrt.record.a", FT_BOOLEAN, 16, nullptr,
          lisp::kRecordAuthoritative);
    r.add(&hf.rec_reserved, "Reserved", "lisp-msrt.record.reserved", FT_UINT16, BASE_HEX, nullptr, 0x0FFF);
    r.add(&hf.rec_version_rsvd, "Reserved", "lisp-msrt.record.version_reserved", FT_UINT16, BASE_HEX, nullptr,
          0xF000);
    r.add(&hf.rec_map_version, "Map-Version", "lisp-msrt.record.map_version", FT_UINT16, BASE_DEC, nullptr,
          0x0FFF);
    r.add(&hf.rec_eid, "EID", "lisp-msrt.record.eid", FT_STRING);
    r.add_address(hf.rec_eid_addr, "lisp-msrt.record.eid", "EID prefix address",
                  "lisp-msrt.record.eid.address");
    r.add(&hf.loc_priority, "Priority", "lisp-msrt.locator.priority", FT_UINT8, BASE_DEC);
    r.add(&hf.loc_weight, "Weight", "lisp-msrt.locator.weight", FT_UINT8, BASE_DEC);
    r.add(&hf.loc_m_priority, "Multicast priority", "lisp-msrt.locator.m_priority", FT_UINT8, BASE_DEC);
    r.add(&hf.loc_m_weight, "Multicast weight", "lisp-msrt.locator.m_weight", FT_UINT8, BASE_DEC);
    r.add(&hf.loc_flags, "Flags", "lisp-msrt.locator.flags", FT_UINT16, BASE_HEX);
    r.add(&hf.loc_unused, "Unused flags", "lisp-msrt.locator.unused", FT_UINT16, BASE_HEX, nullptr, 0xFFF8);
    r.add(&hf.loc_local, "L (local)", "lisp-msrt.locator.l", FT_BOOLEAN, 16, nullptr, lisp::kLocLocal);
    r.add(&hf.loc_probed, "p (probed)", "lisp-msrt.locator.p", FT_BOOLEAN, 16, nullptr, lisp::kLocProbed);
    r.add(&hf.loc_reachable, "R (reachable)", "lisp-msrt.locator.r", FT_BOOLEAN, 16, nullptr,
          lisp::kLocReachable);
    r.add_address(hf.loc_rloc, "lisp-msrt.locator.rloc", "RLOC");
}

void add_session(Registrar& r) {
    r.add(&hf.session, "Session", "lisp-msrt.session", FT_UINT32, BASE_DEC, nullptr, 0,
          "Reliable-transport session (the TCP stream index)");
    r.add(&hf.message_number, "Message number in session", "lisp-msrt.message_number", FT_UINT32, BASE_DEC);
    r.add(&hf.response_in, "Answered in", "lisp-msrt.response_in", FT_FRAMENUM, BASE_NONE,
          FRAMENUM_TYPE(FT_FRAMENUM_RESPONSE), 0, "The frame with the ACK or NACK of this Registration");
    r.add(&hf.response_to, "Answer to", "lisp-msrt.response_to", FT_FRAMENUM, BASE_NONE,
          FRAMENUM_TYPE(FT_FRAMENUM_REQUEST), 0, "The frame with the Registration this ACK or NACK answers");
    r.add(&hf.response_time, "Response time", "lisp-msrt.response_time", FT_RELATIVE_TIME, BASE_NONE, nullptr,
          0, "Time from the Registration to this ACK or NACK");
    r.add(&hf.caused_by, "Caused by Refresh in", "lisp-msrt.caused_by", FT_FRAMENUM, BASE_NONE,
          FRAMENUM_TYPE(FT_FRAMENUM_REQUEST));
    r.add(&hf.caused_in, "Registration caused in", "lisp-msrt.refresh.caused_in", FT_FRAMENUM, BASE_NONE,
          FRAMENUM_TYPE(FT_FRAMENUM_RESPONSE));
    r.add(&hf.caused_count, "Registrations caused", "lisp-msrt.refresh.caused", FT_UINT32, BASE_DEC);
    r.add(&hf.refresh_marked, "Registrations asked for", "lisp-msrt.refresh.marked", FT_UINT32, BASE_DEC);
    r.add(&hf.refresh_answered, "Registrations re-sent", "lisp-msrt.refresh.answered", FT_UINT32, BASE_DEC);
    r.add(&hf.ack_in, "ACK in", "lisp-msrt.mapping.ack_in", FT_FRAMENUM, BASE_NONE,
          FRAMENUM_TYPE(FT_FRAMENUM_REQUEST), 0, "The ACK this Mapping Notification follows");
    r.add(&hf.notification_in, "Mapping Notification in", "lisp-msrt.notification_in", FT_FRAMENUM, BASE_NONE,
          FRAMENUM_TYPE(FT_FRAMENUM_RESPONSE));
    r.add(&hf.expected_id, "Expected Message ID", "lisp-msrt.expected_id", FT_UINT32, BASE_DEC);
    r.add(&hf.state, "Session state", "lisp-msrt.state", FT_STRING, BASE_NONE, nullptr, 0,
          "The session's registration table after this message");
    r.add(&hf.state_registered, "Registered", "lisp-msrt.state.registered", FT_UINT32, BASE_DEC);
    r.add(&hf.state_rejected, "Rejected", "lisp-msrt.state.rejected", FT_UINT32, BASE_DEC);
    r.add(&hf.state_pending, "Pending", "lisp-msrt.state.pending", FT_UINT32, BASE_DEC);
    r.add(&hf.state_withdrawn, "Withdrawn", "lisp-msrt.state.withdrawn", FT_UINT32, BASE_DEC);
    r.add(&hf.udp_auth_in, "UDP authentication in", "lisp-msrt.udp_auth_in", FT_FRAMENUM, BASE_NONE, nullptr,
          0, "The UDP Map-Register of this ETR that preceded the session");
    r.add(&hf.udp_auth_r, "UDP Map-Register had r", "lisp-msrt.udp_auth.r", FT_BOOLEAN);
    r.add(&hf.udp_auth_notified, "Map-Notify received", "lisp-msrt.udp_auth.notified", FT_BOOLEAN);
    r.add(&hf.udp, "UDP authentication", "lisp-msrt.udp", FT_NONE);
    r.add(&hf.udp_notify_in, "Map-Notify in", "lisp-msrt.udp.notify_in", FT_FRAMENUM, BASE_NONE,
          FRAMENUM_TYPE(FT_FRAMENUM_RESPONSE));
    r.add(&hf.udp_register_in, "Map-Register in", "lisp-msrt.udp.register_in", FT_FRAMENUM, BASE_NONE,
          FRAMENUM_TYPE(FT_FRAMENUM_REQUEST));
    r.add(&hf.udp_session_in, "Session it authorised starts in", "lisp-msrt.udp.session_in", FT_FRAMENUM);
}

// The fields every tree gets, visible or not.
bool is_summary(const int* id) {
    const int* const kSummary[] = {&hf.type,
                                   &hf.length,
                                   &hf.id,
                                   &hf.end_marker,
                                   &hf.short_form,
                                   &hf.direction,
                                   &hf.eid,
                                   &hf.iid,
                                   &hf.reason,
                                   &hf.scope,
                                   &hf.refresh_flags,
                                   &hf.rejected_only,
                                   &hf.refresh_reserved,
                                   &hf.refresh_iid,
                                   &hf.refresh_afi,
                                   &hf.refresh_prefix,
                                   &hf.body,
                                   &hf.framing_error,
                                   &hf.skipped,
                                   &hf.malformed,
                                   &hf.session,
                                   &hf.message_number,
                                   &hf.response_in,
                                   &hf.response_to,
                                   &hf.response_time,
                                   &hf.caused_by,
                                   &hf.caused_in,
                                   &hf.caused_count,
                                   &hf.refresh_marked,
                                   &hf.refresh_answered,
                                   &hf.ack_in,
                                   &hf.notification_in,
                                   &hf.expected_id,
                                   &hf.state,
                                   &hf.state_registered,
                                   &hf.state_rejected,
                                   &hf.state_pending,
                                   &hf.state_withdrawn,
                                   &hf.udp_auth_in,
                                   &hf.udp_auth_r,
                                   &hf.udp_auth_notified};
    return std::find(std::begin(kSummary), std::end(kSummary), id) != std::end(kSummary);
}

void register_subtrees() {
    static gint* const kEtts[] = {&ett.proto,     &ett.message, &ett.eid,       &ett.address,
                                  &ett.lcaf,      &ett.mr,      &ett.mr_flags,  &ett.record,
                                  &ett.rec_flags, &ett.locator, &ett.loc_flags, &ett.refresh_flags,
                                  &ett.selector,  &ett.error,   &ett.framing,   &ett.session,
                                  &ett.state,     &ett.caused,  &ett.udp};
    proto_register_subtree_array(const_cast<gint* const*>(kEtts), static_cast<int>(std::size(kEtts)));
}

}  // namespace

bool details_wanted(packet_info* pinfo, proto_tree* tree) {
    // Per dissection of a frame: the same frame is dissected again when filters or columns change.
    static guint32 frame = 0;
    static const void* dissection = nullptr;
    static bool wanted = false;
    if (!tree) return false;
    if (PTREE_DATA(tree)->visible) return true;
    if (frame == pinfo->num && dissection == PTREE_DATA(tree)) return wanted;
    frame = pinfo->num;
    dissection = PTREE_DATA(tree);
    wanted = false;
    for (const int* id : g_detail)
        if (proto_registrar_get_nth(static_cast<guint>(*id))->ref_type != HF_REF_TYPE_NONE) wanted = true;
    return wanted;
}

void register_fields() {
    // Both profiles share the tables today (spec 9 item 1); the default one names them.
    const msrt::Profile& p = msrt::default_profile();
    Registrar r;
    add_header(r, p);
    add_bodies(r, p);
    add_map_register(r);
    add_record(r);
    add_session(r);
    r.commit();
    for (int* id : r.ids())
        if (!is_summary(id)) g_detail.push_back(id);
    register_subtrees();
}

}  // namespace lmsrt
