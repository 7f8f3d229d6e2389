// Message decoding (spec 2.2, 2.5, appendix A) under both draft profiles. Oracle: whatever decodes re-encodes
// to exactly the input, because every length the encoder writes is one the decoder checked; and derived
// views (message_eid, names) must not fail on a decoded value.
#include <cstdint>

#include "msrt/codec.hpp"
#include "msrt/session/tracker.hpp"
#include "support/oracle.hpp"

namespace {

using namespace msrt;

void check_profile(ByteView input, const Profile& profile) {
    Result<Message> m = decode_message(input, profile);
    if (!m) {
        const Error& e = m.error();
        FUZZ_REQUIRE(e.offset <= input.size(), e.str());
        return;
    }
    Bytes again = encode_message(*m, profile);
    FUZZ_REQUIRE(again == Bytes(input.begin(), input.end()),
                 "input " + to_hex(input) + "\nre-encoded " + to_hex(again));
    Result<Message> m2 = decode_message(again, profile);
    FUZZ_REQUIRE(m2.ok(), m2.error().str());
    FUZZ_REQUIRE(m2->kind == m->kind && m2->header.id == m->header.id, to_hex(again));
    if (std::optional<Eid> eid = message_eid(*m)) {
        std::string text = eid->str();
        FUZZ_REQUIRE(!text.empty(), "empty EID text");
    }
    // The tracker must take any decodable message from either side without failing.
    session::Tracker tracker(profile);
    tracker.on_message(*m, Direction::EtrToMs, 1, 1);
    tracker.on_message(*m, Direction::MsToEtr, 2, 2);
    tracker.on_close(3);
    (void)tracker.pending_keys();
    (void)tracker.unanswered_refresh_keys();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    ByteView input(data, size);
    check_profile(input, profile(Revision::Kouvelas06));
    check_profile(input, profile(Revision::Ietf));
    return 0;
}
