#include "common/json.hpp"

#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstring>

namespace msrt::cli {

namespace {

bool plain(char c) {
    return c != '"' && c != '\\' && static_cast<unsigned char>(c) >= 0x20;
}

// How many octets from the start need no escaping. Eight at a time: event and table texts are mostly tens
// of plain characters, and a test per character was a tenth of `msrt events --json`.
std::size_t plain_run(std::string_view s) {
    constexpr std::uint64_t kOnes = 0x0101010101010101u, kHighs = 0x8080808080808080u;
    auto has_zero = [](std::uint64_t w) { return (w - kOnes) & ~w & kHighs; };
    std::size_t n = 0;
    for (; n + 8 <= s.size(); n += 8) {
        std::uint64_t w;
        std::memcpy(&w, s.data() + n, 8);
        // An octet below 0x20 has its three high bits clear; '"' and '\\' are the zero octets of w XORed
        // with them. has_zero may also flag an octet above a zero one: the loop below finds the exact place.
        if (has_zero(w & (0xE0 * kOnes)) | has_zero(w ^ ('"' * kOnes)) | has_zero(w ^ ('\\' * kOnes))) break;
    }
    while (n < s.size() && plain(s[n]))
        ++n;
    return n;
}

// One character as JSON writes it inside a string: at most 6.
char* escape_char(char* out, char c) {
    static const char* hex = "0123456789abcdef";
    auto u = static_cast<unsigned char>(c);
    const char* named = c == '"'    ? "\\\""
                        : c == '\\' ? "\\\\"
                        : c == '\n' ? "\\n"
                        : c == '\r' ? "\\r"
                        : c == '\t' ? "\\t"
                                    : nullptr;
    if (named) {
        out[0] = named[0];
        out[1] = named[1];
        return out + 2;
    }
    if (u >= 0x20) {
        *out = c;
        return out + 1;
    }
    std::memcpy(out, "\\u00", 4);
    out[4] = hex[u >> 4];
    out[5] = hex[u & 15];
    return out + 6;
}

// Appends `s` quoted; the common case (nothing to escape) is one append, which keeps JSON Lines output of
// large session tables cheap.
void append_escaped(std::string& out, std::string_view s) {
    std::size_t run = plain_run(s);
    if (run == s.size()) {
        out += '"';
        out.append(s.data(), run);
        out += '"';
        return;
    }
    std::size_t at = out.size();
    out.resize(at + json_string_room(s.size()));
    out.resize(static_cast<std::size_t>(write_json_string(out.data() + at, s) - out.data()));
}

template <class T>
void append_integer(std::string& out, T v) {
    char buf[24];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    (void)ec;  // 24 characters hold every 64-bit integer
    out.append(buf, end);
}

}  // namespace

Json& Json::begin_object() {
    separate();
    out_ += '{';
    first_.push_back(1);
    return *this;
}

Json& Json::end_object() {
    out_ += '}';
    first_.pop_back();
    return *this;
}

Json& Json::begin_array() {
    separate();
    out_ += '[';
    first_.push_back(1);
    return *this;
}

Json& Json::end_array() {
    out_ += ']';
    first_.pop_back();
    return *this;
}

Json& Json::key(std::string_view k) {
    separate();
    append_escaped(out_, k);
    out_ += ':';
    after_key_ = true;
    return *this;
}

Json& Json::value(std::string_view v) {
    separate();
    append_escaped(out_, v);
    return *this;
}

Json& Json::value(std::int64_t v) {
    separate();
    append_integer(out_, v);
    return *this;
}

Json& Json::value(std::uint64_t v) {
    separate();
    append_integer(out_, v);
    return *this;
}

Json& Json::value(bool v) {
    separate();
    out_ += v ? "true" : "false";
    return *this;
}

Json& Json::value(double v, int decimals) {
    separate();
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    out_ += buf;
    return *this;
}

Json& Json::number(std::string_view literal) {
    separate();
    out_ += literal;
    return *this;
}

Json& Json::null() {
    separate();
    out_ += "null";
    return *this;
}

std::string Json::take() {
    std::string s = std::move(out_);
    out_.clear();
    first_.clear();
    after_key_ = false;
    return s;
}

void Json::start(std::string&& storage) {
    out_ = std::move(storage);
    clear();
}

void Json::clear() {
    out_.clear();
    first_.clear();
    after_key_ = false;
}

char* write_json_string(char* out, std::string_view s) {
    std::size_t run = plain_run(s);
    *out++ = '"';
    std::memcpy(out, s.data(), run);
    out += run;
    for (char c : s.substr(run))
        out = escape_char(out, c);
    *out++ = '"';
    return out;
}

void append_json_string(std::string& out, std::string_view s) {
    append_escaped(out, s);
}

void append_json_uint(std::string& out, std::uint64_t v) {
    append_integer(out, v);
}

std::string json_escape(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 2);
    append_escaped(out, s);
    return out;
}

}  // namespace msrt::cli
