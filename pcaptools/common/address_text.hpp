// Address text for output that writes many addresses (JSON Lines of large registration tables): the same
// characters as msrt::Address::str() (inet_ntop for IPv4 and IPv6, "02:00:5e:00:53:01" for MAC), appended
// to a string without the temporaries and the printf machinery.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace msrt::cli {

// Appends the text of an IPv4 (4 octets), IPv6 (16) or MAC (6) address of AFI `afi` and returns true; for
// any other family appends nothing and returns false.
bool append_address_text(std::string& out, std::uint16_t afi, const std::uint8_t* octets);

// The same text written at `out`, which has room for kAddressChars characters; returns the end, or nullptr
// (nothing written) for any other family.
inline constexpr std::size_t kAddressChars = 48;  // "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255" is 45
char* address_chars(char* out, std::uint16_t afi, const std::uint8_t* octets);

// An EID as Eid::str() gives it ("[1000] 10.1.0.0/16", "[7] *" for AFI 0), appended, for a prefix of a
// family address_chars writes: true; for any other family appends nothing and returns false (the caller
// then uses Eid::str()). The one composition of this text for decoded records and table keys alike.
bool append_iid_prefix_text(std::string& out, std::uint32_t iid, std::uint16_t afi,
                            const std::uint8_t* octets, unsigned len);

// An endpoint as Endpoint::str() gives it ("192.0.2.10:40001", "[2001:db8::1]:4342"), written at `out`,
// which has room for kEndpointChars characters: the end, or nullptr for a family address_chars does not
// write (nothing useful written then).
inline constexpr std::size_t kEndpointChars = 1 + kAddressChars + 2 + 5;
char* endpoint_chars(char* out, std::uint16_t afi, const std::uint8_t* octets, std::uint16_t port);

}  // namespace msrt::cli
