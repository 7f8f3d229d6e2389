// The line format shared by the Map-Server policy and the ETR configuration (docs/emulation.md): one
// statement per line, words separated by blanks, '#' starts a comment. Errors name the line.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "msrt/eid.hpp"
#include "msrt/result.hpp"
#include "msrt/session/types.hpp"

namespace msrt::emulation {

inline constexpr Micros kSecond = 1'000'000;

struct Line {
    std::size_t number = 0;  // 1-based
    std::vector<std::string> words;

    const std::string& keyword() const { return words.front(); }
    Error error(std::string what) const {
        return Error{"line " + std::to_string(number), number, std::move(what)};
    }
};

// Splits text into non-empty statements. A bracketed IID ("[1000] 10.1.0.0/16") stays one word.
std::vector<Line> split_lines(std::string_view text);

// Word parsers: nullopt on malformed input, so callers can report the line.
std::optional<std::uint64_t> parse_uint(std::string_view word, std::uint64_t max);
std::optional<bool> parse_bool(std::string_view word);       // yes/no, true/false, on/off
std::optional<Micros> parse_seconds(std::string_view word);  // "180", "1.5", "250ms"
std::optional<Eid> parse_prefix(std::string_view word);  // Eid::parse, with "[1000]" meaning the whole IID
std::optional<std::uint8_t> parse_algorithm(std::string_view word);  // none, hmac-sha1, hmac-sha256, or 0-3
std::string_view algorithm_word(std::uint8_t alg_id);

}  // namespace msrt::emulation
