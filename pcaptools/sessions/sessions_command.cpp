#include <cstdio>

#include "common/commands.hpp"

namespace msrt::cli {
static int not_yet(const char* what) {
    std::fprintf(stderr, "msrt %s: not built yet\n", what);
    return 2;
}
int decode_main(int, char**) { return not_yet("decode"); }
int sessions_main(int, char**) { return not_yet("sessions"); }
int state_main(int, char**) { return not_yet("state"); }
int events_main(int, char**) { return not_yet("events"); }
}  // namespace msrt::cli
