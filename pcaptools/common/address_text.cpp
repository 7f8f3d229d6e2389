#include "common/address_text.hpp"

#include <charconv>

#include "msrt/constants.hpp"

namespace msrt::cli {
namespace {

constexpr char kHex[] = "0123456789abcdef";

char* ipv4(char* p, const std::uint8_t* o) {
    for (int i = 0; i < 4; ++i) {
        if (i) *p++ = '.';
        p = std::to_chars(p, p + 3, o[i]).ptr;
    }
    return p;
}

// As glibc's inet_ntop6 (from BIND): the first longest run of two or more zero words becomes "::", words
// in lowercase hex without leading zeros, and the last 32 bits as IPv4 for IPv4-compatible ("::a.b.c.d")
// and IPv4-mapped ("::ffff:a.b.c.d") addresses.
char* ipv6(char* p, const std::uint8_t* o) {
    unsigned words[8];
    for (int i = 0; i < 8; ++i)
        words[i] = static_cast<unsigned>(o[2 * i] << 8 | o[2 * i + 1]);
    int best = -1, best_len = 0, cur = -1, cur_len = 0;
    for (int i = 0; i < 8; ++i) {
        if (words[i] == 0) {
            if (cur == -1) cur = i, cur_len = 0;
            ++cur_len;
        } else if (cur != -1) {
            if (best == -1 || cur_len > best_len) best = cur, best_len = cur_len;
            cur = -1;
        }
    }
    if (cur != -1 && (best == -1 || cur_len > best_len)) best = cur, best_len = cur_len;
    if (best != -1 && best_len < 2) best = -1;
    for (int i = 0; i < 8; ++i) {
        if (best != -1 && i >= best && i < best + best_len) {
            if (i == best) *p++ = ':';
            continue;
        }
        if (i != 0) *p++ = ':';
        if (i == 6 && best == 0 && (best_len == 6 || (best_len == 5 && words[5] == 0xffff)))
            return ipv4(p, o + 12);
        unsigned w = words[i];
        if (w >= 0x1000) *p++ = kHex[w >> 12];
        if (w >= 0x100) *p++ = kHex[w >> 8 & 15];
        if (w >= 0x10) *p++ = kHex[w >> 4 & 15];
        *p++ = kHex[w & 15];
    }
    if (best != -1 && best + best_len == 8) *p++ = ':';
    return p;
}

char* mac(char* p, const std::uint8_t* o) {
    for (int i = 0; i < 6; ++i) {
        if (i) *p++ = ':';
        *p++ = kHex[o[i] >> 4];
        *p++ = kHex[o[i] & 15];
    }
    return p;
}

}  // namespace

bool append_address_text(std::string& out, std::uint16_t afi, const std::uint8_t* octets) {
    char buf[48];  // "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255" is 45
    char* end;
    switch (afi) {
        case wire::afi::kIpv4:
            end = ipv4(buf, octets);
            break;
        case wire::afi::kIpv6:
            end = ipv6(buf, octets);
            break;
        case wire::afi::kMac802:
        case wire::afi::kMac48:
            end = mac(buf, octets);
            break;
        default:
            return false;
    }
    out.append(buf, end);
    return true;
}

}  // namespace msrt::cli
