// Malformed input (spec 9 items 3, 6, 7, 23, and truncation anywhere): every failure is an Error value that
// names a field and an offset inside the input; nothing throws and nothing reads past the end.
#include <catch2/catch.hpp>

#include <string>
#include <tuple>
#include <vector>

#include "msrt/codec.hpp"
#include "support/hex.hpp"

using namespace msrt;
using msrt::test::hex;

namespace {

// Spec section 5 and appendix A, E1-E10 (E9 is a single word, not a message).
const std::vector<std::pair<const char*, const char*>>& examples() {
    static const std::vector<std::pair<const char*, const char*>> v{
        {"E1", "00 14 00 0F 00 00 00 00 00 00 00 9F AC AD E9"},
        {"E2",
         "00 12 00 1F 00 00 00 07 10 40 03 00 00 02 20 00 0A 00 00 03 E8 00 01 0A 01 00 00 9F AC AD E9"},
        {"E3",
         "00 13 00 2E 00 00 00 09 02 00 00 20 40 03 00 00 02 20 00 16 00 00 00 00 00 02 "
         "20 01 0D B8 00 00 00 00 00 00 00 00 00 00 00 00 9F AC AD E9"},
        {"E4", "00 14 00 1E 00 00 00 05 01 80 00 00 40 03 00 00 02 20 00 06 00 00 03 E8 00 00 9F AC AD E9"},
        {"E5",
         "00 14 00 22 00 00 00 06 04 00 00 10 40 03 00 00 02 20 00 0A 00 00 03 E8 00 01 0A 01 00 00 9F AC AD "
         "E9"},
        {"E6",
         "00 11 00 70 00 00 00 00 32 00 00 01 01 23 45 67 89 AB CD EF 00 01 00 14 "
         "60 19 1C 75 53 BF 96 46 4B 77 DF A4 22 31 59 5B 4A E9 93 AF "
         "00 00 05 A0 01 10 10 00 00 00 40 03 00 00 02 20 00 0A 00 00 03 E8 00 01 0A 01 00 00 "
         "01 64 FF 00 00 05 00 01 C0 00 02 01 "
         "00 11 22 33 44 55 66 77 88 99 AA BB CC DD EE FF 00 00 00 00 00 00 00 00 9F AC AD E9"},
        {"E7",
         "00 15 00 4C 00 00 00 08 00 11 22 33 44 55 66 77 88 99 AA BB CC DD EE FF 00 00 00 00 00 00 00 00 "
         "00 00 05 A0 01 10 00 00 00 00 40 03 00 00 02 20 00 0A 00 00 03 E8 00 01 0A 01 00 00 "
         "01 64 FF 00 00 01 00 01 C0 00 02 01 9F AC AD E9"},
        {"E8", "00 10 00 18 00 00 00 03 01 00 00 00 00 63 00 0C 00 00 00 05 9F AC AD E9"},
        {"E10",
         "00 1A 00 20 00 00 00 0B 00 01 00 00 03 E8 00 00 00 00 00 00 00 01 00 01 C0 00 02 01 9F AC AD E9"},
    };
    return v;
}

Bytes example(const char* name) {
    for (const auto& [n, text] : examples())
        if (std::string(n) == name) return hex(text);
    FAIL("no example " << name);
    return {};
}

// Header, `body`, end marker, with a Length that matches.
Bytes frame(std::uint16_t type, ByteView body, std::uint32_t id = 1) {
    Writer w;
    w.u16(type);
    w.u16(static_cast<std::uint16_t>(wire::kMinLength + body.size()));
    w.u32(id);
    w.bytes(body);
    w.u32(wire::kEndMarker);
    return w.take();
}

ByteView body_of(const Bytes& message) {
    return ByteView(message).subspan(wire::kHeaderSize, message.size() - wire::kMinLength);
}

Error decode_error(const Bytes& b) {
    Result<Message> m = decode_message(b);
    INFO("input " << to_hex(b));
    REQUIRE_FALSE(m.ok());
    INFO(m.error().str());
    CHECK_FALSE(m.error().field.empty());
    CHECK_FALSE(m.error().what.empty());
    CHECK(m.error().offset <= b.size());
    return m.error();
}

}  // namespace

