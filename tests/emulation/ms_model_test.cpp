// The Map-Server model on its own: each answer of spec 6.1/6.3/6.5, soft state, authorisation, framing.
#include "emulation/support.hpp"

using namespace msrt;
using namespace msrt::emulation;
using msrt::test::decoded;
using msrt::test::key;

namespace {

const Profile& ietf = profile(Revision::Ietf);

XtrId xtr() {
    XtrId id{};
    id[15] = 0xff;
    return id;
}

Bytes registration(const char* eid, const std::string& k = "example-key", const char* rloc = "192.0.2.10",
                   std::uint32_t ttl = 1440, std::uint32_t id = 0) {
    RegisterHeader h;
    h.flags = wire::lisp::kRegM;
    h.xtr_id = xtr();
    std::vector<Locator> locs;
    if (ttl) locs.push_back(make_locator(*Address::parse(rloc)));
    Message m = make_registration(signed_register(h, {make_record(key(eid), locs, ttl)}, k));
    IdCounter ids;
    for (std::uint32_t i = 0; i < id; ++i)
        ids.next();
    return stamp(m, ids, ietf);
}

std::vector<Message> sent(MapServerModel& ms) {
    std::vector<Message> out;
    for (const MsAction& a : ms.take_actions())
        if (a.type == MsAction::Type::Send) out.push_back(decoded(a.bytes));
    return out;
}

struct Fixture {
    MapServerModel ms{test::policy()};
    Peer etr{*Address::parse("192.0.2.10"), 40001};
    Micros now = 1'000 * kSecond;
    SessionId s = ms.accept(etr, now);
};

}  // namespace

TEST_CASE("MS: a session starts with Refresh scope 0, Message ID 0, 15 octets") {
    Fixture f;
    auto actions = f.ms.take_actions();
    auto it =
        std::find_if(actions.begin(), actions.end(), [](auto& a) { return a.type == MsAction::Type::Send; });
    REQUIRE(it != actions.end());
    CHECK(it->bytes.size() == 15);
    Message m = decoded(it->bytes);
    CHECK(m.header.id == 0);
    CHECK(m.as<RegistrationRefresh>()->scope == 0);
}

TEST_CASE("MS: a valid registration gets ACK then Mapping Notification as stored") {
    Fixture f;
    f.ms.take_actions();
    f.ms.on_message(f.s, registration("[1000] 10.1.0.0/16"), f.now);
    auto out = sent(f.ms);
    REQUIRE(out.size() == 2);
    CHECK(out[0].kind == Kind::RegistrationAck);
    CHECK(out[0].header.id == 1);
    CHECK(out[0].as<RegistrationAck>()->eid.key() == key("[1000] 10.1.0.0/16"));
    const auto* n = out[1].as<MappingNotification>();
    REQUIRE(n);
    CHECK(out[1].header.id == 2);
    CHECK(n->xtr_id == xtr());
    CHECK_FALSE(n->record.authoritative());
    CHECK(n->record.locators.at(0).flags == wire::lisp::kLocReachable);
    CHECK(f.ms.table().size() == 1);
    CHECK(f.ms.answers().begin()->second.verdict == Verdict::Registered);
}

TEST_CASE("MS: each NACK reason") {
    Fixture f;
    f.ms.take_actions();
    auto reason_of = [&](const Bytes& reg) {
        f.ms.on_message(f.s, reg, f.now);
        auto out = sent(f.ms);
        REQUIRE(out.size() == 1);
        const auto* n = out[0].as<RegistrationNack>();
        REQUIRE(n);
        return ietf.reason(n->reason)->value;
    };
    CHECK(reason_of(registration("[1000] 10.77.0.0/16")) == NackReason::InvalidSitePrefix);
    CHECK(reason_of(registration("[1000] 10.1.0.0/16", "wrong-key")) == NackReason::AuthenticationFailure);
    CHECK(reason_of(registration("[1000] 10.1.0.0/16", "example-key", "198.51.100.1")) ==
          NackReason::LocatorSetNotAllowed);
    for (const char* e : {"[1000] 10.1.0.0/16", "[1000] 10.2.0.0/16", "[1000] 10.3.0.0/16",
                          "[1000] 10.4.0.0/16", "[1000] 10.8.0.0/16"}) {
        f.ms.on_message(f.s, registration(e), f.now);
        CHECK(sent(f.ms).size() == 2);
    }
    CHECK(reason_of(registration("[1000] 10.9.0.0/16")) == NackReason::Unspecified);  // max-prefixes 5
    CHECK(f.ms.table().size() == 5);
}

