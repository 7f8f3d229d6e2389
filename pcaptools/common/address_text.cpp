#include "common/address_text.hpp"

#include <array>
#include <charconv>
#include <cstring>

#include "msrt/constants.hpp"

namespace msrt::cli {
namespace {

constexpr char kHex[] = "0123456789abcdef";

// Each octet's decimal text and a dot, padded to four characters, and its length without the dot: an IPv4
// address (most of what the tools print) is then four fixed copies.
struct OctetText {
    std::array<std::array<char, 4>, 256> text{};
    std::array<std::uint8_t, 256> size{};
    constexpr OctetText() {
        for (unsigned v = 0; v < 256; ++v) {
            unsigned n = 0;
            if (v >= 100) text[v][n++] = static_cast<char>('0' + v / 100);
            if (v >= 10) text[v][n++] = static_cast<char>('0' + v / 10 % 10);
            text[v][n++] = static_cast<char>('0' + v % 10);
            text[v][n] = '.';
            size[v] = static_cast<std::uint8_t>(n);
        }
    }
};
constexpr OctetText kOctets;

// `p` has room for 16 characters.
char* ipv4(char* p, const std::uint8_t* o) {
    for (int i = 0; i < 4; ++i) {
        std::memcpy(p, kOctets.text[o[i]].data(), 4);
        p += kOctets.size[o[i]] + 1;
    }
    return p - 1;  // without the last dot
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

char* address_chars(char* out, std::uint16_t afi, const std::uint8_t* octets) {
    switch (afi) {
        case wire::afi::kIpv4:
            return ipv4(out, octets);
        case wire::afi::kIpv6:
            return ipv6(out, octets);
        case wire::afi::kMac802:
        case wire::afi::kMac48:
            return mac(out, octets);
        default:
            return nullptr;
    }
}

char* endpoint_chars(char* out, std::uint16_t afi, const std::uint8_t* octets, std::uint16_t port) {
    bool v6 = afi == wire::afi::kIpv6;
    if (v6) *out++ = '[';
    out = address_chars(out, afi, octets);
    if (!out) return nullptr;
    if (v6) *out++ = ']';
    *out++ = ':';
    return std::to_chars(out, out + 5, port).ptr;
}

bool append_address_text(std::string& out, std::uint16_t afi, const std::uint8_t* octets) {
    char buf[kAddressChars];
    char* end = address_chars(buf, afi, octets);
    if (end) out.append(buf, end);
    return end != nullptr;
}

bool append_iid_prefix_text(std::string& out, std::uint32_t iid, std::uint16_t afi,
                            const std::uint8_t* octets, unsigned len) {
    char text[1 + 10 + 2 + kAddressChars + 1 + 10];
    char* p = text;
    *p++ = '[';
    p = std::to_chars(p, p + 10, iid).ptr;
    *p++ = ']';
    *p++ = ' ';
    if (afi == wire::afi::kNone) {
        *p++ = '*';  // "any prefix in this instance"
    } else {
        p = address_chars(p, afi, octets);
        if (!p) return false;
        *p++ = '/';
        p = std::to_chars(p, p + 10, len).ptr;
    }
    out.append(text, p);
    return true;
}

}  // namespace msrt::cli
