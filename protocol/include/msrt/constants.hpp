// Wire constants of the reliable transport (spec sections 2.1-2.4, 4.1, 4.2). Each lives here only.
#pragma once

#include <cstdint>

namespace msrt::wire {

inline constexpr std::uint16_t kTcpPort = 4342;
inline constexpr std::uint16_t kUdpControlPort = 4342;
inline constexpr std::uint32_t kEndMarker = 0x9FACADE9;
inline constexpr std::size_t kHeaderSize = 8;   // Type, Length, Message ID
inline constexpr std::size_t kMarkerSize = 4;
inline constexpr std::size_t kMinLength = 12;   // header + marker, empty body
inline constexpr std::size_t kShortFormLength = 8;  // Wireshark's Type, Length, marker with no Message ID
inline constexpr std::size_t kMaxLength = 65535;

// Address Family Identifiers used by LISP (IANA address-family-numbers, spec 2.4).
namespace afi {
inline constexpr std::uint16_t kNone = 0;
inline constexpr std::uint16_t kIpv4 = 1;
inline constexpr std::uint16_t kIpv6 = 2;
inline constexpr std::uint16_t kMac802 = 6;
inline constexpr std::uint16_t kDistinguishedName = 17;
inline constexpr std::uint16_t kLcaf = 16387;
inline constexpr std::uint16_t kMac48 = 16389;
}  // namespace afi

// LISP Canonical Address Format (RFC 8060).
namespace lcaf {
inline constexpr std::size_t kHeaderSize = 6;  // AFI excluded: Rsvd1, Flags, Type, Rsvd2/IID-mask, Length(16)
inline constexpr std::uint8_t kTypeAfiList = 1;
inline constexpr std::uint8_t kTypeInstanceId = 2;
inline constexpr std::uint8_t kCiscoIidMaskLen = 32;  // what Cisco puts in the IID mask-len octet
}  // namespace lcaf

// LISP control message types (RFC 9301), as carried in the top nibble of the first octet.
namespace lisp {
inline constexpr std::uint8_t kMapRegister = 3;
inline constexpr std::uint8_t kMapNotify = 4;
inline constexpr std::size_t kRegisterFixedSize = 16;  // flags word, nonce, key/alg ids, auth length
inline constexpr std::size_t kRecordFixedSize = 12;    // TTL, counts/flags, version, EID AFI
inline constexpr std::size_t kLocatorFixedSize = 8;    // priorities, weights, flags, AFI
inline constexpr std::size_t kXtrIdSize = 16;
inline constexpr std::size_t kSiteIdSize = 8;

// Map-Register flags word (RFC 9301 positions; bit 18 is the ietf `r` bit, spec 4.1).
inline constexpr std::uint32_t kRegP = 0x08000000;
inline constexpr std::uint32_t kRegS = 0x04000000;
inline constexpr std::uint32_t kRegI = 0x02000000;
inline constexpr std::uint32_t kRegReserved = 0x01FFC000;
inline constexpr std::uint32_t kRegLegacyRtr = 0x01000000;  // bit 7, Wireshark's "R (built for an RTR)"
inline constexpr std::uint32_t kRegReliable = 0x00002000;   // r
inline constexpr std::uint32_t kRegE = 0x00001000;
inline constexpr std::uint32_t kRegT = 0x00000800;
inline constexpr std::uint32_t kRegMerge = 0x00000400;      // a
inline constexpr std::uint32_t kRegR = 0x00000200;
inline constexpr std::uint32_t kRegM = 0x00000100;
inline constexpr std::uint32_t kRecordCountMask = 0x000000FF;
// Map-Notify puts I at bit 4 and R at bit 5 (RFC 9301 5.7).
inline constexpr std::uint32_t kNotifyI = 0x08000000;
inline constexpr std::uint32_t kNotifyR = 0x04000000;

// EID-record word 2: ACT (3 bits), A, reserved.
inline constexpr std::uint16_t kRecordActMask = 0xE000;
inline constexpr int kRecordActShift = 13;
inline constexpr std::uint16_t kRecordAuthoritative = 0x1000;
// Locator flags.
inline constexpr std::uint16_t kLocLocal = 0x0004;
inline constexpr std::uint16_t kLocProbed = 0x0002;
inline constexpr std::uint16_t kLocReachable = 0x0001;

// Authentication algorithm IDs (RFC 9301 / IANA).
inline constexpr std::uint8_t kAlgNone = 0;
inline constexpr std::uint8_t kAlgHmacSha1_96 = 1;
inline constexpr std::uint8_t kAlgHmacSha256_128 = 2;
inline constexpr std::uint8_t kAlgHmacSha256_128Hkdf = 3;
}  // namespace lisp

// Registration Refresh flags word.
inline constexpr std::uint16_t kRefreshRejectedOnly = 0x8000;

}  // namespace msrt::wire
