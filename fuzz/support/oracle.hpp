// Oracle checks for the fuzz targets. A broken oracle is a finding like a crash: print what broke and abort,
// so that libFuzzer saves the input and a replay (ctest) fails on it.
#pragma once

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "msrt/bytes.hpp"

namespace msrt::fuzz {

// Where oracle failures are written: stderr, unless a target parks stderr while it runs (fuzz_capture).
inline int& report_fd() {
    static int fd = STDERR_FILENO;
    return fd;
}

[[noreturn]] inline void oracle_failed(const char* what, const std::string& detail, const char* file,
                                       int line) {
    dprintf(report_fd(), "%s:%d: oracle failed: %s\n%s\n", file, line, what, detail.c_str());
    std::abort();
}

}  // namespace msrt::fuzz

// `detail` is only evaluated on failure, so it may be expensive (hex dumps).
#define FUZZ_REQUIRE(cond, detail)                                                     \
    do {                                                                               \
        if (!(cond)) ::msrt::fuzz::oracle_failed(#cond, (detail), __FILE__, __LINE__); \
    } while (0)
