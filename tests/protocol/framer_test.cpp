// The stream framer (spec 2.1, 9 items 3 and 23): the messages and framing errors it reports, with their
// stream offsets, must not depend on how the TCP payload is cut into chunks.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "msrt/codec.hpp"
#include "msrt/framer.hpp"
#include "support/generators.hpp"
#include "support/hex.hpp"

using namespace msrt;
using msrt::test::Rng;

namespace {

// Events as text so that Catch prints a readable diff of two sequences. Message octets are compared with
// the stream they were cut from (offsets are stream offsets, gaps included) rather than printed.
class Recorder : public FrameSink {
  public:
    explicit Recorder(const Bytes& stream) : stream_(stream) {}
    std::vector<std::string> events;

    void on_message(std::uint64_t offset, ByteView bytes) override {
        bool same =
            offset + bytes.size() <= stream_.size() &&
            std::equal(bytes.begin(), bytes.end(), stream_.begin() + static_cast<std::ptrdiff_t>(offset));
        events.push_back(message(offset, bytes.size()) + (same ? "" : " WITH OTHER OCTETS"));
    }
    void on_error(const FramingError& e) override { events.push_back(error(e.offset, e.problem, e.value)); }
    void on_skipped(std::uint64_t offset, std::uint64_t count) override {
        events.push_back(skipped(offset, count));
    }

    static std::string message(std::uint64_t offset, std::size_t length) {
        return "message @" + std::to_string(offset) + " length " + std::to_string(length);
    }
    static std::string error(std::uint64_t offset, FramingProblem p, std::uint32_t value) {
        return "error @" + std::to_string(offset) + " " + std::string(framing_problem_name(p)) + " (" +
               std::to_string(value) + ")";
    }
    static std::string skipped(std::uint64_t offset, std::uint64_t count) {
        return "skipped @" + std::to_string(offset) + " " + std::to_string(count) + " octets";
    }

  private:
    const Bytes& stream_;
};

// What the sender put on the wire, piece by piece, with the events each piece should cause.
struct Stream {
    Bytes bytes;
    std::vector<std::string> expected;

    std::uint64_t add_message(const Bytes& m) {
        std::uint64_t at = bytes.size();
        expected.push_back(Recorder::message(at, m.size()));
        bytes.insert(bytes.end(), m.begin(), m.end());
        return at;
    }
    std::uint64_t add_raw(const Bytes& b) {
        std::uint64_t at = bytes.size();
        bytes.insert(bytes.end(), b.begin(), b.end());
        return at;
    }
    void expect(std::string e) { expected.push_back(std::move(e)); }
};

std::vector<std::string> feed(const Bytes& stream, const std::vector<std::size_t>& cuts,
                              std::size_t max_length = wire::kMaxLength) {
    Framer f(max_length);
    Recorder rec(stream);
    std::size_t from = 0;
    for (std::size_t cut : cuts) {
        f.push(ByteView(stream).subspan(from, cut - from), rec);
        from = cut;
    }
    f.push(ByteView(stream).subspan(from), rec);
    CHECK(f.offset() == stream.size());
    f.finish(rec);
    CHECK(f.buffered() == 0);
    return rec.events;
}

// Feeds the stream whole, split in two at every octet boundary, one octet at a time, and in seeded random
// pieces; every way must give exactly `expected`.
void check_every_split(const Bytes& stream, const std::vector<std::string>& expected,
                       std::size_t max_length = wire::kMaxLength) {
    INFO("stream of " << stream.size() << " octets");
    {
        INFO("one chunk");
        CHECK(feed(stream, {}, max_length) == expected);
    }
    std::size_t bad_splits = 0;
    for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
        std::vector<std::string> got = feed(stream, {cut}, max_length);
        if (got != expected && bad_splits++ == 0) {
            INFO("first differing split at octet " << cut);
            CHECK(got == expected);
        }
    }
    CHECK(bad_splits == 0);
    {
        INFO("one octet at a time");
        std::vector<std::size_t> cuts;
        for (std::size_t i = 1; i < stream.size(); ++i)
            cuts.push_back(i);
        CHECK(feed(stream, cuts, max_length) == expected);
    }
    Rng rng(static_cast<std::uint32_t>(stream.size()));
    for (int round = 0; round < 20; ++round) {
        std::vector<std::size_t> cuts;
        for (std::size_t at = rng.uniform<std::size_t>(0, 40); at < stream.size();
             at += rng.uniform<std::size_t>(0, 40))
            cuts.push_back(at);
        INFO("random pieces, round " << round);
        CHECK(feed(stream, cuts, max_length) == expected);
    }
}

