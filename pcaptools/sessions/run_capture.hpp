// Shared plumbing of the session commands: usage text, option errors, reading the captures into a Collector.
#pragma once

#include <functional>

#include "common/pipelined_events.hpp"
#include "sessions/collector.hpp"
#include "sessions/options.hpp"

namespace msrt::cli {

// The options every session command takes, for its --help.
extern const char* const kCommonOptionsHelp;

// Parses the options; on --help prints `usage` and returns 0, on error prints it and returns 2, else -1.
int parse_or_exit(int argc, char** argv, bool with_at, const char* usage, Options& out);
// Threads to use (--threads, else 2 on a machine with more than one core).
unsigned thread_count(const Options& o);
// Reads every capture into `c`: on two threads (reading; `c`) when thread_count() > 1. Returns 2 when an
// input cannot be read, else 0.
// `reader_idle`, `consumer_idle`: see IdleWork in common/pipelined_events.hpp (not called with one thread);
// `limits`: the hand-over between the threads.
int run_capture(const Options& o, const char* program, Collector& c, std::function<bool()> reader_idle = {},
                std::function<bool()> consumer_idle = {}, PipelineLimits limits = {});

}  // namespace msrt::cli
