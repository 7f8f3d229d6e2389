#include "sessions/options.hpp"

#include <charconv>
#include <string_view>

#include "sessions/time_text.hpp"

namespace msrt::cli {
namespace {

std::optional<std::uint32_t> parse_u32(std::string_view s) {
    std::uint32_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || p != s.data() + s.size()) return std::nullopt;
    return v;
}

// Splits "addr:port" / "[v6]:port" / "addr" into the address text and the port text.
std::pair<std::string, std::string> split_port(const std::string& text) {
    if (!text.empty() && text.front() == '[') {
        std::size_t close = text.find(']');
        if (close == std::string::npos) return {text, ""};
        std::string rest = text.substr(close + 1);
        return {text.substr(1, close - 1), rest.size() > 1 && rest[0] == ':' ? rest.substr(1) : ""};
    }
    std::size_t colon = text.find(':');
    if (colon != std::string::npos && text.find(':', colon + 1) == std::string::npos)
        return {text.substr(0, colon), text.substr(colon + 1)};
    return {text, ""};
}

struct Parser {
    int argc;
    char** argv;
    bool with_at;
    Options& out;
    std::string& error;
    int i = 1;

    const char* next_value(std::string_view opt) {
        if (i + 1 >= argc) {
            error = std::string(opt) + " needs a value";
            return nullptr;
        }
        return argv[++i];
    }
    bool endpoint(std::string_view opt, std::optional<EndpointFilter>& slot) {
        const char* v = next_value(opt);
        if (!v) return false;
        slot = EndpointFilter::parse(v);
        if (!slot) error = std::string(opt) + ": not an address: " + v;
        return slot.has_value();
    }
    bool option(std::string_view a);
};

bool Parser::option(std::string_view a) {
    if (a == "--json")
        out.format = Format::Json;
    else if (a == "--csv")
        out.format = Format::Csv;
    else if (a == "--no-progress")
        out.progress = false;
    else if (a == "--ms")
        return endpoint(a, out.filters.ms);
    else if (a == "--etr")
        return endpoint(a, out.filters.etr);
    else if (a == "--iid") {
        const char* v = next_value(a);
        if (v && !(out.filters.iid = parse_u32(v))) error = std::string("--iid: not a number: ") + v;
        return out.filters.iid.has_value();
    } else if (a == "--eid") {
        const char* v = next_value(a);
        if (v && !(out.filters.eid = Eid::parse(v))) error = std::string("--eid: not a prefix: ") + v;
        return out.filters.eid.has_value();
    } else if (a == "--profile") {
        const char* v = next_value(a);
        if (v && !(out.profile = find_profile(v))) error = std::string("--profile: unknown profile: ") + v;
        return v && out.profile;
    } else if (a == "--port") {
        const char* v = next_value(a);
        std::optional<std::uint32_t> port = v ? parse_u32(v) : std::nullopt;
        if (!port || *port == 0 || *port > 65535) {
            if (v) error = std::string("--port: not a port: ") + v;
            return false;
        }
        out.port = static_cast<std::uint16_t>(*port);
    } else if (a == "--threads") {
        const char* v = next_value(a);
        std::optional<std::uint32_t> n = v ? parse_u32(v) : std::nullopt;
        if (!n || *n < 1 || *n > 2) {
            if (v) error = std::string("--threads: 1 or 2, not ") + v;
            return false;
        }
        out.threads = *n;
    } else if (with_at && a == "--at") {
        const char* v = next_value(a);
        if (v && !(out.at = Moment::parse(v))) error = std::string("--at: not a time: ") + v;
        return out.at.has_value();
    } else if (with_at && a == "--all")
        out.all = true;
    else {
        error = "unknown option " + std::string(a);
        return false;
    }
    return true;
}

}  // namespace

std::optional<Moment> Moment::parse(std::string_view text) {
    if (text == "end") return Moment{From::LastFrame, 0};
    if (text.starts_with("end-")) {
        std::optional<Micros> before = parse_seconds(text.substr(4));
        if (!before) return std::nullopt;
        return Moment{From::LastFrame, *before};
    }
    if (text.starts_with('+')) {
        std::optional<Micros> after = parse_seconds(text.substr(1));
        if (!after) return std::nullopt;
        return Moment{From::FirstFrame, *after};
    }
    std::optional<Micros> t = parse_time(text);
    if (!t) return std::nullopt;
    return Moment{From::Epoch, *t};
}

std::optional<EndpointFilter> EndpointFilter::parse(const std::string& text) {
    auto [addr, port] = split_port(text);
    EndpointFilter f;
    std::optional<Address> a = Address::parse(addr);
    if (!a || a->afi == 0) return std::nullopt;
    f.ip = *a;
    if (!port.empty()) {
        std::optional<std::uint32_t> p = parse_u32(port);
        if (!p || *p > 65535) return std::nullopt;
        f.port = static_cast<std::uint16_t>(*p);
    }
    return f;
}

bool Filters::session(const SessionInfo& s) const {
    return (!ms || ms->matches(s.ms)) && (!etr || etr->matches(s.etr));
}

bool Filters::key(const Eid& k) const {
    if (iid && k.iid != *iid) return false;
    if (!eid) return true;
    Eid want = *eid;
    if (iid && want.iid == 0) want.iid = *iid;  // "--iid 1000 --eid 10.0.0.0/8"
    return want.covers(k) || k.covers(want);
}

Parse parse_options(int argc, char** argv, bool with_at, Options& out, std::string& error) {
    Parser p{argc, argv, with_at, out, error};
    for (; p.i < argc; ++p.i) {
        std::string_view a = argv[p.i];
        if (a == "-h" || a == "--help") return Parse::Help;
        if (a.size() > 1 && a[0] == '-') {
            if (!p.option(a)) return Parse::Error;
        } else {
            out.captures.emplace_back(a);
        }
    }
    if (out.captures.empty())
        error = "no capture file given";
    else if (with_at && !out.at)
        error = "--at TIME is required";
    return error.empty() ? Parse::Ok : Parse::Error;
}

}  // namespace msrt::cli
