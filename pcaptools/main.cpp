// msrt: LISP Map-Server Reliable Transport tools. Dispatches to one subcommand.
#include <cstdio>
#include <cstring>
#include <string_view>

#include "common/commands.hpp"

namespace {

struct Command {
    const char* name;
    int (*run)(int, char**);
    const char* summary;
};

constexpr Command kCommands[] = {
    {"decode", msrt::cli::decode_main, "print every message of a capture, decoded"},
    {"sessions", msrt::cli::sessions_main, "rebuild each session and its registration table"},
    {"state", msrt::cli::state_main, "the Map-Server-wide registration state at a moment"},
    {"events", msrt::cli::events_main, "the timeline of protocol events"},
    {"synth", msrt::cli::synth_main, "generate a realistic capture and its ground-truth manifest"},
    {"emulate", msrt::cli::emulate_main, "emulate a Map-Server or an ETR, offline or live"},
};

int usage(FILE* out) {
    std::fprintf(out, "usage: msrt COMMAND [OPTIONS] ...\n\ncommands:\n");
    for (const Command& c : kCommands) std::fprintf(out, "  %-10s %s\n", c.name, c.summary);
    std::fprintf(out, "\n'msrt COMMAND --help' describes one command.\n");
    return out == stdout ? 0 : 2;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) return usage(stderr);
    std::string_view name = argv[1];
    if (name == "--help" || name == "-h" || name == "help") return usage(stdout);
    if (name == "--version") {
        std::printf("msrt 0.1.0\n");
        return 0;
    }
    for (const Command& c : kCommands)
        if (name == c.name) return c.run(argc - 1, argv + 1);
    std::fprintf(stderr, "msrt: unknown command '%s'\n", argv[1]);
    return usage(stderr);
}
