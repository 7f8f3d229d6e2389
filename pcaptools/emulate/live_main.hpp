// Entry points of the live emulators (after option parsing).
#pragma once

#include "emulate/options.hpp"

namespace msrt::cli {

int run_live_ms(const EmulateOptions& o);
int run_live_etr(const EmulateOptions& o);

}  // namespace msrt::cli
