// How `msrt state` writes the merged rows: aligned table, JSON Lines (one object per row), CSV.
#pragma once

#include <cstdio>
#include <vector>

#include "msrt/session/registry.hpp"
#include "sessions/options.hpp"

namespace msrt::cli {

void write_state(std::FILE* out, std::vector<session::SiteRow>& rows, const Options& o);

}  // namespace msrt::cli
