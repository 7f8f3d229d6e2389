// Expanding one ETR configuration into many for `--instances` / `--prefixes` (the load benchmark).
#pragma once

#include <vector>

#include "msrt/emulation/etr_config.hpp"

namespace msrt::cli {

// Instance i gets the configured xTR-ID plus i; with `prefixes` > 0 its mappings are replaced by that many
// consecutive /32 prefixes from `base` onwards (instance 0 first).
std::vector<emulation::EtrConfig> expand_instances(const emulation::EtrConfig& c, std::size_t instances,
                                                   std::size_t prefixes, const Eid& base);

}  // namespace msrt::cli