// Messages whose first octet is 0, so that resynchronisation may stop on them (spec 9 item 19).
Bytes known_message(Rng& rng, std::size_t max_size = 400) {
    std::vector<Kind> kinds = test::all_kinds();
    for (;;) {
        Kind k = kinds[rng.uniform<std::size_t>(1, kinds.size() - 1)];
        Bytes b = encode_message(test::random_message(rng, k));
        if (b.size() <= max_size) return b;
    }
}

// An Unknown-kind message whose body is 0xFF filler: no position inside it can pass for a whole message
// (that needs an end marker in the right place), which keeps the expected skip counts exact.
Bytes filler_message(std::uint16_t type, std::size_t length) {
    Message m;
    m.header.type = type;
    m.header.id = 0xFFFFFFFF;
    m.body = UnknownBody{Bytes(length - wire::kMinLength, 0xFF)};
    return encode_message(m);
}

}  // namespace

TEST_CASE("20 mixed messages give the same sequence however the stream is cut") {
    Rng rng(20);
    Stream s;
    std::vector<Kind> kinds = test::all_kinds();
    for (int i = 0; i < 20; ++i)
        s.add_message(encode_message(test::random_message(rng, kinds[i % kinds.size()])));
    REQUIRE(s.expected.size() == 20);
    check_every_split(s.bytes, s.expected);
}

TEST_CASE("the spec examples back to back, as in one TCP segment of the capture") {
    Stream s;
    for (const char* e : {
             "00 14 00 0F 00 00 00 00 00 00 00 9F AC AD E9",
             "00 12 00 1F 00 00 00 07 10 40 03 00 00 02 20 00 0A 00 00 03 E8 00 01 0A 01 00 00 9F AC AD E9",
             "00 14 00 1E 00 00 00 05 01 80 00 00 40 03 00 00 02 20 00 06 00 00 03 E8 00 00 9F AC AD E9",
             "00 10 00 18 00 00 00 03 01 00 00 00 00 63 00 0C 00 00 00 05 9F AC AD E9",
             "00 1A 00 20 00 00 00 0B 00 01 00 00 03 E8 00 00 00 00 00 00 00 01 00 01 C0 00 02 01 9F AC AD "
             "E9",
         })
        s.add_message(test::hex(e));
    check_every_split(s.bytes, s.expected);
    for (const std::string& e : s.expected) {
        // Each delivered message must also decode on its own.
        std::size_t at = std::stoul(e.substr(e.find('@') + 1));
        std::size_t len = load_be16(&s.bytes[at + 2]);
        CHECK(decode_message(ByteView(s.bytes).subspan(at, len)).ok());
    }
}

TEST_CASE("Length below 8 is reported at its offset, then the framer resyncs on the next good header") {
    Rng rng(1);
    for (std::uint16_t len : {0, 1, 5, 7}) {
        INFO("Length " << len);
        Stream s;
        s.add_message(known_message(rng));
        Bytes bad = test::hex("00 12");
        bad.push_back(static_cast<std::uint8_t>(len >> 8));
        bad.push_back(static_cast<std::uint8_t>(len));
        bad.insert(bad.end(), 9, 0xFF);
        std::uint64_t at = s.add_raw(bad);
        s.expect(Recorder::error(at, FramingProblem::LengthTooSmall, len));
        s.expect(Recorder::skipped(at, bad.size()));
        s.add_message(known_message(rng));
        s.add_message(known_message(rng));
        check_every_split(s.bytes, s.expected);
    }
}