TEST_CASE("MS: a withdrawal is ACKed without a Mapping Notification and removes the entry") {
    Fixture f;
    f.ms.on_message(f.s, registration("[1000] 10.1.0.0/16"), f.now);
    f.ms.take_actions();
    f.ms.on_message(f.s, registration("[1000] 10.1.0.0/16", "example-key", "", 0), f.now);
    auto out = sent(f.ms);
    REQUIRE(out.size() == 1);
    CHECK(out[0].kind == Kind::RegistrationAck);
    CHECK(f.ms.table().empty());
    CHECK(f.ms.answers().begin()->second.verdict == Verdict::Withdrawn);
}

TEST_CASE("MS: a closed session's registrations are soft state until they expire") {
    Fixture f;
    f.ms.on_message(f.s, registration("[1000] 10.1.0.0/16"), f.now);
    f.ms.on_session_closed(f.s, f.now);
    REQUIRE(f.ms.table().size() == 1);
    CHECK_FALSE(f.ms.table().begin()->second.session);
    CHECK(f.ms.next_deadline() == f.now + 180 * kSecond);
    f.ms.tick(f.now + 179 * kSecond);
    CHECK(f.ms.table().size() == 1);
    f.ms.tick(f.now + 180 * kSecond);
    CHECK(f.ms.table().empty());
}

TEST_CASE("MS: re-registering on a new session rebinds soft state") {
    Fixture f;
    f.ms.on_message(f.s, registration("[1000] 10.1.0.0/16"), f.now);
    f.ms.on_session_closed(f.s, f.now);
    SessionId again = f.ms.accept(f.etr, f.now + kSecond);
    f.ms.on_message(again, registration("[1000] 10.1.0.0/16"), f.now + kSecond);
    f.ms.tick(f.now + 400 * kSecond);
    REQUIRE(f.ms.table().size() == 1);
    CHECK(f.ms.table().begin()->second.session == again);
}

TEST_CASE("MS: bad framing gets an Error Notification quoting the header, then a close") {
    Fixture f;
    f.ms.take_actions();
    Bytes header{0x00, 0x11, 0x00, 0x05, 0x00, 0x00, 0x00, 0x07};
    f.ms.on_framing_error(f.s, FramingError{0, FramingProblem::LengthTooSmall, 5}, header, f.now);
    auto actions = f.ms.take_actions();
    std::vector<MsAction::Type> types;
    for (auto& a : actions)
        if (a.type != MsAction::Type::Log) types.push_back(a.type);
    REQUIRE(types == std::vector{MsAction::Type::Send, MsAction::Type::Close});
    auto sendit =
        std::find_if(actions.begin(), actions.end(), [](auto& a) { return a.type == MsAction::Type::Send; });
    Message m = decoded(sendit->bytes);
    const auto* e = m.as<ErrorNotification>();
    REQUIRE(e);
    CHECK(ietf.error_code(e->code)->value == ErrorCode::BadLength);
    CHECK(e->offending_type == 17);
    CHECK(e->offending_length == 5);
    CHECK(e->offending_id == 7);
    CHECK_FALSE(f.ms.session_open(f.s));
}

TEST_CASE("MS: an undecodable Registration gets an Error Notification and the session stays") {
    Fixture f;
    f.ms.take_actions();
    Bytes junk{0x00, 0x11, 0x00, 0x10, 0x00, 0x00, 0x00, 0x01,
               0x30, 0x00, 0x00, 0x00, 0x9F, 0xAC, 0xAD, 0xE9};
    f.ms.on_message(f.s, junk, f.now);
    auto out = sent(f.ms);
    REQUIRE(out.size() == 1);
    CHECK(out[0].kind == Kind::ErrorNotification);
    CHECK(f.ms.session_open(f.s));
}

