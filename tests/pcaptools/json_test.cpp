// JSON strings (common/json.hpp): what must be escaped is escaped wherever it falls, including inside and
// across the eight-octet blocks the writer scans at once, and nothing else is touched.
#include <catch2/catch.hpp>
#include <string>

#include "common/json.hpp"

using msrt::cli::json_escape;

namespace {

// RFC 8259 section 7, one character at a time: the reference the writer must agree with.
std::string reference(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\t') {
            out += "\\t";
        } else if (u < 0x20) {
            const char* hex = "0123456789abcdef";
            out += "\\u00";
            out += hex[u >> 4];
            out += hex[u & 15];
        } else {
            out += c;
        }
    }
    return out + "\"";
}

}  // namespace

TEST_CASE("JSON strings: plain text is quoted as it is, UTF-8 included") {
    CHECK(json_escape("") == "\"\"");
    CHECK(json_escape("[1000] 10.1.0.0/16") == "\"[1000] 10.1.0.0/16\"");
    CHECK(json_escape("r\xC3\xA9seau \xE2\x86\x92 192.0.2.1:4342 -> 192.0.2.10") ==
          "\"r\xC3\xA9seau \xE2\x86\x92 192.0.2.1:4342 -> 192.0.2.10\"");
    CHECK(json_escape("\x7F\x80\xFF") == "\"\x7F\x80\xFF\"");  // DEL and high octets need no escape
}

TEST_CASE("JSON strings: every character that needs it is escaped, at every position") {
    const std::string specials = std::string("\"\\\n\r\t\x01\x1F", 7) + std::string(1, '\0');
    for (char special : specials) {
        for (std::size_t len = 1; len <= 24; ++len) {
            for (std::size_t at = 0; at < len; ++at) {
                std::string s(len, 'a');
                for (std::size_t i = 0; i < len; ++i)
                    s[i] = static_cast<char>(i % 2 ? 'x' : '\xC3');  // high octets around it
                s[at] = special;
                INFO("length " << len << ", special " << int(special) << " at " << at);
                REQUIRE(json_escape(s) == reference(s));
            }
        }
    }
    CHECK(json_escape("a\"b") == "\"a\\\"b\"");
    CHECK(json_escape(std::string("\x00", 1)) == "\"\\u0000\"");
    CHECK(json_escape("0123456789abcdef\x1f") == "\"0123456789abcdef\\u001f\"");
}

TEST_CASE("JSON strings written in place fit the room json_string_room gives, at worst") {
    for (const std::string& s : {std::string(24, '\x01'), std::string("a\"b\\c\x1f"), std::string()}) {
        std::string room(msrt::cli::json_string_room(s.size()), '#');
        char* end = msrt::cli::write_json_string(room.data(), s);
        REQUIRE(end <= room.data() + room.size());
        CHECK(std::string(room.data(), end) == reference(s));
    }
    CHECK(msrt::cli::json_string_room(24) == 2 + 24 * 6);  // every one of them "\u0001"
}
