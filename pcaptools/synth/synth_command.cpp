#include <cstdio>

#include "common/commands.hpp"

namespace msrt::cli {
int synth_main(int, char**) {
    std::fprintf(stderr, "msrt synth: not built yet\n");
    return 2;
}
}  // namespace msrt::cli
