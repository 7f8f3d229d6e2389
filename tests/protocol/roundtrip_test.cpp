// Encode-then-decode round trips: decode(encode(m)) equals m field by field, and encode(decode(b)) == b.
// Random values come from fixed seeds (support/generators.hpp), so every run checks the same messages.
#include <catch2/catch.hpp>

#include "msrt/codec.hpp"
#include "msrt/decode_slots.hpp"
#include "support/compare.hpp"
#include "support/generators.hpp"
#include "support/hex.hpp"

using namespace msrt;
using msrt::test::check_same;
using msrt::test::Rng;

namespace {

// The offsets a decoder reports must point at the octets that encode the thing they belong to.
void check_offsets(const MapRegister& m, ByteView whole) {
    ByteView own = whole.subspan(m.offset, m.size);
    CHECK(to_hex(own.subspan(m.auth_offset - m.offset, m.auth_data.size())) == to_hex(m.auth_data));
    for (const EidRecord& rec : m.records) {
        Writer w;
        write_eid_record(w, rec);
        REQUIRE(rec.offset + rec.size <= whole.size());
        CHECK(to_hex(whole.subspan(rec.offset, rec.size)) == to_hex(w.out()));
        CHECK(rec.eid.offset == rec.offset + 10);
        CHECK(rec.eid.size == encoded_size(rec.eid));
        for (const Locator& l : rec.locators) {
            CHECK(l.rloc.offset == l.offset + 6);
            CHECK(load_be16(&whole[l.rloc.offset]) == l.rloc.wire_afi());
        }
    }
}

Bytes round_trip(const Message& m, const Profile& profile = default_profile()) {
    Bytes wire = encode_message(m, profile);
    INFO("encoded " << to_hex(wire));
    REQUIRE(wire.size() >= wire::kMinLength);
    CHECK(load_be16(&wire[2]) == wire.size());
    CHECK(load_be32(&wire[wire.size() - 4]) == wire::kEndMarker);
    Result<Message> d = decode_message(wire, profile);
    INFO((d ? std::string("decoded") : d.error().str()));
    REQUIRE(d.ok());
    check_same(m, *d);
    CHECK(d->header.length == wire.size());
    CHECK(to_hex(encode_message(*d, profile)) == to_hex(wire));
    if (const auto* r = d->as<Registration>()) {
        CHECK(r->map_register.offset == wire::kHeaderSize);
        CHECK(r->map_register.size == wire.size() - wire::kHeaderSize - wire::kMarkerSize);
        check_offsets(r->map_register, wire);
    }
    return wire;
}

void round_trip_register(const MapRegister& m, std::size_t base = 0) {
    Bytes wire = encode_map_register(m);
    INFO("encoded " << to_hex(wire));
    Result<MapRegister> d = decode_map_register(wire);
    INFO((d ? std::string("decoded") : d.error().str()));
    REQUIRE(d.ok());
    check_same(m, *d);
    CHECK(d->size == wire.size());
    CHECK(to_hex(encode_map_register(*d)) == to_hex(wire));
    check_offsets(*d, wire);
    if (base != 0) {
        // Offsets relative to an enclosing buffer: the same Map-Register placed `base` octets in.
        Bytes framed(base, 0xEE);
        framed.insert(framed.end(), wire.begin(), wire.end());
        Result<MapRegister> shifted = decode_map_register(ByteView(framed).subspan(base), base);
        REQUIRE(shifted.ok());
        CHECK(shifted->offset == base);
        CHECK(shifted->auth_offset == d->auth_offset + base);
        check_offsets(*shifted, framed);
    }
}

Bytes encode_field(const AddressField& f) {
    Writer w;
    write_address(w, f);
    return w.out();
}

}  // namespace

TEST_CASE("every message type 16-30 and unknown types round-trip (seeded random)") {
    for (const Profile* profile : {&default_profile(), &msrt::profile(Revision::Ietf)}) {
        for (Kind kind : test::all_kinds(*profile)) {
            std::uint32_t seed = 1000 + static_cast<std::uint32_t>(kind);
            Rng rng(seed);
            for (int i = 0; i < 150; ++i) {
                INFO("profile " << profile->name << ", kind " << kind_key(kind) << ", seed " << seed
                                << ", iteration " << i);
                round_trip(test::random_message(rng, kind, *profile), *profile);
            }
        }
    }
}

