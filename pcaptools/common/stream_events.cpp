#include "common/stream_events.hpp"

#include <charconv>

#include "common/address_text.hpp"
#include "msrt/constants.hpp"

namespace msrt::cli {

// Written into one buffer without inet_ntop: events and state rows name an endpoint each.
std::string Endpoint::str() const {
    bool v6 = ip.afi == wire::afi::kIpv6;
    char text[1 + kAddressChars + 2 + 5];
    char* p = text;
    if (v6) *p++ = '[';
    p = address_chars(p, ip.afi, ip.octets.data());
    if (!p) return ip.str() + ":" + std::to_string(port);  // not an IP (or MAC) address
    if (v6) *p++ = ']';
    *p++ = ':';
    p = std::to_chars(p, text + sizeof text, port).ptr;
    return std::string(text, p);
}

}  // namespace msrt::cli
