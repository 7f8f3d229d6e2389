#include "msrt/emulation/config_text.hpp"

#include <charconv>
#include <cmath>

#include "msrt/constants.hpp"

namespace msrt::emulation {
namespace {

std::string_view strip_comment(std::string_view line) {
    std::size_t hash = line.find('#');
    return hash == std::string_view::npos ? line : line.substr(0, hash);
}

bool blank(char c) {
    return c == ' ' || c == '\t' || c == '\r';
}

// "[1000]" followed by a prefix is one word: the IID belongs to the prefix, as in Eid::str().
std::vector<std::string> split_words(std::string_view line) {
    std::vector<std::string> words;
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && blank(line[i]))
            ++i;
        if (i == line.size()) break;
        std::size_t start = i;
        while (i < line.size() && !blank(line[i]))
            ++i;
        std::string word(line.substr(start, i - start));
        if (word.front() == '[' && word.back() == ']') {
            std::size_t j = i;
            while (j < line.size() && blank(line[j]))
                ++j;
            std::size_t k = j;
            while (k < line.size() && !blank(line[k]))
                ++k;
            std::string_view next = line.substr(j, k - j);
            bool prefix_follows = next.find('/') != std::string_view::npos || next == "*";
            if (prefix_follows) {
                word += " " + std::string(next);
                i = k;
            }
        }
        words.push_back(std::move(word));
    }
    return words;
}

}  // namespace

std::vector<Line> split_lines(std::string_view text) {
    std::vector<Line> lines;
    std::size_t number = 0;
    while (!text.empty()) {
        std::size_t nl = text.find('\n');
        std::string_view raw = text.substr(0, nl);
        text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
        ++number;
        std::vector<std::string> words = split_words(strip_comment(raw));
        if (!words.empty()) lines.push_back(Line{number, std::move(words)});
    }
    return lines;
}

std::optional<std::uint64_t> parse_uint(std::string_view word, std::uint64_t max) {
    std::uint64_t v = 0;
    int base = 10;
    if (word.size() > 2 && word[0] == '0' && (word[1] == 'x' || word[1] == 'X')) {
        word.remove_prefix(2);
        base = 16;
    }
    auto [p, ec] = std::from_chars(word.data(), word.data() + word.size(), v, base);
    if (ec != std::errc{} || p != word.data() + word.size() || v > max) return std::nullopt;
    return v;
}

std::optional<bool> parse_bool(std::string_view word) {
    if (word == "yes" || word == "true" || word == "on") return true;
    if (word == "no" || word == "false" || word == "off") return false;
    return std::nullopt;
}

std::optional<Micros> parse_seconds(std::string_view word) {
    double scale = 1e6;
    if (word.size() > 2 && word.substr(word.size() - 2) == "ms") {
        scale = 1e3;
        word.remove_suffix(2);
    } else if (!word.empty() && word.back() == 's') {
        word.remove_suffix(1);
    }
    double v = 0;
    auto [p, ec] = std::from_chars(word.data(), word.data() + word.size(), v);
    if (ec != std::errc{} || p != word.data() + word.size() || v < 0 || !std::isfinite(v))
        return std::nullopt;
    return static_cast<Micros>(std::llround(v * scale));
}

std::optional<Eid> parse_prefix(std::string_view word) {
    std::optional<Eid> e = Eid::parse(word);
    if (!e && !word.empty() && word.back() == ']') e = Eid::parse(std::string(word) + " *");
    return e;
}

std::optional<std::uint8_t> parse_algorithm(std::string_view word) {
    namespace lisp = wire::lisp;
    if (word == "none") return lisp::kAlgNone;
    if (word == "hmac-sha1" || word == "hmac-sha1-96") return lisp::kAlgHmacSha1_96;
    if (word == "hmac-sha256" || word == "hmac-sha256-128") return lisp::kAlgHmacSha256_128;
    std::optional<std::uint64_t> v = parse_uint(word, lisp::kAlgHmacSha256_128Hkdf);
    if (v) return static_cast<std::uint8_t>(*v);
    return std::nullopt;
}

std::string_view algorithm_word(std::uint8_t alg_id) {
    switch (alg_id) {
        case wire::lisp::kAlgNone:
            return "none";
        case wire::lisp::kAlgHmacSha1_96:
            return "hmac-sha1";
        case wire::lisp::kAlgHmacSha256_128:
            return "hmac-sha256";
        default:
            return "3";
    }
}

}  // namespace msrt::emulation