TEST_CASE("DecodeSlots: a message decoded into the storage of earlier ones equals a fresh decode") {
    // Each kind reuses the body of the previous message of that kind (records, locators, LCAFs, names):
    // nothing of a longer or differently shaped predecessor may show through.
    Rng rng(77);
    DecodeSlots slots;
    std::vector<Kind> kinds = test::all_kinds(default_profile());
    for (int i = 0; i < 3000; ++i) {
        Kind kind = rng.pick(kinds);
        Bytes wire = encode_message(test::random_message(rng, kind, default_profile()));
        INFO("message " << i << ": " << to_hex(wire));
        bool ok = false;
        Error error;
        const Message& reused = slots.decode(wire, default_profile(), ok, error);
        Result<Message> fresh = decode_message(wire);
        REQUIRE(ok == fresh.ok());
        if (!ok) continue;
        check_same(*fresh, reused);
        CHECK(to_hex(encode_message(reused)) == to_hex(wire));
    }
}

TEST_CASE("the type code on the wire comes from the profile table") {
    Rng rng(7);
    for (const TypeEntry& e : default_profile().types) {
        Bytes wire = encode_message(test::random_message(rng, e.kind));
        CHECK(load_be16(wire.data()) == e.code);
        CHECK(decode_message(wire)->kind == e.kind);
    }
    CHECK(default_profile().code_of(Kind::RegistrationAck) == 18);
    CHECK(default_profile().code_of(Kind::MembershipRefreshEnd) == 30);
}

TEST_CASE("unknown message types keep their code and their body octets") {
    Rng rng(16);
    std::vector<std::uint16_t> codes{0, 1, 15, 31, 32, 99, 255, 256, 0x1011, 0x8000, 0xFFFF};
    for (std::uint16_t code : codes) {
        INFO("type " << code);
        Message m;
        m.header.type = code;
        m.header.id = rng.u32();
        m.body = UnknownBody{rng.bytes(rng.uniform<std::size_t>(0, 64))};
        Bytes wire = round_trip(m);
        CHECK(load_be16(wire.data()) == code);
    }
}

TEST_CASE("the Length-8 short form round-trips as 8 octets") {
    Message m;
    m.header.type = 18;
    m.header.short_form = true;
    m.kind = Kind::Unknown;
    Bytes wire = encode_message(m);
    CHECK(to_hex(wire) == "001200089facade9");
    Result<Message> d = decode_message(wire);
    REQUIRE(d.ok());
    CHECK(d->header.short_form);
    CHECK(d->header.type == 18);
    CHECK(to_hex(encode_message(*d)) == to_hex(wire));
}

TEST_CASE("random Map-Registers and Map-Notifies round-trip (seeded)") {
    Rng rng(4342);
    for (std::uint8_t type : {wire::lisp::kMapRegister, wire::lisp::kMapNotify}) {
        for (bool ids : {false, true}) {
            for (std::size_t auth_len : test::auth_lengths()) {
                for (int i = 0; i < 40; ++i) {
                    MapRegister m = test::random_map_register(rng, type);
                    std::uint32_t mask = m.ids_flag_mask();
                    m.has_ids = ids;
                    m.word0 = ids ? (m.word0 | mask) : (m.word0 & ~mask);
                    m.auth_data = rng.bytes(auth_len);
                    INFO("type " << int{type} << ", I " << ids << ", auth " << auth_len << ", iteration "
                                 << i);
                    round_trip_register(m, i % 3 == 0 ? 0 : static_cast<std::size_t>(rng.uniform(1, 100)));
                }
            }
        }
    }
}

TEST_CASE("the I bit is read at the position of the message type") {
    // Map-Register: I is bit 6 (0x02000000); Map-Notify: I is bit 4 (0x08000000), where the register has P.
    Rng rng(6);
    MapRegister reg = test::random_map_register(rng, wire::lisp::kMapRegister, 0);
    reg.word0 = 0x38000000;  // type 3, P set, I clear
    reg.has_ids = false;
    round_trip_register(reg);
    MapRegister notify = reg;
    notify.word0 = 0x48000000;  // type 4, I set
    notify.has_ids = true;
    notify.xtr_id[15] = 0x42;
    notify.site_id = 99;
    round_trip_register(notify);
    CHECK(encode_map_register(notify).size() == encode_map_register(reg).size() + 24);
}

TEST_CASE("EID records with every AFI, Instance-ID, AFI-list and unknown LCAF round-trip") {
    Rng rng(2024);
    std::vector<AddressField> eids;
    for (std::uint16_t afi : test::plain_afis()) {
        eids.push_back(test::finalized(AddressField::plain(test::random_address(rng, afi))));
        eids.push_back(test::finalized(AddressField::with_iid(rng.u32(), test::random_address(rng, afi))));
    }
    eids.push_back(test::random_afi_list_field(rng));
    eids.push_back(test::random_unknown_lcaf_field(rng));
    for (const AddressField& eid : eids) {
        INFO("EID " << eid.str() << " (wire AFI " << eid.wire_afi() << ")");
        EidRecord rec = test::random_record(rng, 3);
        rec.eid = eid;
        MapRegister m = test::random_map_register(rng, wire::lisp::kMapRegister, 0);
        m.records = {rec, rec};
        m.word0 = (m.word0 & ~wire::lisp::kRecordCountMask) | 2;
        round_trip_register(m, 8);

        Message mn;
        mn.kind = Kind::MappingNotification;
        mn.header.type = 21;
        mn.body = MappingNotification{{}, rng.u64(), rec};
        round_trip(mn);

        // The compact prefix of ACK/NACK/Refresh names a prefix: plain AFIs and Instance-ID only.
        if (eid.lcaf && !eid.is_iid()) continue;
        Message ack;
        ack.kind = Kind::RegistrationAck;
        ack.header.type = 18;
        EidPrefix p;
        p.field = eid;
        p.mask_len = test::random_mask_len(rng, eid);
        ack.body = RegistrationAck{p};
        round_trip(ack);
    }
}

