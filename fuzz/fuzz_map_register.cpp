// The embedded Map-Register / Map-Notify (spec 4.1, 4.2) and the AFI/LCAF address decoder (2.4, RFC 8060),
// each fed the whole input. Oracles:
//  - a Map-Register that decodes re-encodes to exactly the input;
//  - authentication: verify_auth never fails on a decoded value, and after sign_map_register() with the same
//    key the message verifies as Ok (unless the algorithm or length is one the signer cannot fill);
//  - an address field or compact EID prefix that decodes re-encodes to the octets it was read from, and its
//    recorded size matches.
#include <cstdint>
#include <string_view>

#include "msrt/auth.hpp"
#include "msrt/eid.hpp"
#include "msrt/map_register.hpp"
#include "support/oracle.hpp"

namespace {

using namespace msrt;

constexpr std::string_view kKey = "example-key";

void check_auth(const MapRegister& m, ByteView input) {
    AuthStatus before = verify_auth(m, input, kKey);
    (void)auth_status_name(before);
    Bytes signed_copy(input.begin(), input.end());
    if (!sign_map_register(signed_copy, kKey)) return;
    Result<MapRegister> again = decode_map_register(signed_copy);
    FUZZ_REQUIRE(again.ok(), again.error().str());
    AuthStatus after = verify_auth(*again, signed_copy, kKey);
    bool signable = auth_length_valid(m.alg_id, m.auth_data.size());
    FUZZ_REQUIRE(!signable || after == AuthStatus::Ok,
                 std::string(auth_status_name(after)) + " " + to_hex(signed_copy));
}

void check_map_register(ByteView input) {
    Result<MapRegister> m = decode_map_register(input);
    if (!m) {
        FUZZ_REQUIRE(m.error().offset <= input.size(), m.error().str());
        return;
    }
    FUZZ_REQUIRE(m->size == input.size(), "size " + std::to_string(m->size));
    Bytes again = encode_map_register(*m);
    FUZZ_REQUIRE(again == Bytes(input.begin(), input.end()),
                 "input " + to_hex(input) + "\nre-encoded " + to_hex(again));
    for (const EidRecord& rec : m->records)
        (void)rec.eid.str();
    check_auth(*m, input);
}

void check_address(ByteView input) {
    Reader r(input);
    AddressField a = read_address(r, "address");
    if (r.failed()) return;
    FUZZ_REQUIRE(a.size == r.pos(), "size " + std::to_string(a.size) + " read " + std::to_string(r.pos()));
    FUZZ_REQUIRE(encoded_size(a) == a.size, "encoded_size " + std::to_string(encoded_size(a)));
    Writer w;
    write_address(w, a);
    ByteView read = input.first(r.pos());
    FUZZ_REQUIRE(w.out() == Bytes(read.begin(), read.end()), to_hex(read) + " -> " + to_hex(w.out()));
    (void)a.str();
}

void check_eid_prefix(ByteView input) {
    Reader r(input);
    EidPrefix p = read_eid_prefix(r);
    if (r.failed()) return;
    FUZZ_REQUIRE(p.size() == r.pos(), "size " + std::to_string(p.size()));
    Writer w;
    write_eid_prefix(w, p);
    ByteView read = input.first(r.pos());
    FUZZ_REQUIRE(w.out() == Bytes(read.begin(), read.end()), to_hex(read) + " -> " + to_hex(w.out()));
    Eid key = p.key();
    std::optional<Eid> parsed = Eid::parse(key.str());
    // The text form names IPv4/IPv6/MAC prefixes and "any" unambiguously; it must read back to the same key.
    bool textual = key.prefix.afi == wire::afi::kIpv4 || key.prefix.afi == wire::afi::kIpv6;
    FUZZ_REQUIRE(!textual || (parsed && *parsed == key), key.str());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    ByteView input(data, size);
    check_map_register(input);
    check_address(input);
    check_eid_prefix(input);
    return 0;
}
