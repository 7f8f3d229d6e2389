#include "common/stream_events.hpp"

#include "common/address_text.hpp"

namespace msrt::cli {

// Written into one buffer without inet_ntop: events and state rows name an endpoint each.
std::string Endpoint::str() const {
    char text[kEndpointChars];
    if (char* end = endpoint_chars(text, ip.afi, ip.octets.data(), port)) return std::string(text, end);
    return ip.str() + ":" + std::to_string(port);  // not an IP (or MAC) address
}

}  // namespace msrt::cli