TEST_CASE("item 3: Length 0-7 and 9-11 are errors naming the Length, Length 8 is the short form") {
    Bytes e8 = example("E8");
    for (std::uint16_t len = 0; len < 12; ++len) {
        INFO("Length " << len);
        if (len == 8) continue;
        // Exactly Length octets, and also the whole E8 behind a wrong Length.
        Bytes exact = e8;
        exact.resize(std::max<std::size_t>(len, 4));
        exact[2] = 0;
        exact[3] = static_cast<std::uint8_t>(len);
        Error e = decode_error(exact);
        CHECK(e.field == "header.length");
        CHECK(e.offset == 2);
        Bytes whole = e8;
        whole[3] = static_cast<std::uint8_t>(len);
        e = decode_error(whole);
        CHECK(e.field == "header.length");
        CHECK(e.offset == 2);
    }
    Result<Message> s = decode_message(hex("00 12 00 08 9F AC AD E9"));
    REQUIRE(s.ok());
    CHECK(s->header.short_form);
    CHECK(s->header.length == 8);
    CHECK(s->header.type == 18);
    Error e = decode_error(hex("00 12 00 08 9F AC AD E8"));
    CHECK(e.field == "end_marker");
    CHECK(e.offset == 4);
    e = decode_error(hex("00 12 00 08 9F AC AD E9 00 00 00 00"));  // more octets than the Length
    CHECK(e.offset <= 4);
}

TEST_CASE("item 3: each refusal of a frame says what it found") {
    CHECK(decode_error(hex("00 12 00")).what == "needs 4 octets, 3 present");
    CHECK(decode_error(hex("00 12 00 08 9F AC AD E8")).what ==
          "short-form message (Length 8) without the end marker");
    CHECK(decode_error(hex("00 12 00 09 00 00 00 00 9F")).what == "Length 9 is below the minimum of 12");
    CHECK(decode_error(hex("00 12 00 10 00 00 00 01 9F AC AD E9")).what == "Length 16 but 12 octets present");
    CHECK(decode_error(hex("00 12 00 0C 00 00 00 01 9F AC AD E8")).what ==
          "found 9facade8, expected 9facade9");
    Error e = decode_error(frame(18, hex("00 00 00 00 07 07")));  // a Refresh of all, and 3 octets more
    CHECK(e.field == "body");
    CHECK(e.what == "3 octets follow the last field");
}

TEST_CASE("item 3: a wrong end marker is reported at Length-4") {
    for (const auto& [name, text] : examples()) {
        INFO(name);
        Bytes b = hex(text);
        for (std::size_t i = b.size() - 4; i < b.size(); ++i) {
            Bytes bad = b;
            bad[i] ^= 0x10;
            Error e = decode_error(bad);
            CHECK(e.field == "end_marker");
            CHECK(e.offset == b.size() - 4);
        }
    }
}

TEST_CASE("item 6: the NACK has 3 leading octets, the ACK none") {
    Bytes ack = example("E2");
    Bytes nack = example("E3");
    // The ACK body read as a NACK: reason 0x10, reserved 0x4003, then mask 0, AFI 2 (IPv6) needing 16 octets
    // where 13 remain; the error is at the IPv6 address, body offset 6 (message offset 14).
    Error e = decode_error(frame(19, body_of(ack)));
    CHECK(e.field == "eid.prefix");
    CHECK(e.offset == 14);
    // The NACK body read as an ACK: mask 2, AFI 0 (no address, width 0), so the mask length is impossible.
    e = decode_error(frame(18, body_of(nack)));
    CHECK(e.field == "eid.mask_len");
    CHECK(e.offset == 8);
    // Both decode in their own layout, and the NACK's EID starts 3 octets later.
    Result<Message> a = decode_message(ack);
    Result<Message> n = decode_message(nack);
    REQUIRE(a.ok());
    REQUIRE(n.ok());
    CHECK(a->as<RegistrationAck>()->eid.offset == 8);
    CHECK(n->as<RegistrationNack>()->eid.offset == 11);
    // An ACK body behind 3 zero octets is a valid NACK naming the same EID (reason 0 = "unknown").
    Bytes padded{0, 0, 0};
    padded.insert(padded.end(), body_of(ack).begin(), body_of(ack).end());
    Result<Message> n2 = decode_message(frame(19, padded));
    REQUIRE(n2.ok());
    CHECK(n2->as<RegistrationNack>()->reason == 0);
    CHECK(n2->as<RegistrationNack>()->eid == a->as<RegistrationAck>()->eid);
}

