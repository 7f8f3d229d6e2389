// `msrt emulate etr --from CAPTURE`: the ETRs a capture shows, as configurations for the live ETR. Each ETR
// (by address) keeps the records it last registered, withdrawals applied, with its xTR-ID and site ID;
// the key, profile and timers come from the given configuration.
#pragma once

#include <string>
#include <vector>

#include "msrt/emulation/etr_config.hpp"

namespace msrt::cli {

// Fills `out` with one configuration per ETR of the captures; returns 0, or 2 when they cannot be read.
int etrs_from_capture(const std::vector<std::string>& captures, const emulation::EtrConfig& base,
                      std::vector<emulation::EtrConfig>& out);

}  // namespace msrt::cli
