// msrt/build.hpp against the byte-level examples of the spec (section 5, appendix A), and its helpers.
#include <catch2/catch.hpp>

#include "msrt/auth.hpp"
#include "msrt/build.hpp"
#include "msrt/codec.hpp"
#include "support/hex.hpp"

using namespace msrt;
using msrt::test::hex;

namespace {

Eid eid(const char* text) {
    return *Eid::parse(text);
}

XtrId example_xtr_id() {
    XtrId id{};
    for (std::size_t i = 0; i < id.size(); ++i)
        id[i] = static_cast<std::uint8_t>(0x11 * i);
    return id;
}

EidRecord e6_record() {
    return build::eid_record(eid("[1000] 10.1.0.0/16"),
                             {build::locator(*Address::parse("192.0.2.1"), 1, 100)}, 1440, true);
}

build::RegisterParams e6_params() {
    build::RegisterParams p;
    p.nonce = 0x0123456789ABCDEF;
    p.want_notify = false;
    p.ids = build::EtrIds{example_xtr_id(), 0};
    return p;
}

}  // namespace

TEST_CASE("E1 Refresh scope 0, Message ID 0") {
    Message m = build::registration_refresh(0, Scope::All, Eid{}, false);
    CHECK(encode_message(m) == hex("00 14 00 0F 00 00 00 00 00 00 00 9F AC AD E9"));
}

TEST_CASE("E2 ACK names the EID with an IID LCAF, mask-len 32") {
    CHECK(
        encode_message(build::registration_ack(7, eid("[1000] 10.1.0.0/16"))) ==
        hex("00 12 00 1F 00 00 00 07 10 40 03 00 00 02 20 00 0A 00 00 03 E8 00 01 0A 01 00 00 9F AC AD E9"));
}

TEST_CASE("E3 NACK reason 2 for IID 0 still uses the LCAF") {
    Message m = build::registration_nack(9, NackReason::AuthenticationFailure, eid("2001:db8::/32"));
    CHECK(encode_message(m) ==
          hex("00 13 00 2E 00 00 00 09 02 00 00 20 40 03 00 00 02 20 00 16 00 00 00 00 00 02 "
              "20 01 0D B8 00 00 00 00 00 00 00 00 00 00 00 00 9F AC AD E9"));
}

TEST_CASE("E4 and E5 Refresh scopes 1 and 4") {
    CHECK(encode_message(build::registration_refresh(5, Scope::Instance, eid("[1000] 10.0.0.0/8"), true)) ==
          hex("00 14 00 1E 00 00 00 05 01 80 00 00 40 03 00 00 02 20 00 06 00 00 03 E8 00 00 9F AC AD E9"));
    CHECK(encode_message(build::registration_refresh(6, Scope::Exact, eid("[1000] 10.1.0.0/16"), false)) ==
          hex("00 14 00 22 00 00 00 06 04 00 00 10 40 03 00 00 02 20 00 0A 00 00 03 E8 00 01 0A 01 00 00 9F "
              "AC AD "
              "E9"));
}

TEST_CASE("Refresh scope 2 carries the family's all-zero address, mask 0") {
    Eid target{1000, *Address::parse("2001:db8::"), 0};
    Message m = build::registration_refresh(1, Scope::AddressFamily, target, false);
    Result<Message> back = decode_message(encode_message(m));
    REQUIRE(back.ok());
    Eid selector = *message_eid(*back);
    CHECK(selector == build::refresh_selector(Scope::AddressFamily, target));
    CHECK(selector.str() == "[1000] ::/0");
}

TEST_CASE("E6 Registration: authenticated Map-Register, byte for byte") {
    Bytes want =
        hex("00 11 00 70 00 00 00 00 32 00 00 01 01 23 45 67 89 AB CD EF 00 01 00 14 "
            "60 19 1C 75 53 BF 96 46 4B 77 DF A4 22 31 59 5B 4A E9 93 AF "
            "00 00 05 A0 01 10 10 00 00 00 40 03 00 00 02 20 00 0A 00 00 03 E8 00 01 0A 01 00 00 "
            "01 64 FF 00 00 05 00 01 C0 00 02 01 "
            "00 11 22 33 44 55 66 77 88 99 AA BB CC DD EE FF 00 00 00 00 00 00 00 00 9F AC AD E9");
    CHECK(encode_message(build::registration(0, e6_record(), e6_params(), "example-key")) == want);
    CHECK(build::encode_registration(0, e6_record(), e6_params(), "example-key") == want);
}

