// protocol/'s framing decisions for the plugin (msrt/frame_check.hpp) and the layout offsets it displays
// with (msrt/layout.hpp): check_frame + resync_distance must frame a stream exactly as msrt::Framer does.
#include <catch2/catch.hpp>

#include <random>

#include "msrt/codec.hpp"
#include "msrt/frame_check.hpp"
#include "msrt/framer.hpp"
#include "msrt/layout.hpp"
#include "support/hex.hpp"

using namespace msrt;
using msrt::test::hex;

namespace {

const Bytes kRefresh = hex("00 14 00 0F 00 00 00 00 00 00 00 9F AC AD E9");  // spec E1
const Bytes kAck =
    hex("00 12 00 1F 00 00 00 07 10 40 03 00 00 02 20 00 0A 00 00 03 E8 00 01 0A 01 00 00 "
        "9F AC AD E9");  // spec E2
const Bytes kNack =
    hex("00 13 00 2E 00 00 00 09 02 00 00 20 40 03 00 00 02 20 00 16 00 00 00 00 00 02 20 01 0D "
        "B8 00 00 00 00 00 00 00 00 00 00 00 00 9F AC AD E9");  // spec E3
const Bytes kRegistration =
    hex("00 11 00 70 00 00 00 00 32 00 00 01 01 23 45 67 89 AB CD EF 00 01 00 14 60 19 1C 75 53 BF 96 46 4B "
        "77 DF A4 "
        "22 31 59 5B 4A E9 93 AF 00 00 05 A0 01 10 10 00 00 00 40 03 00 00 02 20 00 0A 00 00 03 E8 00 01 0A "
        "01 00 "
        "00 01 64 FF 00 00 05 00 01 C0 00 02 01 00 11 22 33 44 55 66 77 88 99 AA BB CC DD EE FF 00 00 00 00 "
        "00 00 "
        "00 00 9F AC AD E9");  // spec E6
const Bytes kMapping =
    hex("00 15 00 4C 00 00 00 08 00 11 22 33 44 55 66 77 88 99 AA BB CC DD EE FF 00 00 00 00 00 00 00 00 00 "
        "00 05 "
        "A0 01 10 00 00 00 00 40 03 00 00 02 20 00 0A 00 00 03 E8 00 01 0A 01 00 00 01 64 FF 00 00 01 00 01 "
        "C0 00 "
        "02 01 9F AC AD E9");  // spec E7

std::uint64_t load_be64_at(const Bytes& b, std::size_t at) {
    return (std::uint64_t{load_be32(&b[at])} << 32) | load_be32(&b[at + 4]);
}

Bytes cat(std::initializer_list<Bytes> parts) {
    Bytes out;
    for (const Bytes& p : parts)
        out.insert(out.end(), p.begin(), p.end());
    return out;
}

struct Collect : FrameSink {
    std::vector<std::uint64_t> messages;
    void on_message(std::uint64_t offset, ByteView) override { messages.push_back(offset); }
    void on_error(const FramingError&) override {}
    void on_skipped(std::uint64_t, std::uint64_t) override {}
};

// The plugin's loop over a whole stream that ends there (a FIN): a message at a boundary, or a skip to the
// next candidate; a message the stream ends inside is truncated, and the search goes on after its header.
std::vector<std::uint64_t> plugin_frames(ByteView s) {
    std::vector<std::uint64_t> out;
    std::size_t at = 0;
    while (at < s.size()) {
        FrameCheck c = check_frame(s.subspan(at));
        if (c.verdict == FrameVerdict::NeedMore && c.length == 0) break;
        if (c.verdict == FrameVerdict::Message) {
            out.push_back(at);
            at += c.length;
            continue;
        }
        std::size_t skip = resync_distance(s.subspan(at), default_profile());
        REQUIRE(skip > 0);
        at += skip;
    }
    return out;
}

std::vector<std::uint64_t> framer_frames(ByteView s) {
    Collect sink;
    Framer f;
    f.push(s, sink);
    f.finish(sink);
    return sink.messages;
}

}  // namespace

