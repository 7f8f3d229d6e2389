#include "emulate/etr_instances.hpp"

namespace msrt::cli {
namespace {

XtrId plus(XtrId id, std::uint64_t n) {
    for (std::size_t i = id.size(); i-- > 0 && n > 0;) {
        std::uint64_t v = id[i] + (n & 0xFF);
        id[i] = static_cast<std::uint8_t>(v);
        n = (n >> 8) + (v >> 8);
    }
    return id;
}

Eid host(const Eid& base, std::uint32_t offset) {
    std::uint32_t a = load_be32(base.prefix.octets.data()) + offset;
    return Eid{base.iid, Address::ipv4(a), 32};
}

}  // namespace

std::vector<emulation::EtrConfig> expand_instances(const emulation::EtrConfig& c, std::size_t instances,
                                                   std::size_t prefixes, const Eid& base) {
    std::vector<emulation::EtrConfig> out;
    out.reserve(instances);
    for (std::size_t i = 0; i < instances; ++i) {
        emulation::EtrConfig e = c;
        e.xtr_id = plus(c.xtr_id, i);
        if (prefixes > 0) {
            e.mappings.clear();
            for (std::size_t j = 0; j < prefixes; ++j)
                e.mappings.push_back(
                    emulation::Mapping{host(base, static_cast<std::uint32_t>(i * prefixes + j)), c.rlocs,
                                       1440, std::nullopt, std::nullopt});
        }
        out.push_back(std::move(e));
    }
    return out;
}

}  // namespace msrt::cli
