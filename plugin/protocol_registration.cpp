// The protocol, its preferences, and where it attaches: TCP port 4342 (a port preference and Decode As), a
// heuristic on other TCP ports, and UDP port 4342 for the authentication that precedes a session.
#include <algorithm>

#include "expert.hpp"
#include "fields.hpp"
#include "plugin.hpp"

namespace lmsrt {

int proto = -1;
Prefs prefs;
dissector_handle_t tcp_handle = nullptr;

namespace {

const enum_val_t kProfiles[] = {
    {"kouvelas-06", "draft-kouvelas-...-06 (and -04)", 0},
    {"ietf", "draft-ietf-... (UDP Map-Register r bit gates TCP)", 1},
    {nullptr, nullptr, -1},
};

void register_prefs() {
    module_t* m = prefs_register_protocol(proto, nullptr);
    prefs_register_enum_preference(m, "profile", "Draft revision",
                                   "Which revision's code tables and rules to apply", &prefs.profile,
                                   kProfiles, FALSE);
    prefs_register_bool_preference(m, "desegment", "Reassemble messages spanning TCP segments",
                                   "Whether messages split across TCP segments are reassembled (needs TCP's "
                                   "\"Allow subdissector to reassemble TCP streams\")",
                                   &prefs.desegment);
    prefs_register_bool_preference(
        m, "call_lisp", "Also decode Registrations with the built-in LISP dissector",
        "Hand each embedded Map-Register to the built-in 'lisp' dissector as well, so "
        "that lisp.* display filters match it (slower; the lisp-msrt tree already "
        "shows every field)",
        &prefs.call_lisp);
    prefs_register_uint_preference(m, "max_length", "Largest acceptable message Length",
                                   "A Length above this bound is a framing error (12-65535)", 10,
                                   &prefs.max_length);
    prefs_register_string_preference(m, "auth_key", "Map-Register authentication key",
                                     "If set, the HMAC of every Map-Register is verified with this key",
                                     &prefs.auth_key);
}

}  // namespace

const msrt::Profile& profile() {
    return msrt::profile(prefs.profile == 1 ? msrt::Revision::Ietf : msrt::Revision::Kouvelas06);
}

std::size_t max_length() {
    return std::clamp<std::size_t>(prefs.max_length, msrt::wire::kMinLength, msrt::wire::kMaxLength);
}

void register_protocol() {
    proto = proto_register_protocol(kProtoName, kProtoShort, kProtoFilter);
    register_fields();
    register_expert();
    register_prefs();
    tcp_handle = register_dissector("lisp-msrt", dissect_tcp, proto);
    register_init_routine(state_init);
    register_cleanup_routine(state_cleanup);
    register_stats();
}

void register_handoff() {
    // The plugin's handoff runs after the built-in ones, so this takes port 4342 over from lisp-tcp;
    // `-d tcp.port==4342,lisp-tcp` gives it back.
    dissector_add_uint_with_preference("tcp.port", msrt::default_profile().tcp_port, tcp_handle);
    heur_dissector_add("tcp", dissect_heuristic, "LISP-MSRT over TCP on any port", "lisp-msrt_tcp", proto,
                       HEURISTIC_ENABLE);
    udp_side_handoff();
}

}  // namespace lmsrt
