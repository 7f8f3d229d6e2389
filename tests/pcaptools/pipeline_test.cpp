// PipelinedEvents (common/pipelined_events.hpp): the sink sees, on another thread, exactly the calls it would
// see directly; a sink that throws stops the reader instead of leaving it waiting.
#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>
#include <stdexcept>

#include "common/capture_reader.hpp"
#include "common/pipelined_events.hpp"
#include "sessions/udp_auth_stage.hpp"

using namespace msrt;
namespace fs = std::filesystem;

namespace {

// Every call with every argument, as one line of text.
class Transcript : public cli::StreamEvents {
  public:
    void on_capture_begin(const cli::PacketRef& at) override { line("begin", at); }
    void on_capture_end(const cli::PacketRef& at) override { line("end", at); }
    void on_session_open(const cli::SessionInfo& s, cli::SessionStart how,
                         const cli::PacketRef& at) override {
        line("open", at, &s);
        text += std::to_string(static_cast<int>(how));
    }
    void on_message(const cli::SessionInfo& s, cli::Direction d, const cli::PacketRef& at, ByteView message,
                    std::uint64_t offset) override {
        line("message", at, &s, d);
        text += std::to_string(offset) + " " + hex(message);
    }
    void on_framing_error(const cli::SessionInfo& s, cli::Direction d, const cli::PacketRef& at,
                          const FramingError& e) override {
        line("framing", at, &s, d);
        text += std::to_string(e.offset) + " " + std::to_string(static_cast<int>(e.problem)) + " " +
                std::to_string(e.value);
    }
    void on_skipped(const cli::SessionInfo& s, cli::Direction d, const cli::PacketRef& at,
                    std::uint64_t offset, std::uint64_t count) override {
        line("skipped", at, &s, d);
        text += std::to_string(offset) + " " + std::to_string(count);
    }
    void on_gap(const cli::SessionInfo& s, cli::Direction d, const cli::PacketRef& at, std::uint64_t offset,
                std::uint64_t count) override {
        line("gap", at, &s, d);
        text += std::to_string(offset) + " " + std::to_string(count);
    }
    void on_transport_note(const cli::SessionInfo& s, cli::Direction d, const cli::PacketRef& at,
                           const std::string& note) override {
        line("note", at, &s, d);
        text += note;
    }
    void on_session_close(const cli::SessionInfo& s, cli::SessionEnd how, const cli::PacketRef& at) override {
        line("close", at, &s);
        text += std::to_string(static_cast<int>(how));
    }
    void on_udp_lisp(const cli::UdpLisp& u, const cli::PacketRef& at) override {
        line("udp", at);
        text += u.src.str() + " " + u.dst.str() + " " + hex(u.payload);
    }
    void on_session_auth(const cli::SessionInfo& s, const session::UdpAuth& a) override {
        line("auth", cli::PacketRef{a.register_frame, a.register_at}, &s);
        text += std::to_string(a.r_bit) + " " + std::to_string(a.nonce) + " " + std::to_string(a.map_notify) +
                " " + std::to_string(a.notify_at);
    }
    void on_input_problem(const cli::PacketRef& at, const std::string& what) override {
        line("problem", at);
        text += what;
    }

    std::string text;
    std::size_t calls = 0;

  protected:
    virtual void called() {}

  private:
    void line(const char* what, const cli::PacketRef& at, const cli::SessionInfo* s = nullptr,
              std::optional<cli::Direction> d = std::nullopt) {
        called();
        ++calls;
        text += "\n";
        text += what;
        text += " #" + std::to_string(at.frame) + " " + std::to_string(at.time) + " ";
        if (s) text += std::to_string(s->id) + " " + s->etr.str() + " " + s->ms.str() + " ";
        if (d) text += std::string(direction_key(*d)) + " ";
    }
    static std::string hex(ByteView b) {
        static const char* digits = "0123456789abcdef";
        std::string s;
        for (std::uint8_t c : b) {
            s += digits[c >> 4];
            s += digits[c & 15];
        }
        return s;
    }
};

// Throws at its n-th call.
class Failing : public Transcript {
  public:
    explicit Failing(std::size_t n) : n_(n) {}

  protected:
    void called() override {
        if (calls + 1 == n_) throw std::runtime_error("sink failed");
    }

  private:
    std::size_t n_;
};

std::vector<std::string> samples() {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(fs::path(MSRT_SOURCE_DIR) / "samples")) {
        std::string ext = e.path().extension().string();
        if (ext == ".pcap" || ext == ".pcapng") out.push_back(e.path().string());
    }
    std::sort(out.begin(), out.end());
    return out;
}

