// How `msrt state` writes the merged rows: aligned table, JSON Lines (one object per row), CSV.
#pragma once

#include <cstdio>
#include <functional>

#include "msrt/session/registry.hpp"
#include "sessions/options.hpp"

namespace msrt::cli {

// Gives each row of the state, in order, to a function (session::Registry::for_each_row); the table asks for
// them twice, to measure its columns and then to lay them out.
using StateRows = std::function<void(const std::function<void(session::SiteRow&)>&)>;

// `at`: the moment of the state (--at, resolved against the capture); none for a moment relative to
// captures that have no frames.
void write_state(std::FILE* out, const StateRows& rows, const Options& o, std::optional<Micros> at);

}  // namespace msrt::cli
