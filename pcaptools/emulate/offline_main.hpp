// Entry points of offline emulation (after option parsing).
#pragma once

#include "emulate/options.hpp"

namespace msrt::cli {

int run_offline(const EmulateOptions& o);

}  // namespace msrt::cli
