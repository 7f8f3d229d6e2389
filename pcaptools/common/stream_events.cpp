#include "common/stream_events.hpp"

#include "msrt/constants.hpp"

namespace msrt::cli {

std::string Endpoint::str() const {
    if (ip.afi == wire::afi::kIpv6) return "[" + ip.str() + "]:" + std::to_string(port);
    return ip.str() + ":" + std::to_string(port);
}

}  // namespace msrt::cli
