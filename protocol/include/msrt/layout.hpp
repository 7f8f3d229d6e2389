// Where each fixed-size field sits, relative to the offset a decoded struct records (Header: the message
// start; MapRegister::offset, EidRecord::offset, Locator::offset, AddressField::offset, EidPrefix::offset).
// Decoders read these positions; a display (the Wireshark plugin) uses them to point at the octets of a
// value the decoder produced, without reading the bytes a second time.
#pragma once

#include <cstddef>

namespace msrt::layout {

struct Span {
    std::size_t at;
    std::size_t size;
};

// Common header and trailer (spec 2.2). The short form (Length 8) has its marker where the ID would be.
namespace header {
inline constexpr Span kType{0, 2};
inline constexpr Span kLength{2, 2};
inline constexpr Span kId{4, 4};
inline constexpr Span kShortFormMarker{4, 4};
inline constexpr std::size_t kBody = 8;
}  // namespace header

// Message bodies (spec 2.5, appendix A), relative to the message start.
namespace error {
inline constexpr Span kCode{8, 1};
inline constexpr Span kReserved{9, 3};
inline constexpr Span kOffendingType{12, 2};
inline constexpr Span kOffendingLength{14, 2};
inline constexpr Span kOffendingId{16, 4};
inline constexpr std::size_t kData = 20;
}  // namespace error
namespace ack {
inline constexpr std::size_t kEid = 8;
}
namespace nack {
inline constexpr Span kReason{8, 1};
inline constexpr Span kReserved{9, 2};
inline constexpr std::size_t kEid = 11;
}  // namespace nack
namespace refresh {
inline constexpr Span kScope{8, 1};
inline constexpr Span kFlags{9, 2};
inline constexpr std::size_t kEid = 11;
}  // namespace refresh
namespace mapping {
inline constexpr Span kXtrId{8, 16};
inline constexpr Span kSiteId{24, 8};
inline constexpr std::size_t kRecord = 32;
}  // namespace mapping
namespace membership {
inline constexpr Span kEidAfi{8, 2};
inline constexpr Span kIid{10, 4};
inline constexpr Span kRequestId{14, 4};
inline constexpr Span kErrorCode{18, 1};
inline constexpr Span kSiteId{14, 8};
inline constexpr std::size_t kRloc = 22;
}  // namespace membership

// Map-Register / Map-Notify (spec 4.1), relative to MapRegister::offset; the IDs sit at the end of it.
namespace map_register {
inline constexpr Span kWord0{0, 4};
inline constexpr Span kNonce{4, 8};
inline constexpr Span kKeyId{12, 1};
inline constexpr Span kAlgId{13, 1};
inline constexpr Span kAuthLength{14, 2};
inline constexpr std::size_t kAuthData = 16;
inline constexpr std::size_t kIdsFromEnd = 24;  // xTR-ID (16) then Site-ID (8)
inline constexpr std::size_t kSiteIdFromEnd = 8;
}  // namespace map_register

// EID-record and locator (spec 4.2), relative to EidRecord::offset / Locator::offset.
namespace record {
inline constexpr Span kTtl{0, 4};
inline constexpr Span kLocatorCount{4, 1};
inline constexpr Span kMaskLen{5, 1};
inline constexpr Span kActWord{6, 2};
inline constexpr Span kVersionWord{8, 2};
inline constexpr std::size_t kEid = 10;
}  // namespace record
namespace locator {
inline constexpr Span kPriority{0, 1};
inline constexpr Span kWeight{1, 1};
inline constexpr Span kMPriority{2, 1};
inline constexpr Span kMWeight{3, 1};
inline constexpr Span kFlags{4, 2};
inline constexpr std::size_t kRloc = 6;
}  // namespace locator

// Compact EID prefix (spec 2.4), relative to EidPrefix::offset.
namespace eid_prefix {
inline constexpr Span kMaskLen{0, 1};
inline constexpr std::size_t kField = 1;
}  // namespace eid_prefix

// AFI-encoded address and LCAF header (RFC 8060), relative to AddressField::offset.
namespace address {
inline constexpr Span kAfi{0, 2};
inline constexpr std::size_t kPlain = 2;
inline constexpr Span kLcafRsvd1{2, 1};
inline constexpr Span kLcafFlags{3, 1};
inline constexpr Span kLcafType{4, 1};
inline constexpr Span kLcafRsvd2{5, 1};  // IID mask-len in an Instance-ID LCAF
inline constexpr Span kLcafLength{6, 2};
inline constexpr std::size_t kLcafPayload = 8;
inline constexpr Span kIid{8, 4};
inline constexpr Span kInnerAfi{12, 2};
inline constexpr std::size_t kInner = 14;
}  // namespace address

}  // namespace msrt::layout
