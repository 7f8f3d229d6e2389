// Map-Register authentication (RFC 9301 5.6): an HMAC over the whole message with the data field zeroed.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "msrt/map_register.hpp"

namespace msrt {

enum class AuthStatus { Ok, NotAuthenticated, UnknownAlgorithm, BadLength, Mismatch };
std::string_view auth_status_name(AuthStatus s);

// Octet counts accepted on receive for an algorithm (SHA-1: 20 full or 12 truncated; SHA-256-128: 16 or 32).
bool auth_length_valid(std::uint8_t alg_id, std::size_t len);
// What a sender puts there by default: 20 for SHA-1 (Cisco interop, spec 9 item 13), 16 for SHA-256-128.
std::optional<std::size_t> default_auth_length(std::uint8_t alg_id);
std::string_view algorithm_name(std::uint8_t alg_id);

// HMAC of `message` (an encoded Map-Register) with `len` octets at `auth_offset` taken as zero, truncated to len.
Bytes compute_auth(std::uint8_t alg_id, std::string_view key, ByteView message, std::size_t auth_offset,
                   std::size_t len);
// `message` is the Map-Register's own bytes (offsets of `m` relative to message start minus m.offset).
AuthStatus verify_auth(const MapRegister& m, ByteView message, std::string_view key);
// Fills the authentication data of an encoded Map-Register in place; `m` gives the algorithm and length.
bool sign_map_register(Bytes& encoded, std::string_view key);

}  // namespace msrt