TEST_CASE("check_frame: whole, partial and broken messages") {
    CHECK(check_frame(kRefresh).verdict == FrameVerdict::Message);
    CHECK(check_frame(kRefresh).length == 15);
    FrameCheck partial = check_frame(ByteView(kAck).first(10));
    CHECK(partial.verdict == FrameVerdict::NeedMore);
    CHECK(partial.length == 31);
    CHECK(check_frame(ByteView(kAck).first(3)).length == 0);
    for (std::uint16_t len : {0, 5, 7}) {
        Bytes b = hex("00 11 00 00 00 00 00 00 00 00 00 00");
        b[3] = static_cast<std::uint8_t>(len);
        CHECK(check_frame(b).problem == FramingProblem::LengthTooSmall);
    }
    CHECK(check_frame(hex("00 11 00 0A 00 00 00 00 00 00 00 00")).problem == FramingProblem::LengthUnderflow);
    FrameCheck short_form = check_frame(hex("00 11 00 08 9F AC AD E9"));
    CHECK(short_form.verdict == FrameVerdict::Message);
    CHECK(short_form.short_form);
    Bytes bad = kAck;
    bad.back() = 0;
    CHECK(check_frame(bad).problem == FramingProblem::BadEndMarker);
    CHECK(check_frame(kRegistration, 100).problem == FramingProblem::LengthTooLarge);
}

TEST_CASE("resync_distance lands on the next message and never returns 0") {
    Bytes junk = hex("00 11 00 00 FF 00 13");
    CHECK(resync_distance(cat({junk, kAck}), default_profile()) == junk.size());
    CHECK(resync_distance(hex("00"), default_profile()) == 1);
    // A partial message of a known type is worth waiting for; one of an unknown type is not.
    Bytes partial_known = cat({hex("FF FF"), Bytes(kAck.begin(), kAck.begin() + 12)});
    CHECK(resync_distance(partial_known, default_profile()) == 2);
}

TEST_CASE("the plugin's framing loop delivers the messages msrt::Framer delivers") {
    std::mt19937 rng(4342);
    const Bytes* kinds[] = {&kRefresh, &kAck, &kNack, &kRegistration, &kMapping};
    // A tail longer than any Length (65535) of good messages: every bogus Length in the junk is judged by its
    // end marker inside the stream, never by what happens when a stream ends inside a message.
    Bytes tail;
    while (tail.size() <= 65535)
        tail.insert(tail.end(), kRegistration.begin(), kRegistration.end());
    for (int round = 0; round < 200; ++round) {
        Bytes stream;
        for (int k = 0; k < 12; ++k) {
            if (rng() % 4 == 0) {
                std::size_t n = rng() % 40;
                for (std::size_t i = 0; i < n; ++i)
                    stream.push_back(static_cast<std::uint8_t>(rng() % 3 ? rng() : 0));
            } else {
                const Bytes& m = *kinds[rng() % 5];
                stream.insert(stream.end(), m.begin(), m.end());
            }
        }
        INFO("round " << round << ": " << to_hex(stream));
        stream.insert(stream.end(), tail.begin(), tail.end());
        CHECK(plugin_frames(stream) == framer_frames(stream));
    }
}

TEST_CASE("layout offsets point where the decoder read the values") {
    Result<Message> m = decode_message(kRegistration);
    REQUIRE(m.ok());
    const MapRegister& mr = m->as<Registration>()->map_register;
    CHECK(mr.offset == layout::header::kBody);
    CHECK(load_be64_at(kRegistration, mr.offset + layout::map_register::kNonce.at) == mr.nonce);
    CHECK(mr.auth_offset == mr.offset + layout::map_register::kAuthData);
    const EidRecord& rec = mr.records.at(0);
    CHECK(load_be32(&kRegistration[rec.offset + layout::record::kTtl.at]) == rec.ttl);
    CHECK(rec.eid.offset == rec.offset + layout::record::kEid);
    CHECK(load_be32(&kRegistration[rec.eid.offset + layout::address::kIid.at]) == rec.eid.iid());
    const Locator& loc = rec.locators.at(0);
    CHECK(loc.rloc.offset == loc.offset + layout::locator::kRloc);
    CHECK(load_be16(&kRegistration[loc.offset + layout::locator::kFlags.at]) == loc.flags);
    CHECK(kRegistration.size() - layout::map_register::kIdsFromEnd - 4 == mr.offset + mr.size - 24);

    Result<Message> n = decode_message(kNack);
    REQUIRE(n.ok());
    CHECK(n->as<RegistrationNack>()->eid.offset == layout::nack::kEid);
    CHECK(kNack[layout::nack::kReason.at] == n->as<RegistrationNack>()->reason);
    Result<Message> a = decode_message(kAck);
    CHECK(a->as<RegistrationAck>()->eid.offset == layout::ack::kEid);
    Result<Message> mn = decode_message(kMapping);
    CHECK(mn->as<MappingNotification>()->record.offset == layout::mapping::kRecord);
}