TEST_CASE("E7 Mapping Notification of the stored record: A and L cleared") {
    Message m =
        build::mapping_notification(8, build::EtrIds{example_xtr_id(), 0}, build::stored_record(e6_record()));
    CHECK(encode_message(m) ==
          hex("00 15 00 4C 00 00 00 08 00 11 22 33 44 55 66 77 88 99 AA BB CC DD EE FF 00 00 "
              "00 00 00 00 00 00 00 00 05 A0 01 10 00 00 00 00 40 03 00 00 02 20 00 0A 00 00 "
              "03 E8 00 01 0A 01 00 00 01 64 FF 00 00 01 00 01 C0 00 02 01 9F AC AD E9"));
}

TEST_CASE("E8 Error Notification and E10 Element Add") {
    Header offending{99, 12, 5, false};
    CHECK(encode_message(build::error_notification(3, ErrorCode::UnknownType, offending)) ==
          hex("00 10 00 18 00 00 00 03 01 00 00 00 00 63 00 0C 00 00 00 05 9F AC AD E9"));
    CHECK(encode_message(
              build::membership_element(11, Kind::ElementAdd, 1, 1000, 1, *Address::parse("192.0.2.1"))) ==
          hex("00 1A 00 20 00 00 00 0B 00 01 00 00 03 E8 00 00 00 00 00 00 00 01 00 01 C0 00 02 01 9F AC AD "
              "E9"));
}

TEST_CASE("Membership replies echo the request's Message ID") {
    Result<Message> ack =
        decode_message(encode_message(build::membership_reply(2, Kind::SubscribeAck, 1, 1000, 7)));
    REQUIRE(ack.ok());
    CHECK(ack->as<Membership>()->request_id == 7u);
    Result<Message> nack = decode_message(encode_message(build::subscribe_nack(3, 1, 2000, 8, 2)));
    REQUIRE(nack.ok());
    CHECK(nack->as<Membership>()->error_code == 2);
}

TEST_CASE("Map-Register and Map-Notify verify with their key, r and I where the spec puts them") {
    build::RegisterParams p = e6_params();
    p.reliable = true;
    p.want_notify = true;
    MapRegister reg = build::map_register(p, {e6_record()}, "k1");
    Bytes reg_bytes = encode_map_register(reg);
    CHECK(load_be32(reg_bytes.data()) == 0x32002101);  // E9: I, r and M, one record
    CHECK(verify_auth(*decode_map_register(reg_bytes), reg_bytes, "k1") == AuthStatus::Ok);
    CHECK(verify_auth(*decode_map_register(reg_bytes), reg_bytes, "k2") == AuthStatus::Mismatch);
    MapRegister notify = build::map_notify(reg, "k1", true);
    Bytes n = encode_map_register(notify);
    CHECK(notify.is_notify());
    CHECK(notify.flag(wire::lisp::kNotifyI));
    CHECK(notify.nonce == reg.nonce);
    CHECK(verify_auth(*decode_map_register(n), n, "k1") == AuthStatus::Ok);
}

TEST_CASE("Refresh scopes select as spec 6.6 says") {
    Eid v4 = eid("[1000] 10.1.2.0/24"), v6 = eid("[1000] 2001:db8::/48"), other = eid("[2000] 10.1.2.0/24");
    Eid inst = build::refresh_selector(Scope::Instance, eid("[1000] 10.0.0.0/8"));
    CHECK(build::refresh_selects(Scope::All, Eid{}, other));
    CHECK(build::refresh_selects(Scope::Instance, inst, v6));
    CHECK_FALSE(build::refresh_selects(Scope::Instance, inst, other));
    Eid fam = build::refresh_selector(Scope::AddressFamily, v6);
    CHECK(build::refresh_selects(Scope::AddressFamily, fam, v6));
    CHECK_FALSE(build::refresh_selects(Scope::AddressFamily, fam, v4));
    CHECK(build::refresh_selects(Scope::Covering, eid("[1000] 10.0.0.0/8"), v4));
    CHECK_FALSE(build::refresh_selects(Scope::Covering, eid("[1000] 10.9.0.0/16"), v4));
    CHECK(build::refresh_selects(Scope::Exact, v4, v4));
    CHECK_FALSE(build::refresh_selects(Scope::Exact, eid("[1000] 10.1.0.0/16"), v4));
}
