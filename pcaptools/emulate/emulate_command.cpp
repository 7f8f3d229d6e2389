#include <cstdio>

#include "common/commands.hpp"

namespace msrt::cli {
int emulate_main(int, char**) {
    std::fprintf(stderr, "msrt emulate: not built yet\n");
    return 2;
}
}  // namespace msrt::cli
