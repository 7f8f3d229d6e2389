// A locator set as JSON, the one shape every output that shows one uses (msrt sessions and state, the synth
// manifest): an array of {address, priority, weight, m_priority, m_weight, flags}.
#pragma once

#include <string>

#include "msrt/session/tracker.hpp"

namespace msrt::cli {

// An address as a quoted string (escaped if it is a Distinguished Name).
void append_address_json(std::string& out, const session::PackedAddress& a);
void append_rlocs_json(std::string& out, const session::RlocSet& rlocs);

}  // namespace msrt::cli
