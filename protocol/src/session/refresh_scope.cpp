#include "msrt/session/refresh_scope.hpp"

namespace msrt::session {

RefreshScope RefreshScope::of(const RegistrationRefresh& r, const Profile& p) {
    RefreshScope s;
    s.code = r.scope;
    s.rejected_only = r.rejected_only();
    if (const auto* entry = p.scope(r.scope)) s.scope = entry->value;
    if (!s.scope || *s.scope == Scope::All || !r.eid) return s;
    Eid given = r.eid->key();  // a plain AFI reads as IID 0 (spec 2.5)
    s.selector.iid = given.iid;
    switch (*s.scope) {
        case Scope::Instance:
            break;  // the address family and prefix do not narrow an instance scope
        case Scope::AddressFamily:
            s.selector.prefix.afi = given.prefix.afi;
            break;
        default:
            s.selector = given;
            break;
    }
    return s;
}

bool RefreshScope::covers(const Eid& key) const {
    if (!scope) return false;
    switch (*scope) {
        case Scope::All:
            return true;
        case Scope::Instance:
            return key.iid == selector.iid;
        case Scope::AddressFamily:
            return key.iid == selector.iid && key.prefix.afi == selector.prefix.afi;
        case Scope::Covering:
            return selector.covers(key);
        case Scope::Exact:
            return selector == key;
    }
    return false;
}

// A Refresh is matched against every entry of a table: the scopes that need no prefix comparison are
// decided without unpacking the key into an Eid (a string and a copy per entry).
bool RefreshScope::covers(const Key& key) const {
    if (scope == Scope::All) return true;
    if (scope == Scope::Instance) return key.iid == selector.iid;
    return covers(key.eid());
}

std::string RefreshScope::str() const {
    std::string r = rejected_only ? " (rejected only)" : "";
    if (!scope) return "unknown scope " + std::to_string(code) + r;
    switch (*scope) {
        case Scope::All:
            return "all" + r;
        case Scope::Instance:
            return "instance [" + std::to_string(selector.iid) + "]" + r;
        case Scope::AddressFamily:
            return "family [" + std::to_string(selector.iid) + "] " +
                   std::string(afi_name(selector.prefix.afi)) + r;
        case Scope::Covering:
            return "covering " + selector.str() + r;
        case Scope::Exact:
            return "exact " + selector.str() + r;
    }
    return r;
}

}  // namespace msrt::session
