#include "msrt/session/packed.hpp"

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "msrt/constants.hpp"

namespace msrt::session {
namespace {

// Process-wide so that a PackedAddress unpacks without a context; names are never freed (they are few).
class NameInterner {
  public:
    std::uint32_t intern(const std::string& name) {
        std::lock_guard lock(mutex_);
        auto [it, added] = index_.try_emplace(name, static_cast<std::uint32_t>(names_.size()));
        if (added) names_.push_back(name);
        return it->second;
    }
    std::string name(std::uint32_t n) {
        std::lock_guard lock(mutex_);
        return n < names_.size() ? names_[n] : std::string();
    }

  private:
    std::mutex mutex_;
    std::map<std::string, std::uint32_t> index_;
    std::vector<std::string> names_;
};

NameInterner& interner() {
    static NameInterner instance;
    return instance;
}

}  // namespace

PackedAddress PackedAddress::of_name(const std::string& name) {
    PackedAddress p;
    p.set_afi(wire::afi::kDistinguishedName);
    std::uint32_t n = interner().intern(name);
    for (int i = 0; i < 4; ++i)
        p.octets[i] = static_cast<std::uint8_t>(n >> (24 - 8 * i));
    return p;  // size stays 0: the octets are not an address
}

Address PackedAddress::unpack() const {
    Address a;
    a.afi = afi();
    if (a.afi == wire::afi::kDistinguishedName) {
        a.name = interner().name(load_be32(octets.data()));
        return a;
    }
    a.octets = octets;
    a.size = size;
    return a;
}

std::strong_ordering operator<=>(const PackedAddress& a, const PackedAddress& b) {
    if (auto c = a.family <=> b.family; c != 0) return c;  // big-endian: the numeric AFI order
    if (auto c = a.octets <=> b.octets; c != 0) return c;
    return a.size <=> b.size;
}

std::strong_ordering operator<=>(const Key& a, const Key& b) {
    if (auto c = a.iid <=> b.iid; c != 0) return c;
    if (auto c = a.prefix <=> b.prefix; c != 0) return c;
    return a.len <=> b.len;
}

}  // namespace msrt::session
