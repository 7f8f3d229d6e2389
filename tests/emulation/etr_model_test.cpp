// The ETR model on its own, then against the Map-Server model in memory.
#include "emulation/support.hpp"

using namespace msrt;
using namespace msrt::emulation;
using msrt::test::decoded;
using msrt::test::key;

namespace {

const Profile& ietf = profile(Revision::Ietf);

std::vector<EtrAction> of_type(std::vector<EtrAction> all, EtrAction::Type t) {
    std::erase_if(all, [t](const EtrAction& a) { return a.type != t; });
    return all;
}

Bytes from_ms(Message m, std::uint32_t id = 0) {
    IdCounter ids;
    for (std::uint32_t i = 0; i < id; ++i)
        ids.next();
    return stamp(m, ids, ietf);
}

KeyStatus status(const EtrModel& e, const char* k) {
    return e.table().at(key(k)).status;
}

}  // namespace

TEST_CASE("ETR: UDP Map-Register with r, I and M, then TCP after the Map-Notify") {
    EtrModel etr(test::etr_config());
    etr.start(0);
    auto udp = of_type(etr.take_actions(), EtrAction::Type::SendUdp);
    REQUIRE(udp.size() == 1);
    Result<MapRegister> m = decode_map_register(udp[0].bytes);
    REQUIRE(m.ok());
    CHECK(m->reliable());
    CHECK(m->flag(wire::lisp::kRegM));
    CHECK(m->has_ids);
    CHECK(m->records.size() == 4);  // the mapping with its own key waits for TCP
    CHECK(etr.state() == EtrState::AuthWait);

    RegisterHeader h;
    h.notify = true;
    h.nonce = m->nonce;
    h.xtr_id = m->xtr_id;
    etr.on_udp(build_signed_register(h, {}, "wrong-key"), 1);
    CHECK(etr.state() == EtrState::AuthWait);
    etr.on_udp(build_signed_register(h, {}, "example-key"), 1);
    CHECK(etr.state() == EtrState::Connecting);
    CHECK(of_type(etr.take_actions(), EtrAction::Type::Connect).size() == 1);
}

TEST_CASE("ETR: no Map-Notify means another UDP attempt later") {
    EtrModel etr(test::etr_config());
    etr.start(0);
    etr.tick(3 * kSecond);
    CHECK(etr.state() == EtrState::Udp);
    etr.take_actions();
    etr.tick(etr.next_deadline().value());
    CHECK(etr.state() == EtrState::AuthWait);
    CHECK(of_type(etr.take_actions(), EtrAction::Type::SendUdp).size() == 1);
}

TEST_CASE("ETR: waits for the Refresh, then re-sends by scope and R flag") {
    EtrModel etr(test::etr_config());
    etr.on_connected(0);
    CHECK(etr.take_actions().size() == 1);  // a log line: nothing is sent first
    etr.on_message(from_ms(make_refresh(ietf, Scope::All, false, std::nullopt)), 1);
    auto regs = of_type(etr.take_actions(), EtrAction::Type::Send);
    CHECK(regs.size() == 5);
    CHECK(decoded(regs[0].bytes).header.id == 0);
    CHECK(decoded(regs[4].bytes).header.id == 4);
    CHECK(status(etr, "[1000] 10.1.0.0/16") == KeyStatus::Pending);

    etr.on_message(from_ms(make_ack(key("[1000] 10.1.0.0/16"))), 2);
    etr.on_message(from_ms(make_nack(ietf, NackReason::AuthenticationFailure, key("[1000] 10.2.0.0/16"))), 2);
    etr.on_message(from_ms(make_nack(ietf, NackReason::LocatorSetNotAllowed, key("[1000] 10.3.0.0/16"))), 2);
    etr.on_message(from_ms(make_ack(key("[1000] 10.9.0.0/16"))), 2);
    CHECK(etr.state() == EtrState::Syncing);
    etr.on_message(from_ms(make_nack(ietf, NackReason::InvalidSitePrefix, key("[1000] 10.99.0.0/16"))), 2);
    CHECK(etr.state() == EtrState::Established);
    CHECK(status(etr, "[1000] 10.2.0.0/16") == KeyStatus::Rejected);
    CHECK(etr.table().at(key("[1000] 10.3.0.0/16")).reason == NackReason::LocatorSetNotAllowed);
    etr.take_actions();

    // R=1 over a covering scope: only the rejected ones inside it.
    etr.on_message(from_ms(make_refresh(ietf, Scope::Covering, true, key("[1000] 10.0.0.0/14"))), 3);
    regs = of_type(etr.take_actions(), EtrAction::Type::Send);
    REQUIRE(regs.size() == 2);
    CHECK(decoded(regs[0].bytes).as<Registration>()->map_register.records[0].key() ==
          key("[1000] 10.2.0.0/16"));
    // R=0, exact: that key whatever its status.
    etr.on_message(from_ms(make_refresh(ietf, Scope::Exact, false, key("[1000] 10.1.0.0/16"))), 3);
    CHECK(of_type(etr.take_actions(), EtrAction::Type::Send).size() == 1);
    // Scope 1 of another instance selects nothing.
    etr.on_message(from_ms(make_refresh(ietf, Scope::Instance, false, key("[2000] *"))), 3);
    CHECK(of_type(etr.take_actions(), EtrAction::Type::Send).empty());
}