TEST_CASE("item 7: Refresh scope 0 with or without the trailing 00 00 00") {
    Result<Message> bare = decode_message(example("E1"));
    REQUIRE(bare.ok());
    CHECK_FALSE(bare->as<RegistrationRefresh>()->eid);
    Bytes with_eid = hex("00 14 00 12 00 00 00 00 00 00 00 00 00 00 9F AC AD E9");
    Result<Message> trailing = decode_message(with_eid);
    REQUIRE(trailing.ok());
    const auto* f = trailing->as<RegistrationRefresh>();
    REQUIRE(f->eid);
    CHECK(f->scope == 0);
    CHECK(f->eid->mask_len == 0);
    CHECK(f->eid->field.wire_afi() == 0);
    CHECK(f->eid->key() == Eid{});
    // Equivalent for a consumer: neither names an EID.
    CHECK_FALSE(message_eid(*bare));
    CHECK_FALSE(message_eid(*trailing));
    CHECK(encode_message(*trailing) == with_eid);
    // A partial trailing EID is not tolerated.
    for (std::size_t extra : {1u, 2u}) {
        Bytes body{0, 0, 0};
        body.insert(body.end(), extra, 0);
        Error e = decode_error(frame(20, body));
        CHECK(e.field == "eid.prefix");
        CHECK(e.offset == 12);
    }
    // Scopes 1-4 need the EID.
    for (std::uint8_t scope = 1; scope <= 4; ++scope) {
        Bytes body{scope, 0, 0};
        Error e = decode_error(frame(20, body));
        CHECK(e.field == "refresh.eid");
        CHECK(e.offset == 11);
    }
    // Unassigned scopes with no EID decode, for display "unknown (N)".
    Bytes body{5, 0x80, 0};
    REQUIRE(decode_message(frame(20, body)).ok());
}

TEST_CASE("item 23: decode_message takes exactly one message") {
    Bytes two = example("E1");
    Bytes e2 = example("E2");
    two.insert(two.end(), e2.begin(), e2.end());
    Error e = decode_error(two);
    CHECK(e.field == "header.length");
    CHECK(e.offset == 2);
}

TEST_CASE("every prefix of every example is an error inside the prefix") {
    for (const auto& [name, text] : examples()) {
        Bytes b = hex(text);
        for (std::size_t n = 0; n < b.size(); ++n) {
            INFO(name << " cut to " << n << " octets");
            Bytes prefix(b.begin(), b.begin() + static_cast<std::ptrdiff_t>(n));
            Result<Message> m = decode_message(prefix);
            REQUIRE_FALSE(m.ok());
            CHECK_FALSE(m.error().field.empty());
            CHECK(m.error().offset <= n);
        }
    }
}

TEST_CASE("every truncated body, reframed with a matching Length, decodes or names a field inside it") {
    // Here the framing is right and the body itself is short, so the body decoders meet the end of data
    // at every possible point.
    for (const auto& [name, text] : examples()) {
        Bytes b = hex(text);
        ByteView body = body_of(b);
        std::uint16_t type = load_be16(b.data());
        std::size_t errors = 0;
        for (std::size_t n = 0; n < body.size(); ++n) {
            INFO(name << " body cut to " << n << " octets");
            Bytes cut = frame(type, body.first(n), load_be32(&b[4]));
            Result<Message> m = decode_message(cut);
            if (m.ok()) {
                // Only layouts with an optional tail may decode: the Error Notification's data, the Refresh
                // EID.
                CHECK((type == 16 || type == 20));
                CHECK(encode_message(*m) == cut);
                continue;
            }
            ++errors;
            INFO(m.error().str());
            CHECK_FALSE(m.error().field.empty());
            CHECK(m.error().offset >= wire::kHeaderSize);
            CHECK(m.error().offset <= wire::kHeaderSize + n);
        }
        INFO(name);
        CHECK(errors > 0);
    }
    // The embedded Map-Register of E6 on its own, at every length.
    Bytes e6 = example("E6");
    ByteView reg = body_of(e6);
    REQUIRE(decode_map_register(reg, 8).ok());
    for (std::size_t n = 0; n < reg.size(); ++n) {
        INFO("Map-Register cut to " << n);
        Result<MapRegister> m = decode_map_register(reg.first(n), 8);
        REQUIRE_FALSE(m.ok());
        CHECK_FALSE(m.error().field.empty());
        CHECK(m.error().offset >= 8);
        CHECK(m.error().offset <= 8 + n);
    }
}

