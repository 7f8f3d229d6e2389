// A streaming JSON writer for JSON Lines output and manifests: commas and escaping handled here only.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace msrt::cli {

class Json {
public:
    Json& begin_object();
    Json& end_object();
    Json& begin_array();
    Json& end_array();
    Json& key(std::string_view k);
    Json& value(std::string_view v);
    Json& value(const char* v) { return value(std::string_view(v)); }
    Json& value(const std::string& v) { return value(std::string_view(v)); }
    Json& value(std::int64_t v);
    Json& value(std::uint64_t v);
    Json& value(int v) { return value(static_cast<std::int64_t>(v)); }
    Json& value(unsigned v) { return value(static_cast<std::uint64_t>(v)); }
    Json& value(bool v);
    Json& value(double v, int decimals);
    Json& null();
    // A number already formatted (e.g. epoch seconds with exactly 6 decimals, beyond double precision).
    Json& number(std::string_view literal);
    // Shorthands: key then value.
    template <class T>
    Json& field(std::string_view k, const T& v) { return key(k).value(v); }
    Json& field(std::string_view k, double v, int decimals) { return key(k).value(v, decimals); }

    const std::string& str() const { return out_; }
    std::string take();  // the text so far; the writer starts afresh

private:
    void separate();

    std::string out_;
    std::vector<bool> first_;  // per open container: nothing written in it yet
    bool after_key_ = false;
};

std::string json_escape(std::string_view s);

}  // namespace msrt::cli
