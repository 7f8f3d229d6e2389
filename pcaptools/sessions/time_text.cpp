#include "sessions/time_text.hpp"

#include <array>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <limits>

namespace msrt::cli {
namespace {

constexpr Micros kSecond = 1'000'000;
constexpr std::int64_t kMaxSeconds = 100'000'000'000;  // about the year 5000: far from Micros' limit

// Floor division, so times before 1970 still print a non-negative fraction.
std::pair<std::int64_t, std::int64_t> split(Micros t) {
    std::int64_t s = t / kSecond, us = t % kSecond;
    if (us < 0) {
        --s;
        us += kSecond;
    }
    return {s, us};
}

// "2023-11-14T22:13:20" for whole seconds since 1970.
std::string date_time(std::int64_t s) {
    std::time_t tt = static_cast<std::time_t>(s);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    char text[64] = {};  // iso_chars' room (kIsoChars) counts on this size
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &tm);
    return text;
}

// Digits after a decimal point as microseconds ("25" -> 250000); nullopt if not all digits.
std::optional<Micros> fraction(std::string_view digits) {
    Micros us = 0, scale = 100'000;
    for (char c : digits) {
        if (c < '0' || c > '9') return std::nullopt;
        us += (c - '0') * scale;
        scale /= 10;
    }
    return us;
}

std::optional<Micros> parse_epoch(std::string_view text) {
    std::string_view whole = text.substr(0, text.find('.'));
    std::int64_t s = 0;
    auto [p, ec] = std::from_chars(whole.data(), whole.data() + whole.size(), s);
    if (ec != std::errc{} || p != whole.data() + whole.size()) return std::nullopt;
    if (s > kMaxSeconds || s < -kMaxSeconds) return std::nullopt;  // in microseconds it would overflow
    std::optional<Micros> us =
        whole.size() < text.size() ? fraction(text.substr(whole.size() + 1)) : Micros{0};
    if (!us) return std::nullopt;
    return s * kSecond + *us;
}

std::optional<Micros> parse_iso(std::string_view text) {
    if (!text.empty() && text.back() == 'Z') text.remove_suffix(1);
    std::string head(text.substr(0, text.find('.')));
    std::tm tm{};
    int n = 0;
    if (std::sscanf(head.c_str(), "%4d-%2d-%2d%*1[T ]%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                    &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &n) != 6 ||
        static_cast<std::size_t>(n) != head.size())
        return std::nullopt;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    std::optional<Micros> us = head.size() < text.size() ? fraction(text.substr(head.size() + 1)) : Micros{0};
    if (!us) return std::nullopt;
    return static_cast<Micros>(timegm(&tm)) * kSecond + *us;
}

}  // namespace

// JSON output writes several times per registration, mostly within a few seconds of each other: the
// whole-seconds part is formatted once per second (per thread, seconds_of), the microseconds two digits at
// a time.
namespace {

constexpr char kPairs[] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

constexpr std::size_t kEpochCopy = 24;  // more than the 21 octets of the longest seconds text

struct EpochSeconds {
    std::int64_t s = std::numeric_limits<std::int64_t>::min();
    std::array<char, 32> text{};  // "1700000000." (at most 20 digits and the point), then room for 6 more
    std::size_t size = 0;
};

// A registration's times (sent, answered, its Refresh) fall in a handful of different seconds, visited in
// key order, not time order: one cache line per second of a 16-second window keeps each formatted once.
thread_local std::array<EpochSeconds, 16> window;

// The formatted seconds of `t`, and its microseconds; nullptr when its slot holds another second (then
// format_seconds(t)).
inline const EpochSeconds* seconds_of(Micros t, std::uint32_t& us) {
    auto [s, micros] = split(t);
    us = static_cast<std::uint32_t>(micros);
    const EpochSeconds& cached = window[static_cast<std::uint64_t>(s) % window.size()];
    return s == cached.s ? &cached : nullptr;
}

// Out of line: a second is formatted once and looked up several times, and with the formatting inline
// every look cost a third more instructions (86 per time written, now 66).
[[gnu::noinline]] const EpochSeconds& format_seconds(Micros t) {
    std::int64_t s = split(t).first;
    EpochSeconds& e = window[static_cast<std::uint64_t>(s) % window.size()];
    char* end = std::to_chars(e.text.data(), e.text.data() + 20, s).ptr;
    *end++ = '.';
    e.size = static_cast<std::size_t>(end - e.text.data());
    e.s = s;
    return e;
}

inline void put_micros(char* out, std::uint32_t us) {
    std::uint32_t high = us / 10000, rest = us % 10000;
    std::memcpy(out, kPairs + 2 * high, 2);
    std::memcpy(out + 2, kPairs + 2 * (rest / 100), 2);
    std::memcpy(out + 4, kPairs + 2 * (rest % 100), 2);
}

}  // namespace

char* epoch_chars(char* out, Micros t) {
    std::uint32_t us = 0;
    const EpochSeconds* e = seconds_of(t, us);
    if (!e) [[unlikely]]
        e = &format_seconds(t);
    // A fixed-size copy (a few moves, where a copy of e->size octets is a call): `out` has room for 28.
    static_assert(kEpochCopy <= 28 && kEpochCopy <= sizeof e->text);
    std::memcpy(out, e->text.data(), kEpochCopy);
    put_micros(out + e->size, us);
    return out + e->size + 6;
}

void append_epoch(std::string& out, Micros t) {
    std::uint32_t us = 0;
    const EpochSeconds* e = seconds_of(t, us);
    if (!e) e = &format_seconds(t);
    std::size_t at = out.size() + e->size;
    out.append(e->text.data(), e->size + 6);  // the seconds, and 6 characters overwritten here:
    put_micros(out.data() + at, us);
}

std::string epoch_text(Micros t) {
    std::string out;
    append_epoch(out, t);
    return out;
}

// `msrt events` prints one per event, mostly many within a second: the date and time of day are broken down
// once per second (per thread).
char* iso_chars(char* out, Micros t) {
    thread_local std::int64_t cached_s = std::numeric_limits<std::int64_t>::min();
    thread_local std::string cached;  // "2023-11-14T22:13:20." (up to and with the point)
    auto [s, us] = split(t);
    if (s != cached_s) {
        cached = date_time(s) + ".";
        cached_s = s;
    }
    std::memcpy(out, cached.data(), cached.size());
    out += cached.size();
    put_micros(out, static_cast<std::uint32_t>(us));
    out[6] = 'Z';
    return out + 7;
}

std::string iso_text(Micros t) {
    char text[kIsoChars];
    return std::string(text, iso_chars(text, t));
}

char* seconds_chars(char* out, Micros duration) {
    if (duration < 0) *out++ = '-';
    // The magnitude as unsigned: the most negative value has none as a signed number.
    std::uint64_t magnitude = static_cast<std::uint64_t>(duration);
    if (duration < 0) magnitude = 0 - magnitude;
    out = std::to_chars(out, out + 20, magnitude / kSecond).ptr;
    *out++ = '.';
    put_micros(out, static_cast<std::uint32_t>(magnitude % kSecond));
    return out + 6;
}

void append_seconds(std::string& out, Micros duration) {
    char text[kSecondsChars];
    out.append(text, seconds_chars(text, duration));
}
// Table cells print several per registration: the time of day without gmtime and strftime (UTC days are
// 86,400 s, as gmtime counts them).
std::string clock_text(Micros t) {
    auto [s, us] = split(t);
    std::int64_t day = s % 86'400;
    if (day < 0) day += 86'400;
    char out[16];
    auto two = [&out](int at, std::int64_t v) {
        out[at] = static_cast<char>('0' + v / 10);
        out[at + 1] = static_cast<char>('0' + v % 10);
    };
    two(0, day / 3600);
    out[2] = ':';
    two(3, day / 60 % 60);
    out[5] = ':';
    two(6, day % 60);
    out[8] = '.';
    for (int i = 14; i >= 9; --i, us /= 10)
        out[i] = static_cast<char>('0' + us % 10);
    return std::string(out, 15);
}

std::optional<Micros> parse_seconds(std::string_view text) {
    if (text.empty() || text[0] == '-') return std::nullopt;
    return parse_epoch(text);
}

std::optional<Micros> parse_time(std::string_view text) {
    if (text.find('-') != std::string_view::npos && text.size() > 10) return parse_iso(text);
    return parse_epoch(text);
}

}  // namespace msrt::cli
