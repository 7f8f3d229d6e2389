// The byte-level examples E1-E10 of the spec (section 5 and appendix A): each decodes to the documented
// values and re-encodes byte for byte.
#include <catch2/catch.hpp>

#include "msrt/auth.hpp"
#include "msrt/codec.hpp"
#include "support/hex.hpp"

using namespace msrt;
using msrt::test::hex;

namespace {

Message decode_ok(const Bytes& b) {
    Result<Message> m = decode_message(b);
    INFO((m ? std::string("ok") : m.error().str()));
    REQUIRE(m.ok());
    CHECK(encode_message(*m) == b);
    return *m;
}

}  // namespace

TEST_CASE("E1 Refresh scope 0 is 15 octets with no EID") {
    Message m = decode_ok(hex("00 14 00 0F 00 00 00 00 00 00 00 9F AC AD E9"));
    CHECK(m.kind == Kind::RegistrationRefresh);
    CHECK(m.header.length == 15);
    CHECK(m.header.id == 0);
    const auto* f = m.as<RegistrationRefresh>();
    REQUIRE(f);
    CHECK(f->scope == 0);
    CHECK_FALSE(f->rejected_only());
    CHECK_FALSE(f->eid.has_value());
}

TEST_CASE("E2 Registration ACK for [1000] 10.1.0.0/16") {
    Message m = decode_ok(hex("00 12 00 1F 00 00 00 07 10 40 03 00 00 02 20 00 0A 00 00 03 E8 00 01 0A 01 00 00 "
                              "9F AC AD E9"));
    CHECK(m.kind == Kind::RegistrationAck);
    CHECK(m.header.id == 7);
    const auto* a = m.as<RegistrationAck>();
    REQUIRE(a);
    CHECK(a->eid.mask_len == 16);
    REQUIRE(a->eid.field.lcaf);
    CHECK(a->eid.field.lcaf->rsvd2 == 32);
    CHECK(a->eid.field.lcaf->length == 10);
    CHECK(a->eid.key().str() == "[1000] 10.1.0.0/16");
}

TEST_CASE("E3 Registration NACK, reason 2, [0] 2001:db8::/32") {
    Message m = decode_ok(hex("00 13 00 2E 00 00 00 09 02 00 00 20 40 03 00 00 02 20 00 16 00 00 00 00 00 02 "
                              "20 01 0D B8 00 00 00 00 00 00 00 00 00 00 00 00 9F AC AD E9"));
    const auto* n = m.as<RegistrationNack>();
    REQUIRE(n);
    CHECK(n->reason == 2);
    CHECK(default_profile().reason(n->reason)->value == NackReason::AuthenticationFailure);
    CHECK(n->eid.key().str() == "[0] 2001:db8::/32");
    CHECK(n->eid.field.lcaf->length == 22);
}

TEST_CASE("E4 Refresh scope 1, rejected only, IID 1000") {
    Message m = decode_ok(hex("00 14 00 1E 00 00 00 05 01 80 00 00 40 03 00 00 02 20 00 06 00 00 03 E8 00 00 "
                              "9F AC AD E9"));
    const auto* f = m.as<RegistrationRefresh>();
    REQUIRE(f);
    CHECK(f->scope == 1);
    CHECK(f->rejected_only());
    REQUIRE(f->eid);
    CHECK(f->eid->key().str() == "[1000] *");
}

TEST_CASE("E5 Refresh scope 4, [1000] 10.1.0.0/16") {
    Message m = decode_ok(hex("00 14 00 22 00 00 00 06 04 00 00 10 40 03 00 00 02 20 00 0A 00 00 03 E8 00 01 "
                              "0A 01 00 00 9F AC AD E9"));
    const auto* f = m.as<RegistrationRefresh>();
    REQUIRE(f);
    CHECK(f->scope == 4);
    CHECK_FALSE(f->rejected_only());
    CHECK(f->eid->key().str() == "[1000] 10.1.0.0/16");
}

static const char* kE6 =
    "00 11 00 70 00 00 00 00 "
    "32 00 00 01  01 23 45 67 89 AB CD EF  00 01 00 14 "
    "60 19 1C 75 53 BF 96 46 4B 77 DF A4 22 31 59 5B 4A E9 93 AF "
    "00 00 05 A0  01 10 10 00  00 00 40 03  00 00 02 20 00 0A 00 00 03 E8 00 01 0A 01 00 00 "
    "01 64 FF 00  00 05 00 01  C0 00 02 01 "
    "00 11 22 33 44 55 66 77 88 99 AA BB CC DD EE FF  00 00 00 00 00 00 00 00 "
    "9F AC AD E9";

