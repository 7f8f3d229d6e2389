#include "common/packet.hpp"

#include "msrt/constants.hpp"

namespace msrt::cli {

Address IpAddr::to_address() const {
    return Address::from_octets(v6 ? wire::afi::kIpv6 : wire::afi::kIpv4,
                                ByteView(octets.data(), v6 ? 16 : 4));
}

}  // namespace msrt::cli
