// `msrt emulate ms|etr`: live over sockets, or offline against a capture (docs/emulation.md).
#include <cstdio>

#include "common/commands.hpp"
#include "emulate/live_main.hpp"
#include "emulate/offline_main.hpp"
#include "emulate/options.hpp"

namespace msrt::cli {

int emulate_main(int argc, char** argv) {
    EmulateOptions o = parse_emulate_options(argc, argv);
    if (o.help) {
        print_emulate_usage(stdout);
        return 0;
    }
    if (o.error) {
        std::fprintf(stderr, "msrt emulate: %s\n", o.error->c_str());
        print_emulate_usage(stderr);
        return 2;
    }
    bool live = !o.listen.empty() || !o.connect.empty();
    if (live) return o.role == "ms" ? run_live_ms(o) : run_live_etr(o);
    return run_offline(o);
}

}  // namespace msrt::cli
