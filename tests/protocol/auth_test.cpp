// Map-Register authentication (spec 4.1; RFC 9301): the HMAC over the whole Map-Register with the
// authentication data zeroed. Every expected value is computed at test time by the openssl command line
// tool over a file holding the zeroed message, so the library is checked against an independent HMAC.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "msrt/auth.hpp"
#include "msrt/codec.hpp"
#include "support/generators.hpp"
#include "support/hex.hpp"

using namespace msrt;
using msrt::test::Rng;

namespace {

std::string shell_quote(const std::string& s) {
    std::string q = "'";
    for (char c : s)
        q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

// `openssl dgst -<digest> -hmac KEY FILE` over `data`; returns the full HMAC.
Bytes openssl_hmac(const std::string& digest, const std::string& key, ByteView data) {
    std::string path = (std::filesystem::temp_directory_path() / "msrt-auth-XXXXXX").string();
    int fd = mkstemp(path.data());
    REQUIRE(fd >= 0);
    REQUIRE(write(fd, data.data(), data.size()) == static_cast<ssize_t>(data.size()));
    close(fd);
    std::string cmd =
        "openssl dgst -" + digest + " -hmac " + shell_quote(key) + " " + shell_quote(path) + " 2>&1";
    FILE* p = popen(cmd.c_str(), "r");
    REQUIRE(p);
    std::string out;
    char buf[256];
    while (std::size_t n = std::fread(buf, 1, sizeof buf, p))
        out.append(buf, n);
    int status = pclose(p);
    std::filesystem::remove(path);
    INFO(cmd << " printed: " << out);
    REQUIRE(status == 0);
    // "HMAC-SHA1(/tmp/file)= 6019...": the digest is the hex after the last "= ".
    std::size_t eq = out.rfind("= ");
    REQUIRE(eq != std::string::npos);
    Bytes h = test::hex(out.substr(eq + 2));
    REQUIRE((h.size() == 20 || h.size() == 32));
    return h;
}

std::string digest_for(std::uint8_t alg_id) {
    return alg_id == wire::lisp::kAlgHmacSha1_96 ? "sha1" : "sha256";
}

// What openssl says the authentication data of `encoded` (a Map-Register) should be.
Bytes expected_auth(const Bytes& encoded, std::uint8_t alg_id, const std::string& key) {
    Result<MapRegister> m = decode_map_register(encoded);
    REQUIRE(m.ok());
    Bytes zeroed = encoded;
    std::fill_n(zeroed.begin() + static_cast<std::ptrdiff_t>(m->auth_offset), m->auth_data.size(), 0);
    Bytes full = openssl_hmac(digest_for(alg_id), key, zeroed);
    full.resize(m->auth_data.size());
    return full;
}

const char* kE6Register =
    "32 00 00 01  01 23 45 67 89 AB CD EF  00 01 00 14 "
    "60 19 1C 75 53 BF 96 46 4B 77 DF A4 22 31 59 5B 4A E9 93 AF "
    "00 00 05 A0  01 10 10 00  00 00 40 03  00 00 02 20 00 0A 00 00 03 E8 00 01 0A 01 00 00 "
    "01 64 FF 00  00 05 00 01  C0 00 02 01 "
    "00 11 22 33 44 55 66 77 88 99 AA BB CC DD EE FF  00 00 00 00 00 00 00 00";

}  // namespace

TEST_CASE("E6: the authentication data is HMAC-SHA-1 of the zeroed Map-Register, per openssl") {
    Bytes reg = test::hex(kE6Register);
    REQUIRE(reg.size() == 100);
    Bytes want = expected_auth(reg, 1, "example-key");
    CHECK(to_hex(want) == to_hex(ByteView(reg).subspan(16, 20)));
    CHECK(to_hex(compute_auth(1, "example-key", reg, 16, 20)) == to_hex(want));

    Bytes unsigned_reg = reg;
    std::fill_n(unsigned_reg.begin() + 16, 20, 0);
    REQUIRE(sign_map_register(unsigned_reg, "example-key"));
    CHECK(to_hex(unsigned_reg) == to_hex(reg));
}

TEST_CASE("sign and verify: algorithm 1 (20 and 12 octets) and 2 (16 octets) agree with openssl") {
    struct Case {
        std::uint8_t alg;
        std::size_t len;
    };
    const std::vector<std::string> keys{"example-key", "a key with spaces and 'quotes'",
                                        std::string(100, 'k') + "longer than one hash block"};
    Rng rng(0x5EC);
    for (Case c : {Case{1, 20}, Case{1, 12}, Case{2, 16}}) {
        for (const std::string& key : keys) {
            for (int i = 0; i < 4; ++i) {
                INFO("algorithm " << int{c.alg} << ", " << c.len << " octets, key \"" << key
                                  << "\", iteration " << i);
                MapRegister m = test::random_map_register(rng, 0, 2);
                m.alg_id = c.alg;
                m.auth_data.assign(c.len, 0);
                Bytes encoded = encode_map_register(m);
                REQUIRE(sign_map_register(encoded, key));
                Result<MapRegister> d = decode_map_register(encoded);
                REQUIRE(d.ok());
                Bytes want = expected_auth(encoded, c.alg, key);
                CHECK(to_hex(d->auth_data) == to_hex(want));
                CHECK(verify_auth(*d, encoded, key) == AuthStatus::Ok);
                // The field's current content does not enter the computation.
                CHECK(to_hex(compute_auth(c.alg, key, encoded, d->auth_offset, c.len)) == to_hex(want));

                CHECK(verify_auth(*d, encoded, key + "x") == AuthStatus::Mismatch);
                Bytes flipped = encoded;
                flipped[d->auth_offset + rng.uniform<std::size_t>(0, c.len - 1)] ^= 0x01;
                Result<MapRegister> fd = decode_map_register(flipped);
                REQUIRE(fd.ok());
                CHECK(verify_auth(*fd, flipped, key) == AuthStatus::Mismatch);
                // Any covered octet outside the field: the nonce's last octet.
                flipped = encoded;
                flipped[11] ^= 0x80;
                fd = decode_map_register(flipped);
                REQUIRE(fd.ok());
                CHECK(verify_auth(*fd, flipped, key) == AuthStatus::Mismatch);
            }
        }
    }
}

TEST_CASE("a Map-Register inside a Registration verifies against its own octets") {
    Rng rng(17);
    MapRegister m = test::random_map_register(rng, wire::lisp::kMapRegister, 2);
    m.alg_id = 2;
    m.auth_data.assign(16, 0);
    Bytes reg = encode_map_register(m);
    REQUIRE(sign_map_register(reg, "tcp-key"));
    Bytes want = expected_auth(reg, 2, "tcp-key");

    Message msg;
    msg.kind = Kind::Registration;
    msg.header.type = 17;
    msg.body = Registration{*decode_map_register(reg)};
    Bytes wire = encode_message(msg);
    Result<Message> d = decode_message(wire);
    REQUIRE(d.ok());
    const MapRegister& got = d->as<Registration>()->map_register;
    CHECK(got.offset == 8);
    CHECK(to_hex(got.auth_data) == to_hex(want));
    ByteView own = ByteView(wire).subspan(got.offset, got.size);
    CHECK(verify_auth(got, own, "tcp-key") == AuthStatus::Ok);
    CHECK(verify_auth(got, own, "other-key") == AuthStatus::Mismatch);
}

TEST_CASE("authentication status for unusable algorithms and lengths") {
    Rng rng(3);
    MapRegister m = test::random_map_register(rng, wire::lisp::kMapRegister, 1);
    auto status = [&](std::uint8_t alg, std::size_t len) {
        m.alg_id = alg;
        m.auth_data.assign(len, 0xAB);
        Bytes b = encode_map_register(m);
        return verify_auth(*decode_map_register(b), b, "k");
    };
    CHECK(status(0, 0) == AuthStatus::NotAuthenticated);
    CHECK(status(9, 20) == AuthStatus::UnknownAlgorithm);
    CHECK(status(1, 16) == AuthStatus::BadLength);
    CHECK(status(1, 0) == AuthStatus::BadLength);
    CHECK(status(2, 20) == AuthStatus::BadLength);
    CHECK(status(1, 20) == AuthStatus::Mismatch);
    CHECK(status(2, 16) == AuthStatus::Mismatch);

    // Signing needs a known algorithm whose digest is long enough for the field.
    auto sign = [&](std::uint8_t alg, std::size_t len) {
        m.alg_id = alg;
        m.auth_data.assign(len, 0);
        Bytes b = encode_map_register(m);
        return sign_map_register(b, "k");
    };
    CHECK_FALSE(sign(0, 0));
    CHECK_FALSE(sign(9, 20));
    CHECK_FALSE(sign(1, 32));
    CHECK(sign(2, 32));
    Bytes junk = test::hex("32 00 00 05 00");
    CHECK_FALSE(sign_map_register(junk, "k"));

    CHECK(auth_length_valid(1, 20));
    CHECK(auth_length_valid(1, 12));
    CHECK(auth_length_valid(2, 16));
    CHECK_FALSE(auth_length_valid(0, 0));
    CHECK(default_auth_length(1) == 20u);
    CHECK(default_auth_length(2) == 16u);
}
