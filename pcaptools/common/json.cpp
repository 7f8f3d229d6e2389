#include "common/json.hpp"

#include <cstdio>

namespace msrt::cli {

namespace {

bool plain(char c) {
    return c != '"' && c != '\\' && static_cast<unsigned char>(c) >= 0x20;
}

// Appends `s` quoted; the common case (nothing to escape) is one append, which keeps JSON Lines output of
// large session tables cheap.
void append_escaped(std::string& out, std::string_view s) {
    out += '"';
    std::size_t run = 0;
    while (run < s.size() && plain(s[run]))
        ++run;
    out.append(s.data(), run);
    for (char c : s.substr(run)) {
        auto u = static_cast<unsigned char>(c);
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                if (u < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", u);
                    out += buf;
                } else {
                    out += c;
                }
        }
    }
    out += '"';
}

}  // namespace

void Json::separate() {
    if (after_key_) {
        after_key_ = false;
        return;
    }
    if (!first_.empty()) {
        if (!first_.back()) out_ += ',';
        first_.back() = false;
    }
}

Json& Json::begin_object() {
    separate();
    out_ += '{';
    first_.push_back(true);
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
    first_.push_back(true);
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
    out_ += std::to_string(v);
    return *this;
}

Json& Json::value(std::uint64_t v) {
    separate();
    out_ += std::to_string(v);
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

std::string json_escape(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 2);
    append_escaped(out, s);
    return out;
}

}  // namespace msrt::cli
