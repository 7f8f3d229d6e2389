#include "msrt/auth.hpp"

#include <glib.h>

#include <algorithm>

namespace msrt {
namespace {

namespace lisp = wire::lisp;

std::optional<GChecksumType> digest_of(std::uint8_t alg_id) {
    switch (alg_id) {
        case lisp::kAlgHmacSha1_96: return G_CHECKSUM_SHA1;
        case lisp::kAlgHmacSha256_128:
        case lisp::kAlgHmacSha256_128Hkdf: return G_CHECKSUM_SHA256;
        default: return std::nullopt;
    }
}

Bytes hmac(GChecksumType type, std::string_view key, ByteView message, std::size_t zero_at, std::size_t zero_len) {
    GHmac* h = g_hmac_new(type, reinterpret_cast<const guchar*>(key.data()), key.size());
    std::size_t zero_end = std::min(message.size(), zero_at + zero_len);
    g_hmac_update(h, message.data(), static_cast<gssize>(std::min(zero_at, message.size())));
    Bytes zeros(zero_end > zero_at ? zero_end - zero_at : 0, 0);
    g_hmac_update(h, zeros.data(), static_cast<gssize>(zeros.size()));
    if (zero_end < message.size())
        g_hmac_update(h, message.data() + zero_end, static_cast<gssize>(message.size() - zero_end));
    Bytes digest(static_cast<std::size_t>(g_checksum_type_get_length(type)));
    gsize len = digest.size();
    g_hmac_get_digest(h, digest.data(), &len);
    g_hmac_unref(h);
    digest.resize(len);
    return digest;
}

}  // namespace

std::string_view auth_status_name(AuthStatus s) {
    switch (s) {
        case AuthStatus::Ok: return "ok";
        case AuthStatus::NotAuthenticated: return "not authenticated";
        case AuthStatus::UnknownAlgorithm: return "unknown algorithm";
        case AuthStatus::BadLength: return "bad authentication data length";
        case AuthStatus::Mismatch: return "mismatch";
    }
    return "?";
}

std::string_view algorithm_name(std::uint8_t alg_id) {
    switch (alg_id) {
        case lisp::kAlgNone: return "none";
        case lisp::kAlgHmacSha1_96: return "HMAC-SHA-1-96";
        case lisp::kAlgHmacSha256_128: return "HMAC-SHA-256-128";
        case lisp::kAlgHmacSha256_128Hkdf: return "HMAC-SHA-256-128+HKDF-SHA256";
        default: return "unknown";
    }
}

bool auth_length_valid(std::uint8_t alg_id, std::size_t len) {
    switch (alg_id) {
        case lisp::kAlgHmacSha1_96: return len == 20 || len == 12;
        case lisp::kAlgHmacSha256_128:
        case lisp::kAlgHmacSha256_128Hkdf: return len == 16 || len == 32;
        default: return false;
    }
}

std::optional<std::size_t> default_auth_length(std::uint8_t alg_id) {
    switch (alg_id) {
        case lisp::kAlgNone: return 0;
        case lisp::kAlgHmacSha1_96: return 20;
        case lisp::kAlgHmacSha256_128:
        case lisp::kAlgHmacSha256_128Hkdf: return 16;
        default: return std::nullopt;
    }
}

Bytes compute_auth(std::uint8_t alg_id, std::string_view key, ByteView message, std::size_t auth_offset,
                   std::size_t len) {
    std::optional<GChecksumType> type = digest_of(alg_id);
    if (!type) return {};
    Bytes d = hmac(*type, key, message, auth_offset, len);
    if (len < d.size()) d.resize(len);
    return d;
}

AuthStatus verify_auth(const MapRegister& m, ByteView message, std::string_view key) {
    if (m.alg_id == lisp::kAlgNone) return AuthStatus::NotAuthenticated;
    if (!digest_of(m.alg_id)) return AuthStatus::UnknownAlgorithm;
    if (!auth_length_valid(m.alg_id, m.auth_data.size())) return AuthStatus::BadLength;
    std::size_t at = m.auth_offset - m.offset;
    Bytes expect = compute_auth(m.alg_id, key, message, at, m.auth_data.size());
    return expect == m.auth_data ? AuthStatus::Ok : AuthStatus::Mismatch;
}

bool sign_map_register(Bytes& encoded, std::string_view key) {
    Result<MapRegister> m = decode_map_register(encoded);
    if (!m || !digest_of(m->alg_id)) return false;
    Bytes d = compute_auth(m->alg_id, key, encoded, m->auth_offset, m->auth_data.size());
    if (d.size() != m->auth_data.size()) return false;
    std::copy(d.begin(), d.end(), encoded.begin() + static_cast<std::ptrdiff_t>(m->auth_offset));
    return true;
}

}  // namespace msrt
