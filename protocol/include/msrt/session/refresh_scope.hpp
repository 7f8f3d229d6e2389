// Which registrations a Registration Refresh asks the ETR to re-send (spec 2.5 type 20, 6.6, 9 item 8).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "msrt/eid.hpp"
#include "msrt/message.hpp"
#include "msrt/profile.hpp"
#include "msrt/session/packed.hpp"

namespace msrt::session {

struct RefreshScope {
    std::uint8_t code = 0;       // as on the wire
    std::optional<Scope> scope;  // nullopt: an unassigned code, which selects nothing (spec 6.8)
    bool rejected_only = false;  // R: only what the MS last NACKed
    Eid selector;  // normalised: scope 1 "[iid] *", scope 2 "[iid] family/0", 3 and 4 the prefix

    static RefreshScope of(const RegistrationRefresh& r, const Profile& p = default_profile());
    bool covers(const Eid& key) const;  // by (IID, AF, prefix) only; R is applied by the caller
    bool covers(const Key& key) const;  // the same, for a table key
    std::string str() const;            // "all", "instance [1000] *", "covering [1000] 10.0.0.0/8", ...
};

}  // namespace msrt::session