TEST_CASE("Length 8 is the short form: flagged, delivered, and framing continues") {
    Rng rng(8);
    Stream s;
    s.add_message(known_message(rng));
    Bytes short_form = test::hex("00 12 00 08 9F AC AD E9");
    std::uint64_t at = s.add_raw(short_form);
    s.expect(Recorder::error(at, FramingProblem::ShortForm, 8));
    s.expect(Recorder::message(at, 8));
    s.add_message(known_message(rng));
    check_every_split(s.bytes, s.expected);

    Result<Message> d = decode_message(short_form);
    REQUIRE(d.ok());
    CHECK(d->header.short_form);
}

TEST_CASE("Length 8 without the end marker is a bad end marker") {
    Rng rng(9);
    Stream s;
    s.add_message(known_message(rng));
    std::uint64_t at = s.add_raw(test::hex("00 12 00 08 9F AC AD E8 FF FF"));
    s.expect(Recorder::error(at, FramingProblem::BadEndMarker, 0x9FACADE8));
    s.expect(Recorder::skipped(at, 10));
    s.add_message(known_message(rng));
    check_every_split(s.bytes, s.expected);
}

TEST_CASE("Length 9-11 is reported as an underflow, not delivered") {
    Rng rng(11);
    for (std::uint8_t len : {9, 10, 11}) {
        INFO("Length " << int{len});
        Stream s;
        s.add_message(known_message(rng));
        Bytes bad = test::hex("00 11 00");
        bad.push_back(len);
        bad.insert(bad.end(), len - 4u, 0xFF);
        std::uint64_t at = s.add_raw(bad);
        s.expect(Recorder::error(at, FramingProblem::LengthUnderflow, len));
        s.expect(Recorder::skipped(at, bad.size()));
        s.add_message(known_message(rng));
        check_every_split(s.bytes, s.expected);
    }
}

TEST_CASE("a Length above the framer's bound is reported and skipped") {
    Rng rng(12);
    Stream s;
    s.add_message(known_message(rng, 100));
    Bytes big = filler_message(0x0063, 300);
    std::uint64_t at = s.add_raw(big);
    s.expect(Recorder::error(at, FramingProblem::LengthTooLarge, 300));
    s.expect(Recorder::skipped(at, 300));
    Bytes fits = filler_message(0x0063, 200);
    s.add_message(fits);
    s.add_message(known_message(rng, 100));
    check_every_split(s.bytes, s.expected, 200);

    // Exactly at the bound is accepted; the default bound accepts the 300-octet message.
    std::vector<std::string> whole = feed(s.bytes, {});
    CHECK(std::count_if(whole.begin(), whole.end(),
                        [](const std::string& e) { return e.rfind("error", 0) == 0; }) == 0);
}

TEST_CASE("a wrong end marker is reported with the marker found, then skipped") {
    Rng rng(13);
    Stream s;
    s.add_message(known_message(rng));
    Bytes bad = filler_message(0x0011, 40);
    bad.back() = 0xEA;
    std::uint64_t at = s.add_raw(bad);
    s.expect(Recorder::error(at, FramingProblem::BadEndMarker, 0x9FACADEA));
    s.expect(Recorder::skipped(at, bad.size()));
    s.add_message(known_message(rng));
    s.add_message(known_message(rng));
    check_every_split(s.bytes, s.expected);
}

