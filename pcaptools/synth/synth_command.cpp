// msrt synth: generate a realistic capture of reliable-transport sessions and its ground-truth manifest.
#include <getopt.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "common/commands.hpp"
#include "synth/links.hpp"
#include "synth/manifest.hpp"

namespace msrt::cli {
namespace {

using namespace msrt::synth;

constexpr const char* kGenerator = "msrt synth 0.1.0";
// 2026-01-01T00:00:00Z; each seed moves the capture to its own time of that day.
constexpr Micros kEpochBase = 1'767'225'600'000'000;

constexpr const char* kUsage = R"(usage: msrt synth [OPTIONS] -o CAPTURE

Generates a capture of LISP Map-Server reliable-transport sessions (UDP Map-Register and Map-Notify, then
TCP on port 4342) and, beside it, a JSON manifest of what was sent (docs/manifest.md). The same inputs
always give the same bytes.

  -o, --output FILE         capture to write; .pcap or .pcapng chooses the format
      --format pcap|pcapng  format, whatever the extension
  -s, --scenario FILE       scenario to play (docs/scenario.md); default: one ETR, one Map-Server
  -m, --manifest FILE       manifest path (default: CAPTURE with .manifest.json for its extension)
      --no-manifest         write no manifest
      --detail LEVEL        full (default), tables (no per-message list) or counts (counts only)
      --seed N              overrides the scenario's seed
      --profile NAME        kouvelas-06 or ietf (ietf sets the Map-Register r bit)
      --vlan ID             802.1Q tag on every frame
      --mss N               TCP maximum segment size
      --rtt DURATION        ETR-Map-Server round trip, e.g. 24ms
      --end DURATION        stop the capture at this time after the start
      --impair LIST         KIND=VALUE,... with KIND retransmission, out-of-order, duplicate,
                            capture-loss (probability per eligible segment, e.g. 0.05 or 5%)
                            or mid-stream (the capture starts this long after the scenario start)
      --fault LIST          KIND=P,... with KIND wrong-nack, skip-answer (the Map-Server) or
                            ignore-refresh (the ETR): a misbehaving peer, probability per event
      --sessions N          benchmark mode: N generated sessions, each from its own ETR ...
      --prefixes M          ... with M EID prefixes each (the scenario's ETRs are not used)
      --concurrency K       benchmark mode: about K sessions up at once (default 32)
      --lifetime DURATION   benchmark mode: how long each session lasts (default 10s)
      --ipv6                benchmark mode: IPv6 transport
  -q, --quiet               no summary on standard error
  -h, --help                this text

Exit status: 0 written, 2 usage or input error (nothing usable written).
)";

constexpr const char* kDefaultScenario = R"(name default
etr etr1 ms=ms1 rloc=192.0.2.10 xtr-id=00112233445566778899aabbccddeeff site-id=1 key=example-key
ms ms1 192.0.2.1
eid etr1 [1000] 10.1.0.0/16
eid etr1 [1000] 10.2.0.0/16
eid etr1 [1000] 2001:db8:1::/48
eid etr1 [2000] 02:00:00:00:aa:00/48
end 8s
)";

struct Options {
    std::string output, scenario_path, manifest_path;
    std::optional<CaptureFormat> format;
    bool manifest = true, quiet = false, ipv6 = false;
    Detail detail = Detail::Full;
    std::vector<std::pair<std::string, std::string>> overrides;  // applied to the scenario, in order
    std::optional<std::uint64_t> sessions, prefixes;
    ScaleParams scale;
};

int usage_error(const std::string& what) {
    std::fprintf(stderr, "msrt synth: %s\n(see 'msrt synth --help')\n", what.c_str());
    return 2;
}

enum LongOnly {
    kFormat = 256,
    kNoManifest,
    kDetail,
    kSeed,
    kProfile,
    kVlan,
    kMss,
    kRtt,
    kEnd,
    kImpair,
    kFault,
    kSessions,
    kPrefixes,
    kConcurrency,
    kLifetime,
    kIpv6
};

constexpr option kLongOptions[] = {{"output", required_argument, nullptr, 'o'},
                                   {"format", required_argument, nullptr, kFormat},
                                   {"scenario", required_argument, nullptr, 's'},
                                   {"manifest", required_argument, nullptr, 'm'},
                                   {"no-manifest", no_argument, nullptr, kNoManifest},
                                   {"detail", required_argument, nullptr, kDetail},
                                   {"seed", required_argument, nullptr, kSeed},
                                   {"profile", required_argument, nullptr, kProfile},
                                   {"vlan", required_argument, nullptr, kVlan},
                                   {"mss", required_argument, nullptr, kMss},
                                   {"rtt", required_argument, nullptr, kRtt},
                                   {"end", required_argument, nullptr, kEnd},
                                   {"impair", required_argument, nullptr, kImpair},
                                   {"fault", required_argument, nullptr, kFault},
                                   {"sessions", required_argument, nullptr, kSessions},
                                   {"prefixes", required_argument, nullptr, kPrefixes},
                                   {"concurrency", required_argument, nullptr, kConcurrency},
                                   {"lifetime", required_argument, nullptr, kLifetime},
                                   {"ipv6", no_argument, nullptr, kIpv6},
                                   {"quiet", no_argument, nullptr, 'q'},
                                   {"help", no_argument, nullptr, 'h'},
                                   {nullptr, 0, nullptr, 0}};

// Flags that stand for a scenario statement: their value goes through the scenario parser, which checks it.
constexpr std::pair<int, const char*> kStatementFlags[] = {
    {kSeed, "seed"}, {kProfile, "profile"}, {kVlan, "vlan"}, {kMss, "mss"}, {kRtt, "rtt"}, {kEnd, "end"}};

// --impair and --fault: KIND=VALUE items, each a scenario statement.
std::string parse_impair(std::string_view list, Options& o, const std::string& statement = "impair") {
    while (!list.empty()) {
        std::size_t comma = list.find(',');
        std::string_view item = list.substr(0, comma);
        std::size_t eq = item.find('=');
        if (eq == std::string_view::npos) return "--" + statement + " takes KIND=VALUE items";
        o.overrides.emplace_back(statement + " " + std::string(item.substr(0, eq)),
                                 std::string(item.substr(eq + 1)));
        list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
    }
    return "";
}

std::string parse_scale_flag(int c, const std::string& v, Options& o) {
    if (c == kSessions) {
        o.sessions = parse_uint(v, 100'000'000);
        return o.sessions && *o.sessions > 0 ? "" : "bad --sessions";
    }
    if (c == kPrefixes) {
        o.prefixes = parse_uint(v, 16'000'000);
        return o.prefixes ? "" : "bad --prefixes";
    }
    if (c == kConcurrency) {
        auto n = parse_uint(v, 1'000'000);
        if (!n || *n == 0) return "bad --concurrency";
        o.scale.concurrency = *n;
        return "";
    }
    auto d = parse_duration(v);
    if (!d || *d < 3'000'000) return "--lifetime needs at least 3s (the UDP phase alone takes 1.7s)";
    o.scale.lifetime = *d;
    return "";
}

// Returns an empty string on success, else the problem.
std::string apply_option(int c, const std::string& v, Options& o) {
    for (auto [flag, statement] : kStatementFlags)
        if (c == flag) {
            o.overrides.emplace_back(statement, v);
            return "";
        }
    switch (c) {
        case 'o':
            o.output = v;
            return "";
        case 's':
            o.scenario_path = v;
            return "";
        case 'm':
            o.manifest_path = v;
            return "";
        case 'q':
            o.quiet = true;
            return "";
        case kNoManifest:
            o.manifest = false;
            return "";
        case kIpv6:
            o.ipv6 = true;
            return "";
        case kImpair:
            return parse_impair(v, o);
        case kFault:
            return parse_impair(v, o, "fault");
        case kFormat:
            return (o.format = format_from_name(v)) ? "" : "--format is pcap or pcapng";
        case kDetail: {
            std::optional<Detail> d = detail_from_name(v);
            if (d) o.detail = *d;
            return d ? "" : "--detail is full, tables or counts";
        }
        default:
            return parse_scale_flag(c, v, o);
    }
}

std::string parse_args(int argc, char** argv, Options& o) {
    optind = 1;
    opterr = 0;
    for (int c; (c = getopt_long(argc, argv, ":o:s:m:qh", kLongOptions, nullptr)) != -1;) {
        if (c == 'h') return "help";
        if (c == ':') return std::string("option ") + argv[optind - 1] + " needs a value";
        if (c == '?') return std::string("unknown option ") + argv[optind - 1];
        std::string problem = apply_option(c, optarg ? optarg : "", o);
        if (!problem.empty()) return problem;
    }
    if (optind < argc) return std::string("unexpected argument '") + argv[optind] + "'";
    if (o.output.empty()) return "no output file (-o CAPTURE)";
    if (!o.format && !(o.format = format_from_path(o.output)))
        return "cannot tell the format of '" + o.output + "': use .pcap, .pcapng or --format";
    if (o.sessions.has_value() != o.prefixes.has_value()) return "--sessions and --prefixes go together";
    return "";
}

// Flags are applied by feeding them through the scenario parser's own statements.
std::optional<std::string> load_scenario(const Options& o, Scenario& out) {
    std::string text = kDefaultScenario;
    if (!o.scenario_path.empty()) {
        std::ifstream in(o.scenario_path, std::ios::binary);
        if (!in) return o.scenario_path + ": " + std::strerror(errno);
        std::ostringstream ss;
        ss << in.rdbuf();
        text = ss.str();
    }
    if (o.sessions && o.scenario_path.empty())
        text = "ms scale-ms 192.0.2.1\netr scale-etr ms=scale-ms rloc=192.0.2.2\n";
    if (!text.empty() && text.back() != '\n') text += '\n';
    int file_lines = static_cast<int>(std::count(text.begin(), text.end(), '\n'));
    for (const auto& [key, value] : o.overrides)
        text += key + " " + value + "\n";
    auto parsed = parse_scenario(text);
    if (auto* e = std::get_if<ScenarioError>(&parsed)) {
        if (e->line > file_lines)
            return "option --" + o.overrides[static_cast<std::size_t>(e->line - file_lines - 1)].first +
                   ": " + e->what;
        std::string where =
            o.scenario_path.empty() ? "" : o.scenario_path + ":" + std::to_string(e->line) + ": ";
        return where + e->what;
    }
    out = std::move(std::get<Scenario>(parsed));
    return std::nullopt;
}

std::string default_manifest_path(const std::string& capture) {
    std::size_t slash = capture.rfind('/');
    std::size_t dot = capture.rfind('.');
    std::string stem = dot != std::string::npos && (slash == std::string::npos || dot > slash)
                           ? capture.substr(0, dot)
                           : capture;
    return stem + ".manifest.json";
}

std::string base_name(const std::string& path) {
    std::size_t slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

class DropSessions final : public SessionSink {
  public:
    void session(std::unique_ptr<SessionTruth>) override {}
};

// 2026-01-01 plus a time of day drawn from the seed, so that captures of different seeds do not overlap.
Micros epoch_for(std::uint64_t seed) {
    Rng r = Rng(seed).fork(0);
    Micros seconds = static_cast<Micros>(r.below(86'400));
    return kEpochBase + seconds * 1'000'000 + static_cast<Micros>(r.below(1'000'000));
}

std::unique_ptr<LinkSource> make_source(const Options& o, const Scenario& s, bool with_manifest) {
    bool keep_messages = with_manifest && o.detail == Detail::Full;
    bool keep_table = with_manifest && o.detail != Detail::Counts;
    if (!o.sessions) return std::make_unique<ScenarioLinks>(s, keep_messages, keep_table);
    ScaleParams sp = o.scale;
    sp.ipv6 = o.ipv6;
    sp.sessions = *o.sessions;
    sp.prefixes = *o.prefixes;
    return std::make_unique<ScaleLinks>(s, sp, keep_messages, keep_table);
}

// Flushes and closes both files; returns the first problem, or an empty string.
std::string close_outputs(CaptureWriter& cap, const Options& o, ManifestWriter* manifest, std::FILE* mf,
                          const std::string& manifest_path, const MergeStats& stats) {
    std::string error;
    if (!cap.finish(error)) return o.output + ": " + error;
    if (manifest && !manifest->finish(stats)) return manifest_path + ": write failed";
    if (mf && std::fclose(mf) != 0) return manifest_path + ": " + std::strerror(errno);
    return "";
}

int generate(const Options& o, const Scenario& s) {
    std::string error;
    std::unique_ptr<CaptureWriter> cap = open_capture(o.output, *o.format, kGenerator, error);
    if (!cap) return usage_error("cannot write " + error);
    std::string manifest_path = o.manifest_path.empty() ? default_manifest_path(o.output) : o.manifest_path;
    std::FILE* mf = o.manifest ? std::fopen(manifest_path.c_str(), "w") : nullptr;
    if (o.manifest && !mf) return usage_error("cannot write " + manifest_path + ": " + std::strerror(errno));

    Micros epoch = epoch_for(s.seed);
    ManifestHeader h{kGenerator, s.name, s.seed, s.profile, base_name(o.output), format_name(*o.format), {}};
    if (s.impair.mid_stream) h.capture_start = epoch + *s.impair.mid_stream;
    std::optional<ManifestWriter> manifest;
    DropSessions drop;
    if (mf) manifest.emplace(mf, h, o.detail);
    SessionSink& sink = manifest ? static_cast<SessionSink&>(*manifest) : drop;

    std::unique_ptr<LinkSource> source = make_source(o, s, mf != nullptr);
    MergeStats stats = merge(*source, *cap, epoch, sink);
    if (s.impair.mid_stream) stats.impairments.insert("mid_stream");
    error = close_outputs(*cap, o, manifest ? &*manifest : nullptr, mf, manifest_path, stats);
    if (!error.empty()) return usage_error("cannot write " + error);
    if (!o.quiet)
        std::fprintf(stderr, "msrt synth: %s: %llu frames, %llu sessions%s%s\n", o.output.c_str(),
                     static_cast<unsigned long long>(stats.frames),
                     static_cast<unsigned long long>(stats.sessions), mf ? "; manifest " : "",
                     mf ? manifest_path.c_str() : "");
    return 0;
}

}  // namespace

int synth_main(int argc, char** argv) {
    Options o;
    std::string problem = parse_args(argc, argv, o);
    if (problem == "help") {
        std::fputs(kUsage, stdout);
        return 0;
    }
    if (!problem.empty()) return usage_error(problem);
    Scenario s;
    if (std::optional<std::string> err = load_scenario(o, s)) return usage_error(*err);
    return generate(o, s);
}

}  // namespace msrt::cli
