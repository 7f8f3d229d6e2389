// Message builders for the session tests: each message goes through encode/decode so the tests see exactly
// what the tools would see on the wire.
#pragma once

#include <catch2/catch.hpp>

#include "msrt/codec.hpp"

namespace msrt::test {

inline Eid eid(const char* text) {
    auto e = Eid::parse(text);
    REQUIRE(e);
    return *e;
}

inline Message on_wire(Message m) {
    Bytes b = encode_message(m);
    Result<Message> d = decode_message(b);
    INFO((d ? std::string("ok") : d.error().str()));
    REQUIRE(d.ok());
    return *d;
}

inline Locator locator(const char* addr, std::uint8_t priority = 1, std::uint16_t flags = 5) {
    Locator l;
    l.priority = priority;
    l.weight = 100;
    l.m_priority = 255;
    l.flags = flags;
    l.rloc = AddressField::plain(*Address::parse(addr));
    return l;
}

struct Reg {
    const char* eid = "[1000] 10.1.0.0/16";
    std::uint32_t ttl = 1440;
    std::vector<Locator> locators{locator("192.0.2.10")};
    bool lcaf = true;  // IID LCAF, or a plain AFI (IID 0 only)
    bool t_bit = false;
    std::uint8_t xtr_last = 0xff;
    bool ids = true;  // the I bit: xTR-ID and Site-ID present
};

inline Message registration(std::uint32_t id, const Reg& r) {
    Message m;
    m.header.id = id;
    m.kind = Kind::Registration;
    MapRegister mr;
    mr.word0 = (std::uint32_t{wire::lisp::kMapRegister} << 28) | (r.ids ? wire::lisp::kRegI : 0) |
               wire::lisp::kRegM | (r.t_bit ? wire::lisp::kRegT : 0) | 1;
    mr.nonce = 0x0123456789abcdef;
    mr.has_ids = r.ids;
    mr.xtr_id[15] = r.xtr_last;
    EidRecord rec;
    Eid e = eid(r.eid);
    rec.ttl = r.ttl;
    rec.mask_len = e.len;
    rec.act_word = wire::lisp::kRecordAuthoritative;
    rec.eid = r.lcaf ? AddressField::with_iid(e.iid, e.prefix) : AddressField::plain(e.prefix);
    rec.locators = r.locators;
    mr.records.push_back(rec);
    m.body = Registration{mr};
    return on_wire(m);
}

inline Message ack(std::uint32_t id, const char* text, bool lcaf = true) {
    Message m;
    m.header.id = id;
    m.kind = Kind::RegistrationAck;
    m.body = RegistrationAck{EidPrefix::of(eid(text), lcaf)};
    return on_wire(m);
}

inline Message nack(std::uint32_t id, const char* text, std::uint8_t reason) {
    Message m;
    m.header.id = id;
    m.kind = Kind::RegistrationNack;
    m.body = RegistrationNack{reason, 0, EidPrefix::of(eid(text))};
    return on_wire(m);
}

inline Message refresh(std::uint32_t id, std::uint8_t scope, bool rejected_only, const char* text = nullptr) {
    Message m;
    m.header.id = id;
    m.kind = Kind::RegistrationRefresh;
    RegistrationRefresh f;
    f.scope = scope;
    f.flags = rejected_only ? wire::kRefreshRejectedOnly : 0;
    if (text) f.eid = EidPrefix::of(eid(text));
    m.body = f;
    return on_wire(m);
}

inline Message notification(std::uint32_t id, const char* text) {
    Message m;
    m.header.id = id;
    m.kind = Kind::MappingNotification;
    MappingNotification n;
    n.xtr_id[15] = 0xff;
    Eid e = eid(text);
    n.record.ttl = 1440;
    n.record.mask_len = e.len;
    n.record.eid = AddressField::with_iid(e.iid, e.prefix);
    n.record.locators = {locator("192.0.2.10", 1, 1)};
    m.body = n;
    return on_wire(m);
}

}  // namespace msrt::test