TEST_CASE("junk between messages is skipped and counted") {
    Rng rng(14);
    Stream s;
    s.add_message(known_message(rng));
    // A Length-too-small header followed by octets that are not a header either.
    std::uint64_t at = s.add_raw(test::hex("00 00 00 00 FF 9F AC AD E9 01 02 03"));
    s.expect(Recorder::error(at, FramingProblem::LengthTooSmall, 0));
    s.expect(Recorder::skipped(at, 12));
    s.add_message(known_message(rng));
    // A second error after recovering is reported on its own.
    at = s.add_raw(test::hex("00 14 00 0A FF FF FF FF FF FF"));
    s.expect(Recorder::error(at, FramingProblem::LengthUnderflow, 10));
    s.expect(Recorder::skipped(at, 10));
    s.add_message(known_message(rng));
    check_every_split(s.bytes, s.expected);
}

TEST_CASE("a plausible Length met while resynchronising does not hide the messages after it") {
    // After the error, the scan meets 00 00 05 A0 (a Cisco record TTL of 1440): a header candidate whose
    // Length is larger than what is left. The messages behind it must still be found, even at end of stream.
    Rng rng(15);
    Stream s;
    s.add_message(known_message(rng));
    Bytes bad = test::hex("00 14 00 03 00 00 05 A0 FF");
    std::uint64_t at = s.add_raw(bad);
    s.expect(Recorder::error(at, FramingProblem::LengthTooSmall, 3));
    s.expect(Recorder::skipped(at, bad.size()));
    s.add_message(known_message(rng, 200));
    s.add_message(known_message(rng, 200));
    REQUIRE(s.bytes.size() - at < 1440);
    check_every_split(s.bytes, s.expected);
}

TEST_CASE("finish() on a partial message reports it truncated") {
    Rng rng(16);
    Bytes m1 = known_message(rng);
    Bytes m2 = known_message(rng);
    for (std::size_t keep : {std::size_t{1}, std::size_t{3}, std::size_t{4}, m2.size() / 2, m2.size() - 1}) {
        INFO("keep " << keep << " of " << m2.size());
        Bytes stream = m1;
        stream.insert(stream.end(), m2.begin(), m2.begin() + static_cast<std::ptrdiff_t>(keep));
        // The Length is reported when it was received, 0 otherwise.
        std::uint32_t len = keep >= 4 ? static_cast<std::uint32_t>(m2.size()) : 0;
        std::vector<std::string> expected{Recorder::message(0, m1.size()),
                                          Recorder::error(m1.size(), FramingProblem::Truncated, len),
                                          Recorder::skipped(m1.size(), keep)};
        check_every_split(stream, expected);
    }
}

TEST_CASE("gap() inside a message reports it truncated and resynchronises after the gap") {
    Rng rng(17);
    Stream s;
    std::vector<std::uint64_t> at;
    for (int i = 0; i < 6; ++i)
        at.push_back(s.add_message(known_message(rng, 200)));
    const Bytes& b = s.bytes;
    std::size_t len3 = load_be16(&b[at[2] + 2]);
    std::size_t lost_from = at[2] + len3 / 2;  // inside message 3
    std::size_t lost_to = at[3] + 5;           // inside message 4
    std::vector<std::string> expected{
        Recorder::message(at[0], at[1] - at[0]),
        Recorder::message(at[1], at[2] - at[1]),
        Recorder::error(at[2], FramingProblem::Truncated, static_cast<std::uint32_t>(len3)),
        Recorder::skipped(at[2], lost_from - at[2]),
        Recorder::skipped(lost_to, at[4] - lost_to),
        Recorder::message(at[4], at[5] - at[4]),
        Recorder::message(at[5], b.size() - at[5]),
    };
    for (std::size_t cut : {lost_from, at[2] + 1, at[2]}) {
        // Deliver up to `cut`, then the rest before the gap, so buffering differs from run to run.
        Framer f;
        Recorder rec(b);
        f.push(ByteView(b).first(cut), rec);
        f.push(ByteView(b).subspan(cut, lost_from - cut), rec);
        f.gap(lost_to - lost_from, rec);
        CHECK(f.resyncing());
        for (std::size_t i = lost_to; i < b.size(); ++i)
            f.push(ByteView(b).subspan(i, 1), rec);
        CHECK(f.offset() == b.size());
        f.finish(rec);
        CHECK(rec.events == expected);
    }
}

