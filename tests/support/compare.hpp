// Field-by-field comparison of decoded values with the values they were built from. Each field is its own
// CHECK so that a failure names the field rather than "the two messages differ". Offsets and sizes are not
// compared here: they describe where a decoder found things, not what was encoded.
#pragma once

#include <catch2/catch.hpp>

#include "msrt/codec.hpp"

namespace msrt::test {

inline void check_same(const Address& want, const Address& got) {
    CHECK(got.afi == want.afi);
    CHECK(got.size == want.size);
    CHECK(to_hex(got.bytes()) == to_hex(want.bytes()));
    CHECK(got.name == want.name);
}

inline void check_same(const AddressField& want, const AddressField& got) {
    INFO("address " << want.str());
    check_same(want.addr, got.addr);
    REQUIRE(got.lcaf.has_value() == want.lcaf.has_value());
    if (!want.lcaf) return;
    const Lcaf& w = *want.lcaf;
    const Lcaf& g = *got.lcaf;
    CHECK(g.rsvd1 == w.rsvd1);
    CHECK(g.flags == w.flags);
    CHECK(g.type == w.type);
    CHECK(g.rsvd2 == w.rsvd2);
    CHECK(g.length == w.length);
    CHECK(g.iid == w.iid);
    REQUIRE(g.afi_list.size() == w.afi_list.size());
    for (std::size_t i = 0; i < w.afi_list.size(); ++i)
        check_same(w.afi_list[i], g.afi_list[i]);
    CHECK(to_hex(g.raw) == to_hex(w.raw));
    CHECK(got == want);
}

inline void check_same(const EidPrefix& want, const EidPrefix& got) {
    CHECK(got.mask_len == want.mask_len);
    check_same(want.field, got.field);
}

inline void check_same(const Locator& want, const Locator& got) {
    CHECK(got.priority == want.priority);
    CHECK(got.weight == want.weight);
    CHECK(got.m_priority == want.m_priority);
    CHECK(got.m_weight == want.m_weight);
    CHECK(got.flags == want.flags);
    check_same(want.rloc, got.rloc);
}

inline void check_same(const EidRecord& want, const EidRecord& got) {
    CHECK(got.ttl == want.ttl);
    CHECK(got.mask_len == want.mask_len);
    CHECK(got.act_word == want.act_word);
    CHECK(got.version_word == want.version_word);
    check_same(want.eid, got.eid);
    REQUIRE(got.locators.size() == want.locators.size());
    for (std::size_t i = 0; i < want.locators.size(); ++i) {
        INFO("locator " << i);
        check_same(want.locators[i], got.locators[i]);
    }
    CHECK(got == want);
}

inline void check_same(const MapRegister& want, const MapRegister& got) {
    CHECK(got.word0 == want.word0);
    CHECK(got.type() == want.type());
    CHECK(got.record_count() == want.records.size());
    CHECK(got.nonce == want.nonce);
    CHECK(got.key_id == want.key_id);
    CHECK(got.alg_id == want.alg_id);
    CHECK(to_hex(got.auth_data) == to_hex(want.auth_data));
    CHECK(got.has_ids == want.has_ids);
    if (want.has_ids) {
        CHECK(xtr_id_str(got.xtr_id) == xtr_id_str(want.xtr_id));
        CHECK(got.site_id == want.site_id);
    }
    REQUIRE(got.records.size() == want.records.size());
    for (std::size_t i = 0; i < want.records.size(); ++i) {
        INFO("record " << i);
        check_same(want.records[i], got.records[i]);
    }
}

inline void check_same_body(const Body& want, const Body& got) {
    REQUIRE(got.index() == want.index());
    if (const auto* w = std::get_if<UnknownBody>(&want)) {
        CHECK(to_hex(std::get<UnknownBody>(got).body) == to_hex(w->body));
    } else if (const auto* w = std::get_if<ErrorNotification>(&want)) {
        const auto& g = std::get<ErrorNotification>(got);
        CHECK(g.code == w->code);
        CHECK(g.reserved == w->reserved);
        CHECK(g.offending_type == w->offending_type);
        CHECK(g.offending_length == w->offending_length);
        CHECK(g.offending_id == w->offending_id);
        CHECK(to_hex(g.data) == to_hex(w->data));
    } else if (const auto* w = std::get_if<Registration>(&want)) {
        check_same(w->map_register, std::get<Registration>(got).map_register);
    } else if (const auto* w = std::get_if<RegistrationAck>(&want)) {
        check_same(w->eid, std::get<RegistrationAck>(got).eid);
    } else if (const auto* w = std::get_if<RegistrationNack>(&want)) {
        const auto& g = std::get<RegistrationNack>(got);
        CHECK(g.reason == w->reason);
        CHECK(g.reserved == w->reserved);
        check_same(w->eid, g.eid);
    } else if (const auto* w = std::get_if<RegistrationRefresh>(&want)) {
        const auto& g = std::get<RegistrationRefresh>(got);
        CHECK(g.scope == w->scope);
        CHECK(g.flags == w->flags);
        REQUIRE(g.eid.has_value() == w->eid.has_value());
        if (w->eid) check_same(*w->eid, *g.eid);
    } else if (const auto* w = std::get_if<MappingNotification>(&want)) {
        const auto& g = std::get<MappingNotification>(got);
        CHECK(xtr_id_str(g.xtr_id) == xtr_id_str(w->xtr_id));
        CHECK(g.site_id == w->site_id);
        check_same(w->record, g.record);
    } else if (const auto* w = std::get_if<Membership>(&want)) {
        const auto& g = std::get<Membership>(got);
        CHECK(g.eid_afi == w->eid_afi);
        CHECK(g.iid == w->iid);
        CHECK(g.request_id == w->request_id);
        CHECK(g.error_code == w->error_code);
        CHECK(g.site_id == w->site_id);
        REQUIRE(g.rloc.has_value() == w->rloc.has_value());
        if (w->rloc) check_same(*w->rloc, *g.rloc);
    } else {
        FAIL("body alternative without a comparison");
    }
}

inline void check_same(const Message& want, const Message& got) {
    CHECK(got.kind == want.kind);
    CHECK(got.header.type == want.header.type);
    CHECK(got.header.id == want.header.id);
    CHECK(got.header.short_form == want.header.short_form);
    check_same_body(want.body, got.body);
}

}  // namespace msrt::test
