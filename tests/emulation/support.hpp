// Shared fixtures of the emulation tests: a small policy and ETR configuration, and a harness that wires an
// ETR model to a Map-Server model in memory (each side's actions become the other's events).
#pragma once

#include <catch2/catch.hpp>

#include <string>

#include "msrt/codec.hpp"
#include "msrt/emulation/etr_model.hpp"
#include "msrt/emulation/ms_model.hpp"

namespace msrt::test {

inline constexpr const char* kPolicy = R"(
profile ietf
soft-state 180
site branch
  key example-key
  eid [1000] 10.1.0.0/16
  eid [1000] 10.2.0.0/16
  eid [1000] 10.3.0.0/16
  eid [1000] 10.4.0.0/16
  eid [1000] 10.8.0.0/13 accept-more-specifics
  rloc 192.0.2.0/24
  max-prefixes 5
)";

inline constexpr const char* kEtr = R"(
profile ietf
key example-key
xtr-id 00112233445566778899aabbccddeeff
rloc 192.0.2.10
map [1000] 10.1.0.0/16
map [1000] 10.2.0.0/16 key wrong-key
map [1000] 10.3.0.0/16 rloc 198.51.100.1
map [1000] 10.9.0.0/16
map [1000] 10.99.0.0/16
)";

inline emulation::Policy policy(const std::string& text = kPolicy) {
    auto p = emulation::parse_policy(text);
    INFO((p ? std::string("ok") : p.error().str()));
    REQUIRE(p.ok());
    return *p;
}

inline emulation::EtrConfig etr_config(const std::string& text = kEtr) {
    auto c = emulation::parse_etr_config(text);
    INFO((c ? std::string("ok") : c.error().str()));
    REQUIRE(c.ok());
    return *c;
}

inline Eid key(const char* text) {
    return *Eid::parse(text);
}

inline Message decoded(const Bytes& b, const Profile& p = profile(Revision::Ietf)) {
    Result<Message> m = decode_message(b, p);
    REQUIRE(m.ok());
    return *m;
}

// Runs one ETR against one Map-Server, delivering every action at once, with a clock the test advances.
struct Loop {
    emulation::MapServerModel ms;
    emulation::EtrModel etr;
    emulation::Peer etr_peer{*Address::parse("192.0.2.10"), 40001};
    std::optional<emulation::SessionId> session;
    Micros now = 1'700'000'000'000'000;
    std::vector<Message> ms_sent, etr_sent;

    Loop(emulation::Policy p, emulation::EtrConfig c) : ms(std::move(p)), etr(std::move(c)) {}

    void start() {
        etr.start(now);
        pump();
    }
    void advance(Micros dt) {
        now += dt;
        ms.tick(now);
        etr.tick(now);
        pump();
    }
    void pump() {
        for (int round = 0; round < 1000; ++round) {
            auto ea = etr.take_actions();
            auto ma = ms.take_actions();
            if (ea.empty() && ma.empty()) return;
            for (auto& a : ea)
                etr_action(a);
            for (auto& a : ma)
                ms_action(a);
        }
        FAIL("the models did not settle");
    }
    void etr_action(const emulation::EtrAction& a) {
        using T = emulation::EtrAction::Type;
        if (a.type == T::SendUdp) ms.on_udp(etr_peer, a.bytes, now);
        if (a.type == T::Connect) {
            if (!ms.authorised(etr_peer.ip, now)) return etr.on_connect_failed(now);
            session = ms.accept(etr_peer, now);
            etr.on_connected(now);
        }
        if (a.type == T::Send && session) {
            etr_sent.push_back(decoded(a.bytes));
            ms.on_message(*session, a.bytes, now);
        }
        if (a.type == T::Close && session) {
            ms.on_session_closed(*session, now);
            session.reset();
        }
    }
    void ms_action(const emulation::MsAction& a) {
        using T = emulation::MsAction::Type;
        if (a.type == T::SendUdp) etr.on_udp(a.bytes, now);
        if (a.type == T::Send) {
            ms_sent.push_back(decoded(a.bytes));
            etr.on_message(a.bytes, now);
        }
        if (a.type == T::Close) {
            etr.on_closed(now);
            session.reset();
        }
    }
};

}  // namespace msrt::test