TEST_CASE("gap() on a message boundary loses nothing else") {
    Rng rng(18);
    Stream s;
    std::vector<std::uint64_t> at;
    for (int i = 0; i < 4; ++i)
        at.push_back(s.add_message(known_message(rng)));
    const Bytes& b = s.bytes;
    Framer f;
    Recorder rec(b);
    f.push(ByteView(b).first(at[1]), rec);
    f.gap(at[2] - at[1], rec);  // message 2 lost whole
    f.push(ByteView(b).subspan(at[2]), rec);
    f.finish(rec);
    CHECK(rec.events == std::vector<std::string>{Recorder::message(at[0], at[1]),
                                                 Recorder::message(at[2], at[3] - at[2]),
                                                 Recorder::message(at[3], b.size() - at[3])});
}

TEST_CASE("gap() near the end of the stream still delivers what follows it") {
    Rng rng(19);
    Stream s;
    std::vector<std::uint64_t> at;
    for (int i = 0; i < 5; ++i)
        at.push_back(s.add_message(known_message(rng, 300)));
    const Bytes& b = s.bytes;
    // Capture loss of one octet inside every message in turn; the last two must come out whenever the loss
    // is before them.
    for (std::size_t victim = 0; victim + 1 < at.size(); ++victim) {
        std::size_t lost = at[victim] + 6;  // inside the Message ID
        Framer f;
        Recorder rec(b);
        f.push(ByteView(b).first(lost), rec);
        f.gap(1, rec);
        f.push(ByteView(b).subspan(lost + 1), rec);
        f.finish(rec);
        INFO("loss inside message " << victim);
        std::vector<std::string> expected;
        for (std::size_t i = 0; i < victim; ++i)
            expected.push_back(Recorder::message(at[i], at[i + 1] - at[i]));
        expected.push_back(
            Recorder::error(at[victim], FramingProblem::Truncated, load_be16(&b[at[victim] + 2])));
        expected.push_back(Recorder::skipped(at[victim], 6));
        expected.push_back(Recorder::skipped(lost + 1, at[victim + 1] - lost - 1));
        for (std::size_t i = victim + 1; i < at.size(); ++i)
            expected.push_back(Recorder::message(at[i], (i + 1 < at.size() ? at[i + 1] : b.size()) - at[i]));
        CHECK(rec.events == expected);
    }
}

TEST_CASE("check_message_at: the resynchronisation test") {
    Bytes e1 = test::hex("00 14 00 0F 00 00 00 00 00 00 00 9F AC AD E9");
    CHECK(check_message_at(e1) == HeaderCheck::Ok);
    CHECK(check_message_at(ByteView(e1).first(3)) == HeaderCheck::NeedMore);
    CHECK(check_message_at(ByteView(e1).first(14)) == HeaderCheck::NeedMore);
    CHECK(check_message_at(e1, 14) == HeaderCheck::Bad);  // over the bound
    CHECK(check_message_at(e1, 15) == HeaderCheck::Ok);
    Bytes high = e1;
    high[0] = 0x01;  // no defined type has a non-zero high octet
    CHECK(check_message_at(high) == HeaderCheck::Bad);
    Bytes marker = e1;
    marker[14] ^= 1;
    CHECK(check_message_at(marker) == HeaderCheck::Bad);
    CHECK(check_message_at(test::hex("00 12 00 08 9F AC AD E9")) ==
          HeaderCheck::Bad);  // short form: no resync
    CHECK(check_message_at(test::hex("00 12 00 0B 00 00 00 00 AD E9 00")) == HeaderCheck::Bad);
}
