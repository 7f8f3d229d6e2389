#include "common/packet.hpp"

#include <algorithm>

#include "msrt/constants.hpp"

namespace msrt::cli {

IpAddr IpAddr::from(const std::uint8_t* p, bool v6) {
    IpAddr a;
    a.v6 = v6;
    std::copy(p, p + (v6 ? 16 : 4), a.octets.begin());
    return a;
}

Address IpAddr::to_address() const {
    return Address::from_octets(v6 ? wire::afi::kIpv6 : wire::afi::kIpv4,
                                ByteView(octets.data(), v6 ? 16 : 4));
}

}  // namespace msrt::cli
