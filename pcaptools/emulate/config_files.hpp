// Reading the policy and ETR configuration files; errors name the file and line.
#pragma once

#include <string>
#include <vector>

#include "msrt/emulation/etr_config.hpp"
#include "msrt/emulation/policy.hpp"

namespace msrt::cli {

Result<emulation::Policy> load_policy(const std::string& path);
Result<std::vector<emulation::TimedPolicy>> load_policy_schedule(const std::string& path);
Result<emulation::EtrConfig> load_etr_config(const std::string& path);

}  // namespace msrt::cli