TEST_CASE("a cut inside a run of fixed fields names the field it stopped at, at its offset") {
    // The decoders read a run of fixed fields at once when it is all there (Reader::block) and field by
    // field when it is not: a short run still names its first missing field. E7's record starts at 32
    // (message offsets): TTL 32, Locator Count 36, Mask Len 37, flags 38, Map-Version 40, EID AFI 42, LCAF
    // header 44 (its Rsvd1 and Flags octets, then Type at 46).
    Bytes e7_message = example("E7");
    ByteView e7 = body_of(e7_message);
    for (auto [cut, field, at] :
         {std::tuple{26, "record.ttl", 32}, std::tuple{29, "record.mask_len", 37},
          std::tuple{31, "record.flags", 38}, std::tuple{33, "record.map_version", 40},
          std::tuple{38, "record.eid", 46}}) {
        INFO("E7 body cut to " << cut);
        Error e = decode_error(frame(21, e7.first(static_cast<std::size_t>(cut))));
        CHECK(e.field == field);
        CHECK(e.offset == static_cast<std::size_t>(at));
    }
    // E6's Map-Register starts at 8: flags word, nonce at 12, Key ID 20, Algorithm ID 21, Auth Length 22.
    Bytes e6 = example("E6");
    ByteView reg = body_of(e6);
    for (auto [cut, field, at] :
         {std::tuple{9, "map_register.nonce", 12}, std::tuple{12, "map_register.key_id", 20},
          std::tuple{13, "map_register.algorithm_id", 21}, std::tuple{15, "map_register.auth_length", 22}}) {
        INFO("E6 Map-Register cut to " << cut);
        Result<MapRegister> m = decode_map_register(reg.first(static_cast<std::size_t>(cut)), 8);
        REQUIRE_FALSE(m.ok());
        CHECK(m.error().field == field);
        CHECK(m.error().offset == static_cast<std::size_t>(at));
    }
}

TEST_CASE("decode_map_register_header: the fixed words alone, the records not looked at") {
    Bytes e6 = example("E6");
    ByteView reg = body_of(e6);
    Result<MapRegister> whole = decode_map_register(reg, 0);
    REQUIRE(whole.ok());
    Bytes broken(reg.begin(), reg.end());
    broken[reg.size() - 30] ^= 0xFF;  // inside the locator's RLOC AFI: the whole message no longer decodes
    REQUIRE_FALSE(decode_map_register(broken, 0).ok());
    for (const Bytes& b : {Bytes(reg.begin(), reg.end()), broken}) {
        MapRegisterHeader h;
        Error error;
        REQUIRE(decode_map_register_header(b, h, error));
        CHECK(h.word0 == whole->word0);
        CHECK(h.nonce == 0x0123456789ABCDEFull);
        CHECK(h.key_id == whole->key_id);
        CHECK(h.alg_id == whole->alg_id);
        CHECK(h.record_count() == 1);
    }
    MapRegisterHeader h;
    Error error;
    Bytes request(reg.begin(), reg.end());
    request[0] = 0x12;  // LISP type 1
    CHECK_FALSE(decode_map_register_header(request, h, error));
    CHECK(error.field == "map_register.type");
    // The authentication data must fit: 20 octets are declared, the cut leaves 19.
    CHECK_FALSE(decode_map_register_header(reg.first(16 + 19), h, error));
    CHECK(error.field == "map_register.auth_data");
    CHECK(error.offset == 16);
    CHECK(decode_map_register_header(reg.first(16 + 20), h, error));
}