TEST_CASE("an unknown LCAF type keeps its payload raw, as RLOC and as EID") {
    // LCAF type 7 (not interpreted by the codec) carrying de ad be ef: AFI 4003, rsvd1 01, flags 02, type 07,
    // rsvd2 03, length 0004.
    Bytes lcaf = test::hex("40 03 01 02 07 03 00 04 de ad be ef");
    Bytes notify = test::hex("40 00 00 01  00 00 00 00 00 00 00 2a  00 00 00 00");  // Map-Notify, 1 record
    Bytes record = test::hex("00 00 00 0a  01 00 00 00  00 00");                    // TTL 10, 1 locator
    Bytes wire = notify;
    wire.insert(wire.end(), record.begin(), record.end());
    wire.insert(wire.end(), lcaf.begin(), lcaf.end());  // EID
    for (std::uint8_t b : test::hex("01 02 03 04 00 05"))
        wire.push_back(b);                              // locator fixed part
    wire.insert(wire.end(), lcaf.begin(), lcaf.end());  // RLOC
    Result<MapRegister> m = decode_map_register(wire);
    INFO((m ? std::string("decoded") : m.error().str()));
    REQUIRE(m.ok());
    REQUIRE(m->records.size() == 1);
    const EidRecord& rec = m->records[0];
    REQUIRE(rec.eid.lcaf);
    CHECK(rec.eid.lcaf->type == 7);
    CHECK(rec.eid.lcaf->rsvd1 == 1);
    CHECK(rec.eid.lcaf->flags == 2);
    CHECK(rec.eid.lcaf->rsvd2 == 3);
    CHECK(rec.eid.lcaf->length == 4);
    CHECK(to_hex(rec.eid.lcaf->raw) == "deadbeef");
    CHECK(rec.eid.size == lcaf.size());
    REQUIRE(rec.locators.size() == 1);
    CHECK(rec.locators[0].rloc == rec.eid);
    CHECK(to_hex(encode_map_register(*m)) == to_hex(wire));
}

TEST_CASE("an Instance-ID address read into a field that held other shapes has every field of its own") {
    // Instance-ID LCAFs around IPv4 and IPv6 are read after one bounds check: rsvd1, flags and IID mask-len
    // must still come from the wire, and nothing of the DN, AFI list or raw LCAF read before may remain.
    Bytes shapes = test::hex(
        "00 11 6e 61 6d 65 00"                                         // DN "name"
        "40 03 00 00 01 00 00 0c 00 01 0a 00 00 01 00 01 0a 00 00 02"  // AFI list
        "40 03 01 02 07 03 00 02 de ad"                                // unknown LCAF
        "40 03 05 06 02 18 00 0a 00 00 03 e8 00 01 c0 00 02 01"        // [1000] 192.0.2.1
        "40 03 00 80 02 40 00 16 00 00 00 07 00 02"                    // [7] 2001:db8::1
        "20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01");
    Reader reused(shapes, 100);
    AddressField field;
    for (int i = 0; i < 3; ++i)
        read_address(reused, "address", field);
    REQUIRE(!reused.failed());

    read_address(reused, "address", field);
    REQUIRE(!reused.failed());
    AddressField v4 = AddressField::with_iid(1000, *Address::parse("192.0.2.1"), 0x18);
    v4.lcaf->rsvd1 = 5;
    v4.lcaf->flags = 6;
    CHECK(field == v4);
    CHECK(field.offset == 100 + 7 + 20 + 10);
    CHECK(field.size == 18);
    CHECK(field.addr.name.empty());
    CHECK(field.lcaf->length == 10);

    read_address(reused, "address", field);
    REQUIRE(!reused.failed());
    AddressField v6 = AddressField::with_iid(7, *Address::parse("2001:db8::1"), 0x40);
    v6.lcaf->flags = 0x80;
    CHECK(field == v6);
    CHECK(field.offset == 100 + 7 + 20 + 10 + 18);
    CHECK(field.size == 30);
    CHECK(field.lcaf->length == 22);
    CHECK(reused.remaining() == 0);
    CHECK(to_hex(encode_field(field)) == to_hex(ByteView(shapes).subspan(55)));
}

