// Shared plumbing of the session commands: usage text, option errors, reading the captures into a Collector.
#pragma once

#include "sessions/collector.hpp"
#include "sessions/options.hpp"

namespace msrt::cli {

// The options every session command takes, for its --help.
extern const char* const kCommonOptionsHelp;

// Parses the options; on --help prints `usage` and returns 0, on error prints it and returns 2, else -1.
int parse_or_exit(int argc, char** argv, bool with_at, const char* usage, Options& out);
// Reads every capture into `c`. Returns 2 when an input cannot be read, else 0.
int run_capture(const Options& o, const char* program, Collector& c);

}  // namespace msrt::cli