TEST_CASE("E6 Registration with an authenticated Map-Register") {
    Bytes wire = hex(kE6);
    Message m = decode_ok(wire);
    CHECK(m.header.length == 112);
    const auto* r = m.as<Registration>();
    REQUIRE(r);
    const MapRegister& mr = r->map_register;
    CHECK(mr.type() == 3);
    CHECK(mr.flag(wire::lisp::kRegI));
    CHECK_FALSE(mr.flag(wire::lisp::kRegM));
    CHECK_FALSE(mr.reliable());
    CHECK(mr.nonce == 0x0123456789ABCDEFull);
    CHECK(mr.key_id == 0);
    CHECK(mr.alg_id == 1);
    CHECK(mr.auth_data.size() == 20);
    REQUIRE(mr.records.size() == 1);
    const EidRecord& rec = mr.records[0];
    CHECK(rec.ttl == 1440);
    CHECK(rec.authoritative());
    CHECK(rec.key().str() == "[1000] 10.1.0.0/16");
    REQUIRE(rec.locators.size() == 1);
    CHECK(rec.locators[0].priority == 1);
    CHECK(rec.locators[0].weight == 100);
    CHECK(rec.locators[0].m_priority == 255);
    CHECK(rec.locators[0].flags == 0x0005);
    CHECK(rec.locators[0].rloc.addr.str() == "192.0.2.1");
    CHECK(xtr_id_str(mr.xtr_id) == "00112233445566778899aabbccddeeff");
    CHECK(mr.site_id == 0);
    ByteView own = ByteView(wire).subspan(mr.offset, mr.size);
    CHECK(verify_auth(mr, own, "example-key") == AuthStatus::Ok);
    CHECK(verify_auth(mr, own, "wrong-key") == AuthStatus::Mismatch);
}

TEST_CASE("E7 Mapping Notification as the MS stores it") {
    Message m = decode_ok(hex("00 15 00 4C 00 00 00 08  00 11 22 33 44 55 66 77 88 99 AA BB CC DD EE FF  "
                              "00 00 00 00 00 00 00 00 00 00 05 A0 01 10 00 00 00 00 40 03 00 00 02 20 00 0A "
                              "00 00 03 E8 00 01 0A 01 00 00 01 64 FF 00 00 01 00 01 C0 00 02 01  9F AC AD E9"));
    const auto* n = m.as<MappingNotification>();
    REQUIRE(n);
    CHECK(m.header.id == 8);
    CHECK_FALSE(n->record.authoritative());
    CHECK(n->record.locators.at(0).flags == 0x0001);
    CHECK(n->record.key().str() == "[1000] 10.1.0.0/16");
}

TEST_CASE("E8 Error Notification names the offending message") {
    Message m = decode_ok(hex("00 10 00 18 00 00 00 03 01 00 00 00 00 63 00 0C 00 00 00 05 9F AC AD E9"));
    const auto* e = m.as<ErrorNotification>();
    REQUIRE(e);
    CHECK(e->code == 1);
    CHECK(e->offending_type == 99);
    CHECK(e->offending_length == 12);
    CHECK(e->offending_id == 5);
    CHECK(e->data.empty());
}

TEST_CASE("E9 first word of a UDP Map-Register with and without r") {
    MapRegister with_r;
    with_r.word0 = load_be32(hex("32 00 21 01").data());
    CHECK(with_r.reliable());
    CHECK(with_r.flag(wire::lisp::kRegI));
    CHECK(with_r.flag(wire::lisp::kRegM));
    CHECK(with_r.record_count() == 1);
    MapRegister cisco;
    cisco.word0 = load_be32(hex("32 00 01 01").data());
    CHECK_FALSE(cisco.reliable());
    CHECK(cisco.flag(wire::lisp::kRegM));
}

TEST_CASE("E10 Membership Element Add") {
    Message m = decode_ok(hex("00 1A 00 20 00 00 00 0B 00 01 00 00 03 E8 00 00 00 00 00 00 00 01 00 01 C0 00 02 01 "
                              "9F AC AD E9"));
    CHECK(m.kind == Kind::ElementAdd);
    CHECK(m.header.id == 11);
    const auto* e = m.as<Membership>();
    REQUIRE(e);
    CHECK(e->eid_afi == 1);
    CHECK(e->iid == 1000);
    CHECK(e->site_id == 1u);
    REQUIRE(e->rloc);
    CHECK(e->rloc->addr.str() == "192.0.2.1");
}
