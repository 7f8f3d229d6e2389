// Writing ended sessions with two threads (msrt sessions --threads 2). Rendering them (JSON, CSV, tables: as
// many octets as the capture) is done by whichever thread would otherwise wait for the other: the reader
// while the pipeline's queue is full, the interpreter while it is empty (IdleWork in
// common/pipelined_events.hpp). Both may render at once, each its own session with its own renderer; the
// texts go out in the order the sessions ended. When sessions pile up, the interpreter renders them itself,
// so that only a few ever wait. A large session's text is handed over in parts as it is rendered
// (common/text_spill.hpp): once the sessions before it are out, each part goes straight out; until then its
// renderer waits, so that no thread holds more than a part.
//
// Sessions are freed on the interpreting thread, which made them: their nodes come from that thread's pools
// (msrt/session/node_pool.hpp), where freeing them elsewhere would not return them. The rest go back to the
// interpreter, which frees them on its next push().
#pragma once

#include <condition_variable>
#include <cstdio>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/text_spill.hpp"
#include "sessions/collector.hpp"

namespace msrt::cli {

// Renders a session's text into `out`, handing it to `spill` in parts as it grows; `renderer` 0 or 1, one per
// thread that may render at the same time.
class SessionRenderer {
  public:
    virtual ~SessionRenderer() = default;
    virtual void render(const SessionState& s, std::string& out, unsigned renderer, TextSpill& spill) = 0;
};

class SessionOutputQueue {
  public:
    SessionOutputQueue(SessionRenderer& renderer, std::FILE* out, std::size_t max_waiting = 16)
        : renderer_(renderer), out_(out), max_waiting_(max_waiting) {}

    // The interpreting thread: queues an ended session, frees the sessions written since, and renders
    // sessions itself while more than `max_waiting` wait.
    void push(std::unique_ptr<SessionState> s);
    // Either thread: renders the oldest session no thread has taken, then writes whatever is rendered in
    // order. Returns whether there was one.
    bool write_one();
    // Once the interpreting thread is done: writes the sessions still waiting, and frees them all.
    void finish();

  private:
    struct Slot {
        std::unique_ptr<SessionState> session;
        std::string text;
        bool done = false;  // rendered
    };
    class SlotSpill;
    void write_rendered();  // the rendered sessions at the front, in order
    bool front_rendered();
    void spill(const Slot& slot, std::string& text);  // once `slot` is at the front

    SessionRenderer& renderer_;
    std::FILE* out_;
    std::size_t max_waiting_;
    std::mutex writing_;                  // held while texts are written out
    std::mutex mutex_;                    // the members below
    std::condition_variable written_cv_;  // texts were written out
    std::thread::id interpreter_;
    std::deque<Slot> slots_;  // in the order the sessions ended; references stay valid as it grows
    std::size_t taken_ = 0;   // the first `taken_` slots are rendered or being rendered
    std::vector<std::string> spare_texts_;                // written texts, kept for their storage
    std::vector<std::unique_ptr<SessionState>> written_;  // to be freed by the interpreter
};

}  // namespace msrt::cli
