// EventQueue (sessions/event_queue.hpp): events packed on one thread and written on whichever is idle come
// out exactly as writing each at once would give them, in every format, whatever the batch size, with
// sessions changing inside and across batches and a second thread writing batches meanwhile.
#include <atomic>
#include <catch2/catch.hpp>
#include <cstdio>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "event_timeline.hpp"
#include "sessions/event_queue.hpp"

using namespace msrt;
using namespace msrt::cli;
using namespace msrt::cli::test;

namespace {

// Pushed through a queue while another thread writes whatever batch waits, as the reader does.
std::string queued(const Timeline& t, Format format, std::size_t batch_bytes, std::size_t max_waiting) {
    return written(format, [&](EventWriter& w) {
        EventQueue q(w, batch_bytes, max_waiting);
        std::atomic<bool> done{false};
        std::thread other([&] {
            while (!done)
                if (!q.write_one()) std::this_thread::yield();
        });
        for (const Event& e : t.events)
            q.push(e);
        done = true;
        other.join();
        q.finish();
    });
}

}  // namespace

TEST_CASE("Event queue: the lines are those written directly, in every format and batch size") {
    Timeline t(3000);
    for (Format format : {Format::Json, Format::Csv, Format::Table}) {
        std::string expected = directly(t, format);
        REQUIRE(expected.size() > 3000 * 40);
        for (std::size_t batch :
             {std::size_t{1}, std::size_t{200}, std::size_t{4096}, std::size_t{1} << 20}) {
            INFO("format " << static_cast<int>(format) << ", batch " << batch << " octets");
            CHECK(queued(t, format, batch, 2) == expected);
        }
    }
}

TEST_CASE("Event queue: with no thread to help, pushing writes what waits beyond the bound") {
    Timeline t(2000);
    std::string expected = directly(t, Format::Json);
    std::size_t most_waiting = 0;
    std::string out = written(Format::Json, [&](EventWriter& w) {
        EventQueue q(w, 128, 3);
        for (const Event& e : t.events) {
            q.push(e);
            most_waiting = std::max(most_waiting, q.waiting());
        }
        q.finish();
        CHECK(q.waiting() == 0);
    });
    CHECK(out == expected);
    CHECK(most_waiting == 3);
}
