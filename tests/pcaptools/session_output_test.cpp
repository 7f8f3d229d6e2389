// SessionOutputQueue (sessions/session_output.hpp): sessions rendered by two threads at once, of unequal
// cost, come out whole and in the order they ended; no renderer is used by two threads at the same time.
// Large ones are handed over in parts while they are rendered, and still come out whole and in order.
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>

#include "sessions/session_output.hpp"

using namespace msrt;
using namespace msrt::cli;

namespace {

// How many lines session `id` has: unequal, so that renders take unequal time; every 97th several spills'
// worth.
std::uint64_t lines_of(std::uint64_t id) {
    return id % 97 == 5 ? 3 * TextSpill::kSize / 4 : 1 + id % 7 * 40;
}
// The session before each large one is slow to render: the large one, rendered meanwhile by the other
// thread, must wait before its first part goes out.
bool slow(std::uint64_t id) {
    return id % 97 == 4;
}

// A session's text: its id on each of its lines.
class NumberedRenderer : public SessionRenderer {
  public:
    void render(const SessionState& s, std::string& out, unsigned renderer, TextSpill& spill) override {
        REQUIRE(renderer < 2);
        if (busy_[renderer].exchange(true)) shared_ = true;
        if (slow(s.id)) std::this_thread::sleep_for(std::chrono::milliseconds(20));
        for (std::uint64_t line = 0; line < lines_of(s.id); ++line) {
            out += std::to_string(s.id) + "\n";
            if (out.size() >= TextSpill::kSize) {
                spill.spill(out);
                ++spills_;
                if (!out.empty()) kept_ = true;
            }
        }
        ++renders_[renderer];
        busy_[renderer] = false;
    }
    bool shared() const { return shared_; }
    unsigned renders(unsigned r) const { return renders_[r]; }
    unsigned spills() const { return spills_; }
    bool kept() const { return kept_; }  // some text was not taken by a spill

  private:
    std::atomic<bool> busy_[2] = {false, false};
    std::atomic<bool> shared_{false}, kept_{false};
    std::atomic<unsigned> renders_[2] = {0, 0}, spills_{0};
};

std::string expected_text(std::uint64_t sessions) {
    std::string text;
    for (std::uint64_t id = 0; id < sessions; ++id)
        for (std::uint64_t line = 0; line < lines_of(id); ++line)
            text += std::to_string(id) + "\n";
    return text;
}

std::string read_all(std::FILE* f) {
    std::fflush(f);
    std::string out(static_cast<std::size_t>(std::ftell(f)), '\0');
    std::rewind(f);
    REQUIRE(std::fread(out.data(), 1, out.size(), f) == out.size());
    return out;
}

}  // namespace

TEST_CASE("Session output: two threads render at once, the sessions go out whole and in order") {
    constexpr std::uint64_t kSessions = 3000;
    std::FILE* f = std::tmpfile();
    REQUIRE(f);
    NumberedRenderer renderer;
    {
        SessionOutputQueue queue(renderer, f, 4);
        std::atomic<bool> done{false};
        // The reader: renders whatever waits, as it does while the pipeline's queue is full.
        std::thread reader([&] {
            while (!done)
                if (!queue.write_one()) std::this_thread::yield();
        });
        // The interpreter: sessions end one after another.
        std::thread interpreter([&] {
            SessionInfo info;
            for (std::uint64_t id = 0; id < kSessions; ++id) {
                info.id = id;
                queue.push(std::make_unique<SessionState>(default_profile(), info));
            }
        });
        interpreter.join();
        done = true;
        reader.join();
        queue.finish();
    }
    CHECK(read_all(f) == expected_text(kSessions));
    CHECK_FALSE(renderer.shared());
    CHECK(renderer.renders(0) + renderer.renders(1) == kSessions);
    CHECK(renderer.spills() >= 30);  // 31 large sessions, each at least one spill's worth
    CHECK_FALSE(renderer.kept());
    std::fclose(f);
}

TEST_CASE("Session output: on one thread, finish() writes everything still waiting") {
    std::FILE* f = std::tmpfile();
    REQUIRE(f);
    NumberedRenderer renderer;
    SessionOutputQueue queue(renderer, f, 1000);
    SessionInfo info;
    for (std::uint64_t id = 0; id < 50; ++id) {
        info.id = id;
        queue.push(std::make_unique<SessionState>(default_profile(), info));
    }
    CHECK(read_all(f).empty());  // below the bound, nothing was rendered yet
    queue.finish();
    CHECK(read_all(f) == expected_text(50));
    std::fclose(f);
}
