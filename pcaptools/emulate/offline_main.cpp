#include "emulate/offline_main.hpp"

#include <cstdio>

#include "common/capture_reader.hpp"
#include "emulate/config_files.hpp"
#include "emulate/offline_etr.hpp"
#include "emulate/offline_ms.hpp"
#include "emulate/pcap_conversation.hpp"

namespace msrt::cli {
namespace {

int input_error(const std::string& what) {
    std::fprintf(stderr, "msrt emulate: %s\n", what.c_str());
    return 2;
}

template <class Sink>
int replay(const EmulateOptions& o, Sink& sink, DifferenceReport& report, PcapConversation* out) {
    ReaderOptions ro;
    ro.program = "msrt emulate";
    if (int rc = read_captures(o.captures, ro, sink); rc != 0) return rc;
    report.print_summary(stdout, sink.sessions(), sink.compared());
    std::string error;
    if (out && !out->finish(error)) return input_error(o.write + ": " + error);
    return report.count() > 0 ? 1 : 0;
}

}  // namespace

int run_offline(const EmulateOptions& o) {
    std::unique_ptr<PcapConversation> out;
    if (!o.write.empty()) {
        std::string error;
        out = PcapConversation::open(o.write, error);
        if (!out) return input_error(o.write + ": " + error);
    }
    DifferenceReport report(o.json);
    if (o.role == "ms") {
        Result<std::vector<emulation::TimedPolicy>> schedule = load_policy_schedule(o.policy);
        if (!schedule) return input_error(schedule.error().str());
        OfflineMs sink(std::move(*schedule), report, out.get());
        return replay(o, sink, report, out.get());
    }
    Result<emulation::EtrConfig> config = load_etr_config(o.config);
    if (!config) return input_error(config.error().str());
    OfflineEtr sink(std::move(*config), report, out.get());
    return replay(o, sink, report, out.get());
}

}  // namespace msrt::cli
