// Command-line options of `msrt emulate ms|etr`, parsed once into one structure.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "msrt/eid.hpp"
#include "msrt/session/types.hpp"

namespace msrt::cli {

struct EmulateOptions {
    std::string role;             // "ms" or "etr"
    std::string listen, connect;  // live endpoints
    std::string policy, config;
    std::vector<std::string> captures;  // offline inputs
    std::string from;                   // etr: replay this capture's registrations live
    std::string write;                  // offline: the emulated conversation as pcapng
    std::string state_out;
    bool json = false;
    bool quiet = false;
    bool allow_remote = false;
    bool exit_when_settled = false;
    Micros duration = 0;
    Micros spread = 0;
    std::size_t instances = 1;
    std::size_t prefixes = 0;  // per instance, generated (load benchmark)
    Eid prefix_base;
    std::optional<std::string> error;  // set when the command line is wrong
    bool help = false;
};

EmulateOptions parse_emulate_options(int argc, char** argv);
void print_emulate_usage(std::FILE* out);

}  // namespace msrt::cli