TEST_CASE("ETR: a withdrawal is a TTL-0 Registration, its ACK marks the key withdrawn") {
    EtrModel etr(test::etr_config());
    etr.on_connected(0);
    etr.on_message(from_ms(make_refresh(ietf, Scope::All, false, std::nullopt)), 0);
    etr.take_actions();
    etr.withdraw(key("[1000] 10.1.0.0/16"), 1);
    auto regs = of_type(etr.take_actions(), EtrAction::Type::Send);
    REQUIRE(regs.size() == 1);
    Message sent = decoded(regs[0].bytes);  // kept: the record below is a reference into it
    const auto& rec = sent.as<Registration>()->map_register.records.at(0);
    CHECK(rec.ttl == 0);
    CHECK(rec.locators.empty());
    etr.on_message(from_ms(make_ack(key("[1000] 10.1.0.0/16"))), 2);  // answers the first (refresh) one
    CHECK(status(etr, "[1000] 10.1.0.0/16") == KeyStatus::Pending);
    etr.on_message(from_ms(make_ack(key("[1000] 10.1.0.0/16"))), 2);
    CHECK(status(etr, "[1000] 10.1.0.0/16") == KeyStatus::Withdrawn);
    CHECK(etr.mappings().count(key("[1000] 10.1.0.0/16")) == 0);
}

TEST_CASE("ETR: overdue answers close the session and it starts again over UDP") {
    EtrModel etr(test::etr_config());
    etr.on_connected(0);
    etr.on_message(from_ms(make_refresh(ietf, Scope::All, false, std::nullopt)), 0);
    etr.take_actions();
    etr.tick(30 * kSecond);
    CHECK(etr.state() == EtrState::Udp);
    CHECK(of_type(etr.take_actions(), EtrAction::Type::Close).size() == 1);
    CHECK(status(etr, "[1000] 10.1.0.0/16") == KeyStatus::Unsent);
}

TEST_CASE("ETR and MS models: full exchange, withdrawal and a policy change") {
    std::string etr_text = std::string(test::kEtr) + "at 1 withdraw [1000] 10.1.0.0/16\n";
    test::Loop loop(test::policy(), test::etr_config(etr_text));
    loop.start();
    CHECK(loop.etr.state() == EtrState::Established);
    CHECK(status(loop.etr, "[1000] 10.1.0.0/16") == KeyStatus::Registered);
    CHECK(status(loop.etr, "[1000] 10.2.0.0/16") == KeyStatus::Rejected);
    CHECK(loop.etr.table().at(key("[1000] 10.2.0.0/16")).reason == NackReason::AuthenticationFailure);
    CHECK(loop.etr.table().at(key("[1000] 10.3.0.0/16")).reason == NackReason::LocatorSetNotAllowed);
    CHECK(status(loop.etr, "[1000] 10.9.0.0/16") == KeyStatus::Registered);
    CHECK(loop.etr.table().at(key("[1000] 10.99.0.0/16")).reason == NackReason::InvalidSitePrefix);
    CHECK(loop.etr.table().at(key("[1000] 10.1.0.0/16")).ms_view.has_value());

    loop.advance(kSecond);
    CHECK(status(loop.etr, "[1000] 10.1.0.0/16") == KeyStatus::Withdrawn);

    // The new policy admits 10.99/16 and the second locator set: R=1 refreshes, then ACKs.
    std::string changed = std::string(test::kPolicy) + "  eid [1000] 10.99.0.0/16\n  rloc 198.51.100.0/24\n";
    loop.ms.set_policy(test::policy(changed), loop.now);
    loop.pump();
    CHECK(status(loop.etr, "[1000] 10.99.0.0/16") == KeyStatus::Registered);
    CHECK(status(loop.etr, "[1000] 10.3.0.0/16") == KeyStatus::Registered);
    CHECK(status(loop.etr, "[1000] 10.2.0.0/16") == KeyStatus::Rejected);  // still the wrong key

    // Both sides agree on every key.
    for (const auto& [k, answer] : loop.ms.answers()) {
        const EtrKey& e = loop.etr.table().at(k.eid);
        CHECK(std::string(verdict_key(answer.verdict)) == key_status_key(e.status));
        CHECK(answer.reason == e.reason);
    }
}
