// The value syntax of scenario files and flags: durations, rates, identifiers, locator lists.
#include <algorithm>
#include <charconv>
#include <string>

#include "msrt/build.hpp"
#include "synth/scenario.hpp"

namespace msrt::synth {
namespace {

// "12.345" times `scale`, exactly, for scales that are powers of ten up to 10^9.
std::optional<std::uint64_t> parse_scaled(std::string_view text, std::uint64_t scale) {
    std::size_t dot = text.find('.');
    std::string_view whole = text.substr(0, dot);
    std::string_view frac = dot == std::string_view::npos ? std::string_view{} : text.substr(dot + 1);
    if (whole.empty() && frac.empty()) return std::nullopt;
    std::uint64_t w = 0;
    if (!whole.empty()) {
        auto [p, ec] = std::from_chars(whole.data(), whole.data() + whole.size(), w);
        if (ec != std::errc{} || p != whole.data() + whole.size()) return std::nullopt;
    }
    std::uint64_t f = 0, unit = scale;
    for (char c : frac) {
        if (c < '0' || c > '9') return std::nullopt;
        if (unit < 10) {
            if (c != '0') return std::nullopt;  // finer than the unit allows
            continue;
        }
        unit /= 10;
        f += static_cast<std::uint64_t>(c - '0') * unit;
    }
    if (w > UINT64_MAX / scale) return std::nullopt;
    return w * scale + f;
}

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string dashes_to_underscores(std::string_view s) {
    std::string out(s);
    std::replace(out.begin(), out.end(), '-', '_');
    return out;
}

}  // namespace

std::optional<Micros> parse_duration(std::string_view text) {
    struct Unit {
        std::string_view suffix;
        std::uint64_t micros;
    };
    constexpr Unit kUnits[] = {{"us", 1}, {"ms", 1'000}, {"s", 1'000'000}, {"m", 60'000'000}};
    for (const Unit& u : kUnits) {
        if (!ends_with(text, u.suffix)) continue;
        auto v = parse_scaled(text.substr(0, text.size() - u.suffix.size()), u.micros);
        if (!v || *v > INT64_MAX) return std::nullopt;
        return static_cast<Micros>(*v);
    }
    auto v = parse_scaled(text, 1'000'000);
    if (!v || *v > INT64_MAX) return std::nullopt;
    return static_cast<Micros>(*v);
}

std::optional<std::uint64_t> parse_rate(std::string_view text) {
    constexpr std::pair<std::string_view, std::uint64_t> kUnits[] = {
        {"gbit", 1'000'000'000}, {"mbit", 1'000'000}, {"kbit", 1'000}, {"bit", 1}};
    for (auto [suffix, scale] : kUnits)
        if (ends_with(text, suffix)) return parse_scaled(text.substr(0, text.size() - suffix.size()), scale);
    return parse_scaled(text, 1);
}

std::optional<double> parse_probability(std::string_view text) {
    bool percent = ends_with(text, "%");
    if (percent) text.remove_suffix(1);
    double v = 0;
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc{} || p != text.data() + text.size()) return std::nullopt;
    if (percent) v /= 100;
    if (v < 0 || v > 1) return std::nullopt;
    return v;
}

std::optional<std::uint64_t> parse_uint(std::string_view text, std::uint64_t max) {
    std::uint64_t v = 0;
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (text.empty() || ec != std::errc{} || p != text.data() + text.size() || v > max) return std::nullopt;
    return v;
}

std::optional<XtrId> parse_xtr_id(std::string_view text) {
    if (text.starts_with("0x") || text.starts_with("0X")) text.remove_prefix(2);
    if (text.size() != 32) return std::nullopt;
    XtrId id{};
    for (std::size_t i = 0; i < 16; ++i) {
        auto [p, ec] = std::from_chars(text.data() + 2 * i, text.data() + 2 * i + 2, id[i], 16);
        if (ec != std::errc{} || p != text.data() + 2 * i + 2) return std::nullopt;
    }
    return id;
}

// ADDR/PRIORITY/WEIGHT[/M-PRIORITY/M-WEIGHT], comma-separated.
std::optional<std::vector<Locator>> parse_locators(std::string_view text) {
    std::vector<Locator> out;
    while (!text.empty()) {
        std::size_t comma = text.find(',');
        std::string_view item = text.substr(0, comma);
        text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
        std::vector<std::string_view> parts;
        for (std::size_t slash; (slash = item.find('/')) != std::string_view::npos;
             item.remove_prefix(slash + 1))
            parts.push_back(item.substr(0, slash));
        parts.push_back(item);
        if (parts.size() != 3 && parts.size() != 5) return std::nullopt;
        std::optional<Address> a = Address::parse(parts[0]);
        std::uint64_t n[4] = {0, 0, 255, 0};
        for (std::size_t i = 1; i < parts.size(); ++i) {
            auto v = parse_uint(parts[i], 255);
            if (!v) return std::nullopt;
            n[i - 1] = *v;
        }
        if (!a || a->afi == 0) return std::nullopt;
        out.push_back(build::locator(*a, static_cast<std::uint8_t>(n[0]), static_cast<std::uint8_t>(n[1]),
                                     static_cast<std::uint8_t>(n[2]), static_cast<std::uint8_t>(n[3])));
    }
    if (out.empty()) return std::nullopt;
    return out;
}

std::optional<std::uint16_t> parse_family(std::string_view text) {
    if (text == "ipv4") return wire::afi::kIpv4;
    if (text == "ipv6") return wire::afi::kIpv6;
    if (text == "mac") return wire::afi::kMac48;
    return std::nullopt;
}

std::optional<ErrorCode> parse_error_code(std::string_view text, const Profile& profile) {
    if (auto n = parse_uint(text, 255)) {
        const auto* e = profile.error_code(static_cast<std::uint8_t>(*n));
        return e ? std::optional(e->value) : std::nullopt;
    }
    std::string key = dashes_to_underscores(text);
    for (const auto& e : profile.error_codes)
        if (key == e.key) return e.value;
    return std::nullopt;
}

std::optional<NackReason> parse_reason(std::string_view text, const Profile& profile) {
    if (auto n = parse_uint(text, 255)) {
        const auto* e = profile.reason(static_cast<std::uint8_t>(*n));
        return e ? std::optional(e->value) : std::nullopt;
    }
    std::string key = dashes_to_underscores(text);
    for (const auto& e : profile.reasons)
        if (key == e.key) return e.value;
    return std::nullopt;
}

std::vector<Locator> default_locators(const std::vector<Address>& rlocs) {
    std::vector<Locator> out;
    auto weight = static_cast<std::uint8_t>(rlocs.empty() ? 100 : 100 / rlocs.size());
    for (const Address& a : rlocs)
        out.push_back(build::locator(a, 1, weight));
    return out;
}

const MsConfig* Scenario::find_ms(std::string_view n) const {
    for (const MsConfig& m : ms)
        if (m.name == n) return &m;
    return nullptr;
}

const EtrConfig* Scenario::find_etr(std::string_view n) const {
    for (const EtrConfig& e : etrs)
        if (e.name == n) return &e;
    return nullptr;
}

}  // namespace msrt::synth