TEST_CASE("a plain IP address read into a field that held other shapes has every field of its own") {
    // Plain IPv4 and IPv6 addresses (nearly every locator) are read after one bounds check: nothing of the
    // LCAF, the DN or the longer address read just before may remain, and a short one is still named.
    Bytes shapes = test::hex(
        "40 03 05 06 02 18 00 0a 00 00 03 e8 00 01 c0 00 02 01"  // [1000] 192.0.2.1
        "00 01 c6 33 64 07"                                      // 198.51.100.7, after the LCAF
        "00 11 6e 61 6d 65 00"                                   // DN "name"
        "00 02 20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01"  // 2001:db8::1, after the DN
        "00 01 0a 00 00 01"                                      // 10.0.0.1, after the IPv6 address
        "00 02 20 01 0d b8");                                    // IPv6, cut short
    Reader reused(shapes, 100);
    AddressField field;
    read_address(reused, "address", field);
    read_address(reused, "address", field);
    REQUIRE(!reused.failed());
    CHECK(field == AddressField::plain(*Address::parse("198.51.100.7")));
    CHECK(field.offset == 100 + 18);
    CHECK(field.size == 6);

    read_address(reused, "address", field);
    read_address(reused, "address", field);
    REQUIRE(!reused.failed());
    CHECK(field == AddressField::plain(*Address::parse("2001:db8::1")));
    CHECK(field.addr.name.empty());
    CHECK(field.offset == 100 + 18 + 6 + 7);
    CHECK(field.size == 18);

    read_address(reused, "address", field);
    REQUIRE(!reused.failed());
    CHECK(field == AddressField::plain(*Address::parse("10.0.0.1")));  // octets 4-15 zero again
    CHECK(to_hex(encode_field(field)) == "00010a000001");

    read_address(reused, "rloc", field);
    REQUIRE(reused.failed());
    CHECK(reused.error().offset == 100 + 18 + 6 + 7 + 18 + 6 + 2);
    CHECK(reused.error().field == "rloc");
    CHECK(reused.error().what == "needs 16 octets, 4 left");
}

TEST_CASE("encode(decode(bytes)) reproduces the spec examples byte for byte") {
    for (const char* text : {
             "00 14 00 0F 00 00 00 00 00 00 00 9F AC AD E9",
             "00 14 00 12 00 00 00 00 00 00 00 00 00 00 9F AC AD E9",  // scope 0 with the tolerated 00 00 00
             "00 12 00 1F 00 00 00 07 10 40 03 00 00 02 20 00 0A 00 00 03 E8 00 01 0A 01 00 00 9F AC AD E9",
             "00 10 00 18 00 00 00 03 01 00 00 00 00 63 00 0C 00 00 00 05 9F AC AD E9",
             "00 1A 00 20 00 00 00 0B 00 01 00 00 03 E8 00 00 00 00 00 00 00 01 00 01 C0 00 02 01 9F AC AD "
             "E9",
         }) {
        Bytes wire = test::hex(text);
        Result<Message> d = decode_message(wire);
        INFO(text);
        REQUIRE(d.ok());
        CHECK(to_hex(encode_message(*d)) == to_hex(wire));
        round_trip(*d);
    }
}

TEST_CASE("message_eid names a key only for EIDs that are prefixes") {
    Rng rng(21);
    EidRecord rec = test::random_record(rng, 1);
    rec.mask_len = 16;
    Message reg;
    reg.kind = Kind::Registration;
    reg.header.type = 17;
    MapRegister mr = test::random_map_register(rng, wire::lisp::kMapRegister, 0);
    Message mn;
    mn.kind = Kind::MappingNotification;
    mn.header.type = 21;

    rec.eid = AddressField::with_iid(1000, *Address::parse("10.1.0.0"));
    mr.records = {rec};
    reg.body = Registration{mr};
    mn.body = MappingNotification{{}, 0, rec};
    for (const Message* m : {&reg, &mn}) {
        Result<Message> d = decode_message(encode_message(*m));
        REQUIRE(d.ok());
        REQUIRE(message_eid(*d));
        CHECK(message_eid(*d)->str() == "[1000] 10.1.0.0/16");
    }

    // An AFI-list or an uninterpreted LCAF decodes, but it is not an (IID, prefix, length) key.
    for (const AddressField& eid : {test::random_afi_list_field(rng), test::random_unknown_lcaf_field(rng)}) {
        rec.eid = eid;
        mr.records = {rec};
        reg.body = Registration{mr};
        mn.body = MappingNotification{{}, 0, rec};
        for (const Message* m : {&reg, &mn}) {
            Result<Message> d = decode_message(encode_message(*m));
            REQUIRE(d.ok());
            CHECK_FALSE(message_eid(*d));
        }
    }
}
