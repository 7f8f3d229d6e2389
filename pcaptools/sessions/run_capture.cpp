#include "sessions/run_capture.hpp"

#include <cstdio>
#include <thread>

#include "common/capture_reader.hpp"
#include "sessions/udp_auth_stage.hpp"

namespace msrt::cli {

const char* const kCommonOptionsHelp =
    "  --json            JSON Lines (one object per line; schema in README, \"msrt sessions\")\n"
    "  --csv             CSV with a header row\n"
    "  --ms ADDR[:PORT]  only sessions with this Map-Server (\"[v6]:port\" for IPv6 with a port)\n"
    "  --etr ADDR[:PORT] only sessions from this ETR\n"
    "  --iid N           only registrations in instance N\n"
    "  --eid PREFIX      only registrations overlapping PREFIX (\"[IID] 10.1.0.0/16\", \"10.1.2.3\"): the\n"
    "                    prefix an address falls in, and the more-specifics of a prefix\n"
    "  --profile NAME    draft revision: kouvelas-06 (default) or ietf (the r bit gates sessions)\n"
    "  --port N          reliable-transport TCP port (default 4342)\n"
    "  --no-progress     no progress line on stderr (shown only on a terminal anyway)\n"
    "  --threads N       1: read and interpret the captures on one thread; 2 (the default with more than\n"
    "                    one core): one thread reads, another decodes and tracks. The output is the same.\n"
    "  -h, --help        this text\n"
    "Exit status: 0 ok, 1 findings (capture gaps, framing errors, malformed messages, Message-ID gaps or\n"
    "repeats, unmatched answers, wrong-direction messages, Error Notifications, input problems, and in "
    "sessions\n"
    "closed by FIN/RST: Registrations never answered and Refresh requests never honoured; NACKs are not\n"
    "findings), 2 usage or input error.\n";

int parse_or_exit(int argc, char** argv, bool with_at, const char* usage, Options& out) {
    std::string error;
    Parse p = parse_options(argc, argv, with_at, out, error);
    if (p == Parse::Help) {
        std::printf("%s%s", usage, kCommonOptionsHelp);
        return 0;
    }
    if (p == Parse::Error) {
        std::fprintf(stderr, "msrt %s: %s\n'msrt %s --help' lists the options.\n", argv[0], error.c_str(),
                     argv[0]);
        return 2;
    }
    return -1;
}

unsigned thread_count(const Options& o) {
    return o.threads ? o.threads : std::thread::hardware_concurrency() > 1 ? 2 : 1;
}

int run_capture(const Options& o, const char* program, Collector& c, std::function<bool()> reader_idle,
                std::function<bool()> consumer_idle, PipelineLimits limits) {
    ReaderOptions ro;
    ro.port = o.port;
    ro.progress = o.progress;
    ro.program = program;
    if (thread_count(o) == 1) {
        UdpAuthStage stage(c, c.wants_udp());
        return read_captures(o.captures, ro, stage) == 0 ? 0 : 2;
    }
    PipelinedEvents pipeline(c, limits, IdleWork{std::move(reader_idle), std::move(consumer_idle)});
    UdpAuthStage stage(pipeline, c.wants_udp());
    int rc = read_captures(o.captures, ro, stage);
    pipeline.finish();
    return rc == 0 ? 0 : 2;
}

}  // namespace msrt::cli
