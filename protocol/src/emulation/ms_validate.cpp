// What the Map-Server checks before accepting a record (spec 6.3), in the order of the NACK reasons:
// a site admits the prefix (1), the Map-Register authenticates with that site's key (2), every locator is
// allowed (3), the site has room (4, docs/emulation.md). A deny rule of the site gives its own reason, after
// authentication.
#include "msrt/auth.hpp"
#include "msrt/emulation/ms_model.hpp"

namespace msrt::emulation {

std::optional<NackReason> MapServerModel::check_auth(const MapRegister& mr, ByteView mr_bytes,
                                                     const Site& site) const {
    if (mr.alg_id == wire::lisp::kAlgNone)
        return site.allow_unauthenticated ? std::nullopt : std::optional(NackReason::AuthenticationFailure);
    if (verify_auth(mr, mr_bytes, site.key) != AuthStatus::Ok) return NackReason::AuthenticationFailure;
    return std::nullopt;
}

MapServerModel::RecordCheck MapServerModel::check_record(const RegKey& key, const EidRecord& rec,
                                                         const Policy& p, std::size_t extra) const {
    std::optional<Policy::Match> m = p.match(key.eid);
    if (!m) return RecordCheck{NackReason::InvalidSitePrefix, nullptr};
    const Site& site = *m->site;
    if (auto denied = site.denial(key.eid)) return RecordCheck{denied, &site};
    if (rec.ttl == 0)
        return RecordCheck{std::nullopt, &site};  // a withdrawal needs only the right to the key
    for (const Locator& l : rec.locators)
        if (!site.locator_allowed(l.rloc.addr)) return RecordCheck{NackReason::LocatorSetNotAllowed, &site};
    if (site.max_prefixes) {
        auto it = table_.find(key);
        bool counted = it != table_.end() && it->second.site == site.name;
        if (!counted && site_count(site.name) + extra >= *site.max_prefixes)
            return RecordCheck{NackReason::Unspecified, &site};
    }
    return RecordCheck{std::nullopt, &site};
}

std::size_t MapServerModel::site_count(const std::string& site) const {
    auto it = per_site_.find(site);
    return it == per_site_.end() ? 0 : it->second;
}

}  // namespace msrt::emulation
