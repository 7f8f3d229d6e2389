// Regressions found by fuzz_capture (issue #7): capture timestamps.
#include <catch2/catch.hpp>

#include <cstdio>
#include <string>

#include "common/capture_reader.hpp"
#include "regression/events.hpp"

using namespace msrt;

namespace {

void le32(Bytes& b, std::uint32_t v) {
    for (int i = 0; i < 4; ++i)
        b.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
void le16(Bytes& b, std::uint16_t v) {
    b.push_back(static_cast<std::uint8_t>(v));
    b.push_back(static_cast<std::uint8_t>(v >> 8));
}

// A pcapng file: section header, one Ethernet interface (microseconds), one Enhanced Packet Block whose
// 64-bit timestamp is `ts` and whose frame is a few octets of nothing in particular.
Bytes pcapng_with_timestamp(std::uint64_t ts) {
    Bytes b;
    le32(b, 0x0A0D0D0A), le32(b, 28), le32(b, 0x1A2B3C4D), le16(b, 1), le16(b, 0);
    le32(b, 0xFFFFFFFF), le32(b, 0xFFFFFFFF), le32(b, 28);
    le32(b, 1), le32(b, 20), le16(b, 1), le16(b, 0), le32(b, 65535), le32(b, 20);
    le32(b, 6), le32(b, 36), le32(b, 0), le32(b, static_cast<std::uint32_t>(ts >> 32));
    le32(b, static_cast<std::uint32_t>(ts)), le32(b, 4), le32(b, 4), le32(b, 0), le32(b, 36);
    return b;
}

}  // namespace

TEST_CASE("a pcapng timestamp beyond 64-bit microseconds saturates instead of wrapping") {
    // 2^64 - 16 microseconds: libpcap gives 18446744073709 s, whose microseconds overflowed to -16 before the
    // fix.
    std::string path = test::write_temp("ts-overflow.pcapng", pcapng_with_timestamp(0xFFFFFFFFFFFFFFF0ULL));
    test::EventLog log;
    REQUIRE(cli::read_captures({path}, test::quiet_options(), log) == 0);
    std::remove(path.c_str());
    REQUIRE(log.first.has_value());
    constexpr Micros kYear3000 = 32'503'680'000LL * 1'000'000;
    CHECK(log.first->time > kYear3000);
}

TEST_CASE("an ordinary pcapng timestamp is read exactly") {
    std::uint64_t ts = 1'700'000'000'123'456ULL;
    std::string path = test::write_temp("ts-normal.pcapng", pcapng_with_timestamp(ts));
    test::EventLog log;
    REQUIRE(cli::read_captures({path}, test::quiet_options(), log) == 0);
    std::remove(path.c_str());
    REQUIRE(log.first.has_value());
    CHECK(log.first->time == static_cast<Micros>(ts));
}
