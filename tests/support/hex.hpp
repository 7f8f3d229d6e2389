// Test helper: spec examples are written as hex with spaces.
#pragma once

#include <cctype>
#include <string_view>

#include "msrt/bytes.hpp"

namespace msrt::test {

inline Bytes hex(std::string_view text) {
    Bytes out;
    int hi = -1;
    for (char c : text) {
        if (!std::isxdigit(static_cast<unsigned char>(c))) continue;
        int v = std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : (std::tolower(c) - 'a' + 10);
        if (hi < 0) {
            hi = v;
        } else {
            out.push_back(static_cast<std::uint8_t>(hi * 16 + v));
            hi = -1;
        }
    }
    return out;
}

}  // namespace msrt::test
