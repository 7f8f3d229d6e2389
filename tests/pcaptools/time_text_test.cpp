// The time texts of the tools against gmtime/strftime and printf, written here independently: iso_text and
// append_seconds render without them (and iso_text caches the date per second).
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>
#include <ctime>
#include <random>

#include "sessions/time_text.hpp"

using namespace msrt;

namespace {

std::string reference_iso(Micros t) {
    std::int64_t s = t / 1'000'000, us = t % 1'000'000;
    if (us < 0) {
        s -= 1;
        us += 1'000'000;
    }
    std::time_t tt = static_cast<std::time_t>(s);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    char day[64], out[96];
    std::strftime(day, sizeof day, "%Y-%m-%dT%H:%M:%S", &tm);
    std::snprintf(out, sizeof out, "%s.%06lldZ", day, static_cast<long long>(us));
    return out;
}

std::string reference_seconds(Micros d) {
    char out[64];
    std::snprintf(out, sizeof out, "%.6f", static_cast<double>(d) / 1e6);
    return out;
}

std::string seconds(Micros d) {
    std::string s = "x";  // appends
    cli::append_seconds(s, d);
    return s.substr(1);
}

}  // namespace

TEST_CASE("iso_text: as gmtime and strftime give it, within a second, across seconds and before 1970") {
    CHECK(cli::iso_text(0) == "1970-01-01T00:00:00.000000Z");
    CHECK(cli::iso_text(-1) == "1969-12-31T23:59:59.999999Z");
    std::mt19937_64 rng(7);
    Micros t = 1'700'000'000'000'000;
    for (int i = 0; i < 20000; ++i) {
        t += static_cast<Micros>(rng() % 300'000);  // several per second, then the next second
        if (i % 1000 == 0) t = static_cast<Micros>(rng() % 4'000'000'000'000'000) - 1'000'000'000'000'000;
        INFO(t);
        REQUIRE(cli::iso_text(t) == reference_iso(t));
    }
}

TEST_CASE("epoch_text and epoch_chars: as printf gives them, with seconds revisited out of order") {
    // A registration's times are visited in key order: seconds repeat, interleave and collide in the
    // per-second cache (16 slots), and negative times share slots with positive ones.
    auto reference = [](Micros t) {
        std::int64_t s = t / 1'000'000, us = t % 1'000'000;
        if (us < 0) {
            s -= 1;
            us += 1'000'000;
        }
        char out[64];
        std::snprintf(out, sizeof out, "%lld.%06lld", static_cast<long long>(s), static_cast<long long>(us));
        return std::string(out);
    };
    std::mt19937_64 rng(5);
    const Micros base = 1'767'264'160'000'000;
    for (int i = 0; i < 20000; ++i) {
        Micros t = base + static_cast<Micros>(rng() % 40'000'000);  // 40 seconds: slots are shared
        if (i % 7 == 0) t = -t / 3;
        INFO(t);
        REQUIRE(cli::epoch_text(t) == reference(t));
        char buf[40];
        std::fill(std::begin(buf), std::end(buf), '#');
        char* end = cli::epoch_chars(buf, t);
        REQUIRE(std::string(buf, end) == reference(t));
        REQUIRE(std::string(buf + 28, buf + 40) == std::string(12, '#'));  // room promised: 28
    }
}

TEST_CASE("append_seconds: a signed duration as printf %.6f prints it") {
    for (Micros d : {Micros{0}, Micros{1}, Micros{427}, Micros{-427}, Micros{999'999}, Micros{1'000'000},
                     Micros{-1'000'000}, Micros{12'500'000}, Micros{-12'500'001}})
        CHECK(seconds(d) == reference_seconds(d));
    std::mt19937_64 rng(11);
    for (int i = 0; i < 20000; ++i) {
        auto d = static_cast<Micros>(rng() % 2'000'000'000'000) - 1'000'000'000'000;
        INFO(d);
        REQUIRE(seconds(d) == reference_seconds(d));
    }
    CHECK(seconds(std::numeric_limits<Micros>::min()) == "-9223372036854.775808");
}