TEST_CASE("wrong LCAF lengths are errors at the LCAF") {
    // E2: mask at 8, AFI 4003 at 9, LCAF header at 11 (Length octets at 15-16), IID at 17, inner AFI at 21,
    // IPv4 address at 23-26. The right Length is 10.
    Bytes e2 = example("E2");
    struct Case {
        std::uint16_t length;
        std::size_t offset;
    };
    for (Case c : {Case{11, 17}, Case{12, 17}, Case{0xFFFF, 17},  // runs past the message body
                   Case{9, 23},                                   // IPv4 address cut short inside the LCAF
                   Case{3, 17}, Case{0, 17},                      // no room for the Instance ID
                   Case{5, 21}}) {                                // no room for the inner AFI
        INFO("LCAF Length " << c.length);
        Bytes b = e2;
        b[15] = static_cast<std::uint8_t>(c.length >> 8);
        b[16] = static_cast<std::uint8_t>(c.length);
        Error e = decode_error(b);
        CHECK(e.field == "eid.prefix");
        CHECK(e.offset == c.offset);
    }
    // A longer LCAF Length that the message does hold: the inner address is followed by unused octets.
    Bytes body(body_of(e2).begin(), body_of(e2).end());
    body.insert(body.end(), {0xAA, 0xBB});
    body[8] = 12;
    Error e = decode_error(frame(18, body));
    CHECK(e.field == "eid.prefix");
    CHECK(e.offset == 27);
    CHECK(e.what.find("unused") != std::string::npos);

    // In a Map-Register record (E6): record at 44, EID AFI at 54, LCAF Length at 60-61, payload from 62;
    // the Map-Register ends at 108.
    Bytes e6 = example("E6");
    REQUIRE(load_be16(&e6[60]) == 10);
    e6[61] = 50;  // past the end of the Map-Register
    e = decode_error(e6);
    CHECK(e.field == "record.eid");
    CHECK(e.offset == 62);
    e6[61] = 40;  // swallows the locator and part of the xTR-ID, which the IPv4 EID leaves unused
    e = decode_error(e6);
    CHECK(e.field == "record.eid");
    CHECK(e.offset == 72);
    // A locator with an LCAF RLOC whose Length runs past the data.
    Bytes e7 = example("E7");
    Bytes lcaf_rloc = hex("40 03 00 00 02 00 00 FF 00 00 00 01 00 01 C0 00 02 01");
    Bytes mn(e7.begin(), e7.end() - 10);  // drop the RLOC AFI, address and the end marker
    mn.insert(mn.end(), lcaf_rloc.begin(), lcaf_rloc.end());
    Bytes framed = frame(21, ByteView(mn).subspan(8), 8);
    e = decode_error(framed);
    CHECK(e.field == "locator.rloc");
    CHECK(e.offset == e7.size() - 10 + 8);
}

TEST_CASE("locator counts larger than the data are errors naming the count") {
    // E6: record at 44, its Locator Count octet at 48; E7: record at 32 (after xTR-ID and Site-ID), count
    // at 36.
    for (auto [name, count_at] : {std::pair{"E6", std::size_t{48}}, std::pair{"E7", std::size_t{36}}}) {
        Bytes b = example(name);
        REQUIRE(b[count_at] == 1);
        for (std::uint8_t count : {2, 5, 100, 255}) {
            INFO(name << " locator count " << int{count});
            Bytes bad = b;
            bad[count_at] = count;
            Error e = decode_error(bad);
            CHECK(!e.field.empty());
            if (e.field == "record.locator_count") {
                CHECK(e.offset == count_at);
            } else {
                // E6 has 24 octets of xTR-ID and Site-ID after the locator: a second "locator" is read from
                // them and fails on its AFI, inside the data.
                CHECK(std::string(name) == "E6");
                CHECK(e.field.rfind("locator.", 0) == 0);
                CHECK(e.offset >= 72 + 12);
            }
        }
        Bytes zero = b;
        zero[count_at] = 0;
        Error e = decode_error(zero);  // the locator's octets are now unexplained
        CHECK(e.offset > count_at);
    }
}

TEST_CASE("record counts larger than the data are errors naming the count") {
    // The Map-Register of E6 starts at 8; its Record Count is the 4th octet, at 11.
    Bytes e6 = example("E6");
    REQUIRE(e6[11] == 1);
    // 64 octets follow the authentication data: from 6 records of at least 12 octets on, they cannot fit.
    for (std::uint8_t count : {6, 10, 255}) {
        INFO("record count " << int{count});
        Bytes bad = e6;
        bad[11] = count;
        Error e = decode_error(bad);
        CHECK(e.field == "map_register.record_count");
        CHECK(e.offset == 11);
    }
    // Two records where one is present: the second is read from the xTR-ID and fails on its EID AFI (0xAABB).
    Bytes two = e6;
    two[11] = 2;
    Error e = decode_error(two);
    CHECK(e.field == "record.eid");
    CHECK(e.offset == 84 + 10);
    // The same Map-Register without I: nothing follows the record, so the second record's TTL is missing.
    Bytes reg(body_of(e6).begin(), body_of(e6).end() - 24);
    reg[1] = 0x00;  // clear I
    reg[3] = 2;
    Result<MapRegister> m = decode_map_register(reg);
    REQUIRE_FALSE(m.ok());
    CHECK(m.error().field == "record.ttl");
    CHECK(m.error().offset == reg.size());
}