TEST_CASE("MS: ietf profile admits TCP only after an authenticated UDP registration with r") {
    MapServerModel ms(test::policy());
    Peer etr{*Address::parse("192.0.2.10"), 4342};
    Micros now = 5 * kSecond;
    CHECK_FALSE(ms.authorised(etr.ip, now));
    RegisterHeader h;
    h.flags = wire::lisp::kRegM;
    h.nonce = 42;
    h.xtr_id = xtr();
    std::vector<EidRecord> recs{make_record(key("[1000] 10.1.0.0/16"), {make_locator(etr.ip)}, 1440)};
    ms.on_udp(etr, build_signed_register(h, recs, "example-key"), now);
    CHECK_FALSE(ms.authorised(etr.ip, now));  // no r
    h.flags |= wire::lisp::kRegReliable;
    ms.on_udp(etr, build_signed_register(h, recs, "wrong-key"), now);
    CHECK_FALSE(ms.authorised(etr.ip, now));  // bad key: dropped
    ms.take_actions();
    ms.on_udp(etr, build_signed_register(h, recs, "example-key"), now);
    CHECK(ms.authorised(etr.ip, now));
    auto actions = ms.take_actions();
    auto udp = std::find_if(actions.begin(), actions.end(),
                            [](auto& a) { return a.type == MsAction::Type::SendUdp; });
    REQUIRE(udp != actions.end());
    Result<MapRegister> notify = decode_map_register(udp->bytes);
    REQUIRE(notify.ok());
    CHECK(notify->is_notify());
    CHECK(notify->nonce == 42);
    CHECK(notify->flag(wire::lisp::kRegReliable));  // r echoed
    CHECK(ms.table().size() == 1);                  // soft state from UDP
    ms.accept(etr, now);
    CHECK_FALSE(ms.authorised(etr.ip, now));  // used up: the next session needs a new UDP registration
}

TEST_CASE("MS: the kouvelas profile accepts TCP without UDP") {
    MapServerModel ms(test::policy("site a\n key k\n eid 10.0.0.0/8\n"));
    CHECK(ms.authorised(*Address::parse("192.0.2.1"), 0));
}

TEST_CASE("MS: a policy change sends scoped Refreshes, R=1 for earlier rejections") {
    Fixture f;
    f.ms.on_message(f.s, registration("[1000] 10.1.0.0/16"), f.now);
    f.ms.on_message(f.s, registration("[1000] 10.2.0.0/16"), f.now);
    f.ms.on_message(f.s, registration("[1000] 10.20.0.0/16"), f.now);  // not a site prefix
    f.ms.on_message(f.s, registration("[1000] 10.20.1.0/24"), f.now);  // not a site prefix either
    f.ms.take_actions();
    std::string changed = std::string(test::kPolicy) + "  eid [1000] 10.20.0.0/16 accept-more-specifics\n";
    changed.replace(changed.find("  eid [1000] 10.2.0.0/16\n"), 25, "");  // 10.2/16 no longer allowed
    f.ms.set_policy(test::policy(changed), f.now);
    auto out = sent(f.ms);
    REQUIRE(out.size() == 2);
    std::map<std::uint8_t, const RegistrationRefresh*> by_scope;
    for (auto& m : out)
        by_scope[m.as<RegistrationRefresh>()->scope] = m.as<RegistrationRefresh>();
    REQUIRE(by_scope.count(3));
    CHECK(by_scope[3]->rejected_only());
    CHECK(by_scope[3]->eid->key() == key("[1000] 10.20.0.0/16"));
    REQUIRE(by_scope.count(4));
    CHECK_FALSE(by_scope[4]->rejected_only());
    CHECK(by_scope[4]->eid->key() == key("[1000] 10.2.0.0/16"));
    CHECK(f.ms.table().size() == 1);  // 10.2/16 revoked
    RegKey revoked{xtr(), key("[1000] 10.2.0.0/16")};
    CHECK(f.ms.answers().at(revoked).reason == NackReason::InvalidSitePrefix);
}

TEST_CASE("MS: a policy change that touches no session key sends nothing") {
    Fixture f;
    f.ms.on_message(f.s, registration("[1000] 10.1.0.0/16"), f.now);
    f.ms.take_actions();
    f.ms.set_policy(test::policy(std::string(test::kPolicy) + "  eid [1000] 10.50.0.0/16\n"), f.now);
    CHECK(sent(f.ms).empty());
}

TEST_CASE("MS: a deny rule NACKs with its reason, after authentication") {
    MapServerModel ms(
        test::policy(std::string(test::kPolicy) + "  deny [1000] 10.1.0.0/16 invalid_site_prefix\n"));
    SessionId s = ms.accept(Peer{*Address::parse("192.0.2.10"), 1}, 0);
    ms.take_actions();
    ms.on_message(s, registration("[1000] 10.1.0.0/16", "wrong-key"), 0);
    ms.on_message(s, registration("[1000] 10.1.0.0/16"), 0);
    auto out = sent(ms);
    REQUIRE(out.size() == 2);
    CHECK(out[0].as<RegistrationNack>()->reason == 2);
    CHECK(out[1].as<RegistrationNack>()->reason == 1);
}
