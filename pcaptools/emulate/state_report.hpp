// The final state the live emulators print on exit: a table for people, JSON for tests and scripts. JSON keys
// follow docs/manifest.md's "registrations" where they overlap (iid, eid, status, reason, xtr_id, rlocs).
#pragma once

#include <cstdio>
#include <vector>

#include "msrt/emulation/etr_model.hpp"
#include "msrt/emulation/ms_model.hpp"

namespace msrt::cli {

void print_ms_state(std::FILE* out, const emulation::MapServerModel& ms, Micros now);
void write_ms_state_json(std::FILE* out, const emulation::MapServerModel& ms, Micros now);

void print_etr_state(std::FILE* out, const std::vector<const emulation::EtrModel*>& etrs);
void write_etr_state_json(std::FILE* out, const std::vector<const emulation::EtrModel*>& etrs);

}  // namespace msrt::cli