TEST_CASE("an authentication length larger than the data is an error at the data") {
    Bytes e6 = example("E6");
    e6[22] = 0x01;  // auth length 0x0114 = 276
    Error e = decode_error(e6);
    CHECK(e.field == "map_register.auth_data");
    CHECK(e.offset == 24);
}

TEST_CASE("addresses that cannot be read are errors at the address") {
    // E2 with the LCAF replaced by other AFIs.
    struct Case {
        const char* body;
        const char* field;
        std::size_t offset;
    };
    for (Case c : {
             Case{"20 00 01 0A 01", "eid.prefix", 11},         // IPv4 cut short
             Case{"20 00 63 0A 01 00 00", "eid.prefix", 9},    // unknown AFI 99
             Case{"00 00 11 61 62 63", "eid.prefix", 11},      // Distinguished Name without NUL
             Case{"21 00 01 0A 01 00 00", "eid.mask_len", 8},  // /33 on IPv4
             Case{"10 40 03 00 00 01 00 00 06 00 01 0A 01 00 00", "eid.prefix", 9},  // AFI-list: not a prefix
             Case{"10 40 03 00 00 02 20 00 0C 00 00 03 E8 40 03 00 00 02 20 00 00", "eid.prefix",
                  21},  // nested
         }) {
        INFO(c.body);
        Error e = decode_error(frame(18, hex(c.body)));
        CHECK(e.field == c.field);
        CHECK(e.offset == c.offset);
    }
}

TEST_CASE("membership and Error Notification bodies that are too short") {
    // E10 Element Add without its RLOC address: the RLOC AFI says IPv4, 0 octets follow.
    Bytes e10 = example("E10");
    Bytes body(body_of(e10).begin(), body_of(e10).end() - 4);
    Error e = decode_error(frame(26, body));
    CHECK(e.field == "membership.rloc");
    CHECK(e.offset == 8 + body.size());
    // Subscribe NACK without its error code.
    e = decode_error(frame(24, hex("00 01 00 00 03 E8 00 00 00 07")));
    CHECK(e.field == "membership.error_code");
    CHECK(e.offset == 18);
    // Membership body longer than its kind's layout.
    e = decode_error(frame(22, hex("00 01 00 00 03 E8 00")));
    CHECK(e.field == "body");
    CHECK(e.offset == 14);
    // Error Notification shorter than its 12 fixed octets.
    e = decode_error(frame(16, hex("01 00 00 00 00 63 00 0C 00 00 00")));
    CHECK(e.field == "error.offending_id");
    CHECK(e.offset == 16);
}

TEST_CASE("an embedded message of LISP type other than 3 or 4 is refused") {
    Bytes e6 = example("E6");
    e6[8] = 0x12;  // LISP type 1 (Map-Request)
    Error e = decode_error(e6);
    CHECK(e.field == "map_register.type");
    CHECK(e.offset == 8);
}

TEST_CASE("octets after a Map-Register: an error in a Registration, allowed on request for UDP") {
    Bytes e6 = example("E6");
    Bytes reg(body_of(e6).begin(), body_of(e6).end());
    Bytes datagram = reg;
    datagram.insert(datagram.end(), {0xDE, 0xAD, 0xBE});
    Result<MapRegister> strict = decode_map_register(datagram, 42);
    REQUIRE_FALSE(strict.ok());
    CHECK(strict.error().field == "map_register");
    CHECK(strict.error().offset == 42 + reg.size());
    Result<MapRegister> lenient = decode_map_register(datagram, 42, TrailingOctets::Allow);
    REQUIRE(lenient.ok());
    CHECK(lenient->size == reg.size());
    CHECK(encode_map_register(*lenient) == reg);
    // The Registration body is exactly one Map-Register (spec 2.5): the same octets inside it are an error.
    Bytes registration = frame(17, datagram, 0);
    Error e = decode_error(registration);
    CHECK(e.field == "map_register");
    CHECK(e.offset == 8 + reg.size());
}
