#include "emulate/options.hpp"

#include <cstdio>
#include <cstring>

#include "msrt/emulation/config_text.hpp"

namespace msrt::cli {
namespace {

using emulation::parse_seconds;
using emulation::parse_uint;

// Options that take a value, and where the value goes.
bool take_value(EmulateOptions& o, const std::string& name, const std::string& v) {
    if (name == "--listen")
        o.listen = v;
    else if (name == "--connect")
        o.connect = v;
    else if (name == "--policy")
        o.policy = v;
    else if (name == "--config")
        o.config = v;
    else if (name == "--from")
        o.from = v;
    else if (name == "--write")
        o.write = v;
    else if (name == "--state-out")
        o.state_out = v;
    else if (name == "--duration" || name == "--spread") {
        auto t = parse_seconds(v);
        if (!t)
            o.error = name + " takes a duration in seconds";
        else
            (name == "--duration" ? o.duration : o.spread) = *t;
    } else if (name == "--instances" || name == "--prefixes") {
        auto n = parse_uint(v, 1'000'000);
        if (!n || (name == "--instances" && *n == 0))
            o.error = name + " takes a count";
        else
            (name == "--instances" ? o.instances : o.prefixes) = *n;
    } else if (name == "--prefix-base") {
        auto e = Eid::parse(v);
        if (!e || e->prefix.afi != wire::afi::kIpv4)
            o.error = "--prefix-base takes \"[IID] A.B.C.D\"";
        else
            o.prefix_base = *e;
    } else {
        return false;
    }
    return true;
}

bool take_flag(EmulateOptions& o, const std::string& name) {
    if (name == "--json")
        o.json = true;
    else if (name == "--quiet")
        o.quiet = true;
    else if (name == "--allow-remote")
        o.allow_remote = true;
    else if (name == "--exit-when-settled")
        o.exit_when_settled = true;
    else if (name == "--help" || name == "-h")
        o.help = true;
    else
        return false;
    return true;
}

void check_combination(EmulateOptions& o) {
    if (o.help || o.error) return;
    bool live = !o.listen.empty() || !o.connect.empty();
    if (o.role == "ms" && o.policy.empty())
        o.error = "emulate ms needs --policy";
    else if (o.role == "etr" && o.config.empty())
        o.error = "emulate etr needs --config";
    else if (o.role == "ms" && !o.connect.empty())
        o.error = "emulate ms takes --listen, not --connect";
    else if (o.role == "etr" && !o.listen.empty())
        o.error = "emulate etr takes --connect, not --listen";
    else if (live && !o.captures.empty())
        o.error = "live mode takes no capture (use --from for an ETR replay)";
    else if (!live && o.captures.empty())
        o.error = "give a capture (offline) or --listen/--connect (live)";
    else if (!live && !o.from.empty())
        o.error = "--from is for the live ETR";
}

}  // namespace

EmulateOptions parse_emulate_options(int argc, char** argv) {
    EmulateOptions o;
    o.prefix_base = *Eid::parse("[1000] 10.0.0.0/32");
    if (argc < 2) {
        o.error = "say 'ms' or 'etr'";
        return o;
    }
    o.role = argv[1];
    if (o.role == "--help" || o.role == "-h") {
        o.help = true;
        return o;
    }
    if (o.role != "ms" && o.role != "etr") o.error = "unknown role '" + o.role + "' (ms or etr)";
    for (int i = 2; i < argc && !o.error; ++i) {
        std::string a = argv[i];
        if (take_flag(o, a)) continue;
        if (a.rfind("--", 0) == 0) {
            if (i + 1 >= argc)
                o.error = a + " needs a value";
            else if (!take_value(o, a, argv[++i]))
                o.error = "unknown option " + a;
            continue;
        }
        o.captures.push_back(a);
    }
    check_combination(o);
    return o;
}

void print_emulate_usage(std::FILE* out) {
    std::fprintf(
        out,
        "usage:\n"
        "  msrt emulate ms  --policy P CAPTURE...        compare a capture's Map-Server with the model\n"
        "  msrt emulate etr --config C CAPTURE...        compare a capture's ETR with the model\n"
        "  msrt emulate ms  --listen ADDR:PORT --policy P  a live Map-Server (UDP+TCP, loopback)\n"
        "  msrt emulate etr --connect ADDR:PORT --config C a live ETR (or --from CAPTURE to replay one)\n"
        "\noffline options:\n"
        "  --json                 one JSON object per difference, then a summary object\n"
        "  --write OUT.pcapng     the emulated conversation as a capture\n"
        "\nlive options:\n"
        "  --json                 print the final state as JSON on stdout\n"
        "  --state-out FILE       also write the final state as JSON to FILE\n"
        "  --quiet                no per-message log on stderr\n"
        "  --allow-remote         allow addresses other than loopback\n"
        "  --duration S           (etr) stop after S seconds\n"
        "  --exit-when-settled    (etr) stop once established, scripted changes done, nothing pending\n"
        "  --instances N          (etr) run N ETRs, xTR-IDs counting up from the configured one\n"
        "  --prefixes M           (etr) give each ETR M generated /32 prefixes (load benchmark)\n"
        "  --prefix-base EID      (etr) where generated prefixes start (default \"[1000] 10.0.0.0\")\n"
        "  --spread S             (etr) start the ETRs spread over S seconds\n"
        "\nSIGINT or SIGTERM stops a live emulator, which prints its final state; SIGHUP makes the live\n"
        "Map-Server re-read its policy. Formats and decisions: docs/emulation.md. Exit status: 0 ok,\n"
        "1 differences found (offline) or registrations left unanswered (live ETR), 2 usage or input "
        "error.\n");
}

}  // namespace msrt::cli
