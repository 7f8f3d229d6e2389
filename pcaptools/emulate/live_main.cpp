#include "emulate/live_main.hpp"

#include <cstdio>

#include "emulate/capture_etrs.hpp"
#include "emulate/config_files.hpp"
#include "emulate/etr_instances.hpp"
#include "emulate/live_etr.hpp"
#include "emulate/live_ms.hpp"

namespace msrt::cli {
namespace {

int usage_error(const std::string& what) {
    std::fprintf(stderr, "msrt emulate: %s\n", what.c_str());
    return 2;
}

// Live traffic stays on this host unless the user says otherwise (docs/emulation.md, E19).
std::optional<live::Peer> endpoint(const std::string& text, bool allow_remote, std::string& error) {
    std::optional<live::Peer> p = live::parse_endpoint(text);
    if (!p)
        error = "'" + text + "' is not ADDR:PORT";
    else if (!allow_remote && !live::is_loopback(p->ip))
        error = p->ip.str() + " is not loopback (see --allow-remote)";
    else
        return p;
    return std::nullopt;
}

}  // namespace

int run_live_ms(const EmulateOptions& o) {
    std::string error;
    std::optional<live::Peer> at = endpoint(o.listen, o.allow_remote, error);
    if (!at) return usage_error(error);
    Result<emulation::Policy> policy = load_policy(o.policy);
    if (!policy) return usage_error(policy.error().str());
    live::raise_fd_limit();
    live::EventLoop loop;
    if (!loop.ok()) return usage_error("cannot set up the event loop");
    live::MsLiveOptions mo{*at, o.policy, o.quiet, o.json, o.state_out};
    live::LiveMapServer ms(loop, std::move(*policy), mo);
    if (!ms.start()) return 2;
    return ms.run();
}

int run_live_etr(const EmulateOptions& o) {
    std::string error;
    std::optional<live::Peer> to = endpoint(o.connect, o.allow_remote, error);
    if (!to) return usage_error(error);
    Result<emulation::EtrConfig> config = load_etr_config(o.config);
    if (!config) return usage_error(config.error().str());
    if (config->key.empty() && config->alg_id != wire::lisp::kAlgNone)
        return usage_error(o.config + ": a live ETR needs a 'key' (or 'algorithm none')");
    std::vector<emulation::EtrConfig> configs;
    if (o.from.empty()) {
        configs = expand_instances(*config, o.instances, o.prefixes, o.prefix_base);
    } else if (int rc = etrs_from_capture({o.from}, *config, configs); rc != 0) {
        return rc;
    } else if (configs.empty()) {
        return usage_error(o.from + ": no ETR registers anything in this capture");
    }
    live::raise_fd_limit();
    live::EventLoop loop;
    if (!loop.ok()) return usage_error("cannot set up the event loop");
    live::EtrLiveOptions eo;
    eo.ms = *to;
    eo.quiet = o.quiet;
    eo.json = o.json;
    eo.state_out = o.state_out;
    eo.duration = o.duration;
    eo.exit_when_settled = o.exit_when_settled;
    eo.start_spread = o.spread;
    live::LiveEtrs etrs(loop, std::move(configs), eo);
    if (!etrs.start()) return 2;
    return etrs.run();
}

}  // namespace msrt::cli