cli::ReaderOptions quiet() {
    cli::ReaderOptions o;
    o.progress = false;
    return o;
}

// Through the UDP authentication stage, as the session commands read: its on_session_auth calls are
// replayed too.
std::string direct(const std::vector<std::string>& inputs) {
    Transcript t;
    cli::UdpAuthStage stage(t, true);
    REQUIRE(cli::read_captures(inputs, quiet(), stage) == 0);
    return t.text;
}

std::string pipelined(const std::vector<std::string>& inputs, cli::PipelineLimits limits) {
    Transcript t;
    cli::PipelinedEvents p(t, limits);
    cli::UdpAuthStage stage(p, true);
    REQUIRE(cli::read_captures(inputs, quiet(), stage) == 0);
    p.finish();
    return t.text;
}

}  // namespace

TEST_CASE("pipelined events: every sample replays call for call, whatever the batch size") {
    std::vector<std::string> all = samples();
    REQUIRE(all.size() >= 10);
    for (const std::string& path : all) {
        INFO(path);
        std::string want = direct({path});
        CHECK(pipelined({path}, {}) == want);
        CHECK(pipelined({path}, {1, 1}) == want);     // one call per batch, one batch queued
        CHECK(pipelined({path}, {4096, 2}) == want);  // records spanning the session-change marks
    }
    // Several inputs merged, as the commands take them.
    std::string want = direct(all);
    CHECK(pipelined(all, {1000, 3}) == want);
    CHECK(want.find("\nauth ") != std::string::npos);  // the samples' UDP authentications took part
    CHECK(want.rfind("\nend #") == want.rfind('\n'));  // and the capture's end came last, through the stage
}

TEST_CASE("pipelined events: calls after finish() go straight to the sink") {
    Transcript t;
    cli::PipelinedEvents p(t);
    p.on_input_problem(cli::PacketRef{1, 2}, "before");
    p.finish();
    CHECK(t.calls == 1);
    p.on_input_problem(cli::PacketRef{3, 4}, "after");
    CHECK(t.calls == 2);
    CHECK(t.text == "\nproblem #1 2 before\nproblem #3 4 after");
}

TEST_CASE("pipelined events: a sink that throws stops the reader, which rethrows it (no hang)") {
    std::string path = (fs::path(MSRT_SOURCE_DIR) / "samples" / "mixed.pcapng").string();
    Transcript counter;
    REQUIRE(cli::read_captures({path}, quiet(), counter) == 0);
    REQUIRE(counter.calls > 60);
    for (std::size_t at : {std::size_t{1}, std::size_t{50}, counter.calls}) {
        for (cli::PipelineLimits limits : {cli::PipelineLimits{1, 1}, cli::PipelineLimits{}}) {
            INFO("throws at call " << at << ", batches of " << limits.batch_bytes);
            Failing sink(at);
            cli::PipelinedEvents p(sink, limits);
            CHECK_THROWS_WITH(
                [&] {
                    cli::read_captures({path}, quiet(), p);
                    p.finish();
                }(),
                "sink failed");
            CHECK(sink.calls == at - 1);
        }
    }
}

TEST_CASE("pipelined events: abandoned without finish() (the reader threw), it stops its thread") {
    std::string path = (fs::path(MSRT_SOURCE_DIR) / "samples" / "mixed.pcapng").string();
    Transcript t;
    {
        cli::PipelinedEvents p(t, {1, 1});
        REQUIRE(cli::read_captures({path}, quiet(), p) == 0);
    }  // destroyed with batches queued: must return
    SUCCEED();
}

TEST_CASE("pipelined events: idle work is done by whichever side waits, and the replay is unchanged") {
    std::string path = (fs::path(MSRT_SOURCE_DIR) / "samples" / "segmentation.pcapng").string();
    std::string want = direct({path});
    for (cli::PipelineLimits limits : {cli::PipelineLimits{1, 1}, cli::PipelineLimits{512, 2}}) {
        std::atomic<int> left{100000}, by_reader{0}, by_consumer{0};
        auto work = [&left](std::atomic<int>& done) {
            if (left.fetch_sub(1) <= 0) return false;
            ++done;
            return true;
        };
        Transcript t;
        cli::PipelinedEvents p(t, limits,
                               {[&] { return work(by_reader); }, [&] { return work(by_consumer); }});
        cli::UdpAuthStage stage(p, true);
        REQUIRE(cli::read_captures({path}, quiet(), stage) == 0);
        p.finish();
        CHECK(t.text == want);
        CHECK(by_reader + by_consumer <= 100000);
    }
}
