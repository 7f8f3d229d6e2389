// The one place that includes Wireshark's headers. The Debian package ships no config.h: WS_BUILD_DLL comes
// from the build (see CMakeLists.txt) and <wireshark.h> must come first.
#pragma once

#include <wireshark.h>

#include <epan/column-utils.h>
#include <epan/conversation.h>
#include <epan/expert.h>
#include <epan/packet.h>
#include <epan/prefs.h>
#include <epan/proto.h>
#include <epan/proto_data.h>
#include <epan/stat_tap_ui.h>
#include <epan/stats_tree.h>
#include <epan/tap.h>
#include <epan/to_str.h>

extern "C" {
#include <epan/dissectors/packet-tcp.h>
}
