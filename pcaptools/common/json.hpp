// A streaming JSON writer for JSON Lines output and manifests: commas and escaping handled here only.
// `msrt sessions --json` writes more octets than it reads, so this is on its hot path: nothing here
// allocates per value once the output string has grown.
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
    // Any value already written as JSON text (an object or array rendered once and repeated).
    Json& raw(std::string_view json) { return number(json); }
    // A value the caller writes as JSON text itself, straight into the output: writes what separates it
    // from the previous value and returns the output to append it to.
    std::string& raw_value() {
        separate();
        return out_;
    }
    // Shorthands: key then value.
    template <class T>
    Json& field(std::string_view k, const T& v) {
        return key(k).value(v);
    }
    Json& field(std::string_view k, double v, int decimals) { return key(k).value(v, decimals); }

    const std::string& str() const { return out_; }
    // The text so far, which a caller may write out and clear mid-document (common/text_spill.hpp): what
    // is written next still follows on from where the document stands.
    std::string& buffer() { return out_; }
    std::string take();                 // the text so far; the writer starts afresh
    void clear();                       // starts afresh, keeping the capacity for the next document
    void start(std::string&& storage);  // starts afresh in `storage` (cleared), reusing its capacity

  private:
    void separate() {
        if (after_key_) {
            after_key_ = false;
            return;
        }
        if (!first_.empty()) {
            if (!first_.back()) out_ += ',';
            first_.back() = 0;
        }
    }

    std::string out_;
    std::vector<std::uint8_t> first_;  // per open container: nothing written in it yet
    bool after_key_ = false;
};

std::string json_escape(std::string_view s);
// For writers that render a fixed-shape object as text themselves (then Json::raw): a quoted string, an
// integer.
void append_json_string(std::string& out, std::string_view s);
// The same written at `out`, which has room for json_string_room(s.size()) characters: returns the end.
constexpr std::size_t json_string_room(std::size_t n) {
    return 2 + 6 * n;  // the quotes, and "\u001f" for each character at worst
}
char* write_json_string(char* out, std::string_view s);
void append_json_uint(std::string& out, std::uint64_t v);

}  // namespace msrt::cli
