// The symbols tshark/Wireshark 4.0 look for in a plugin. A namespace-scope const has internal linkage in C++,
// so each symbol is declared extern explicitly; a missing one makes Wireshark skip the file silently.
#include "plugin.hpp"

extern "C" {

WS_DLL_PUBLIC_DEF extern const char plugin_version[] = MSRT_PLUGIN_VERSION;
WS_DLL_PUBLIC_DEF extern const int plugin_want_major = 4;
WS_DLL_PUBLIC_DEF extern const int plugin_want_minor = 0;

WS_DLL_PUBLIC void plugin_register(void);

static void register_protoinfo() {
    lmsrt::register_protocol();
}
static void register_handoff() {
    lmsrt::register_handoff();
}

void plugin_register(void) {
    static proto_plugin plugin;
    plugin.register_protoinfo = register_protoinfo;
    plugin.register_handoff = register_handoff;
    proto_register_plugin(&plugin);
}

}  // extern "C"
