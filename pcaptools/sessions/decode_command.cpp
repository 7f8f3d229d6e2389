// msrt decode: every message of the captures, decoded, in capture order.
#include <unistd.h>

#include <charconv>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "common/capture_reader.hpp"
#include "common/commands.hpp"
#include "sessions/decode_printer.hpp"

namespace msrt::cli {
namespace {

const char* const kUsage =
    "usage: msrt decode [OPTIONS] CAPTURE...\n"
    "Prints every reliable-transport message (TCP port 4342) and every UDP Map-Register/Map-Notify of the\n"
    "captures, decoded, one line each in capture order, with capture gaps, framing errors, "
    "resynchronisation\n"
    "skips and packet problems where they occur. CAPTURE is a pcap or pcapng file, or - for standard input;\n"
    "several captures are merged by timestamp and their frames numbered together.\n"
    "\n"
    "  --json                 one JSON object per line (event: message, udp, session_open, session_close,\n"
    "                         gap, skipped, framing_error, transport_note, input_problem)\n"
    "  --time relative|utc|epoch\n"
    "                         time column: seconds since the first frame (default), UTC time of day, or\n"
    "                         seconds since the epoch (JSON always has epoch seconds)\n"
    "  --profile NAME         draft revision: kouvelas-06 (default) or ietf\n"
    "  --port N               reliable-transport TCP port (default 4342)\n"
    "  --no-progress          no progress line on stderr (shown only on a terminal anyway)\n"
    "  -h, --help             this text\n"
    "\n"
    "Exit status: 0 ok; 1 findings (capture gaps, framing errors, skipped octets, malformed messages,\n"
    "conflicting retransmissions, packet or file problems); 2 usage or input error.\n";

struct Args {
    DecodeOptions decode;
    ReaderOptions reader;
    std::vector<std::string> captures;
    bool help = false;
};

bool parse_port(std::string_view text, std::uint16_t& port) {
    unsigned v = 0;
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc{} || p != text.data() + text.size() || v == 0 || v > 65535) return false;
    port = static_cast<std::uint16_t>(v);
    return true;
}

bool parse_time(std::string_view text, TimeFormat& out) {
    if (text == "relative")
        out = TimeFormat::Relative;
    else if (text == "utc")
        out = TimeFormat::Utc;
    else if (text == "epoch")
        out = TimeFormat::Epoch;
    else
        return false;
    return true;
}

// Applies one option that takes a value; false with `error` set when the value is not acceptable.
bool option_value(std::string_view name, std::string_view value, Args& a, std::string& error) {
    if (name == "--port" && parse_port(value, a.reader.port)) return true;
    if (name == "--time" && parse_time(value, a.decode.time)) return true;
    if (name == "--profile") {
        if (const Profile* p = find_profile(value)) {
            a.decode.profile = p;
            return true;
        }
    }
    error = "bad value '" + std::string(value) + "' for " + std::string(name);
    return false;
}

bool parse(int argc, char** argv, Args& a, std::string& error) {
    for (int i = 1; i < argc; ++i) {
        std::string_view arg = argv[i];
        if (arg == "-h" || arg == "--help")
            a.help = true;
        else if (arg == "--json")
            a.decode.json = true;
        else if (arg == "--no-progress")
            a.reader.progress = false;
        else if (arg == "-" || arg.substr(0, 1) != "-")
            a.captures.emplace_back(arg);
        else if (auto eq = arg.find('='); eq != std::string_view::npos) {
            if (!option_value(arg.substr(0, eq), arg.substr(eq + 1), a, error)) return false;
        } else if (arg == "--port" || arg == "--time" || arg == "--profile") {
            if (i + 1 >= argc) {
                error = std::string(arg) + " needs a value";
                return false;
            }
            if (!option_value(arg, argv[++i], a, error)) return false;
        } else {
            error = "unknown option " + std::string(arg);
            return false;
        }
    }
    if (!a.help && a.captures.empty()) error = "no capture given";
    return a.help || !a.captures.empty();
}

}  // namespace

int decode_main(int argc, char** argv) {
    Args a;
    std::string error;
    if (!parse(argc, argv, a, error)) {
        std::fprintf(stderr, "msrt decode: %s\n'msrt decode --help' lists the options.\n", error.c_str());
        return 2;
    }
    if (a.help) {
        std::fputs(kUsage, stdout);
        return 0;
    }
    a.reader.program = "msrt decode";
    // Lines going to the terminal already show progress; a progress line would only garble them.
    a.reader.progress = a.reader.progress && !isatty(STDOUT_FILENO);
    DecodePrinter printer(a.decode, stdout);
    if (read_captures(a.captures, a.reader, printer) != 0) return 2;
    printer.finish();
    return printer.findings() ? 1 : 0;
}

}  // namespace msrt::cli
