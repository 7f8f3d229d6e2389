// What the plugin's files share: the protocol id, the user's preferences and the entry points each file
// provides to the others. Everything lives in namespace lmsrt; only plugin_entry.cpp exports symbols.
#pragma once

#include <cstdint>

#include "msrt/bytes.hpp"
#include "msrt/profile.hpp"
#include "ws.hpp"

namespace lmsrt {

inline constexpr const char* kProtoName = "LISP Map-Server Reliable Transport";
inline constexpr const char* kProtoShort = "LISP-MSRT";
inline constexpr const char* kProtoFilter = "lisp-msrt";

extern int proto;  // proto_lisp_msrt

struct Prefs {
    gint profile = 0;            // index into the draft profiles: 0 kouvelas-06, 1 ietf
    gboolean desegment = TRUE;   // reassemble messages that span TCP segments
    gboolean call_lisp = FALSE;  // also hand embedded Map-Registers to the built-in lisp dissector
    guint max_length = 65535;    // framing bound: a Length above it is a framing error
    const char* auth_key = "";   // Map-Register authentication key, to verify HMACs (empty: do not verify)
};
extern Prefs prefs;
const msrt::Profile& profile();
// The framing bound in force: the preference, kept within 12..65535.
std::size_t max_length();

// protocol_registration.cpp
void register_protocol();
void register_handoff();

// fields.cpp / expert.cpp
void register_fields();
void register_expert();

// reassembly.cpp: the TCP entry point (port 4342, Decode As, and the heuristic once it accepted).
int dissect_tcp(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, void* data);
extern dissector_handle_t tcp_handle;

// heuristic.cpp
gboolean dissect_heuristic(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, void* data);

// udp_side.cpp: UDP port 4342, in front of the built-in lisp dissector.
int dissect_udp(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, void* data);
void udp_side_handoff();

// conversation_state.cpp
void state_init();
void state_cleanup();

// stats.cpp
void register_stats();
extern int tap;

}  // namespace lmsrt
