#include "common/json.hpp"

#include <cstdio>

namespace msrt::cli {

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
    out_ += json_escape(k);
    out_ += ':';
    after_key_ = true;
    return *this;
}

Json& Json::value(std::string_view v) {
    separate();
    out_ += json_escape(v);
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
    std::string out = "\"";
    for (char c : s) {
        auto u = static_cast<unsigned char>(c);
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
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
    return out;
}

}  // namespace msrt::cli
