// Writing ended sessions with two threads (msrt sessions --threads 2): formatting them (JSON, CSV, tables:
// as many octets as the capture) is done by whichever thread would otherwise wait for the other: the reader
// while the pipeline's queue is full, the interpreter while it is empty (IdleWork in
// common/pipelined_events.hpp); one session at a time, in the order they ended. When neither waits and
// sessions pile up, the interpreter writes them itself, so that only a few ever wait.
//
// Sessions are freed on the interpreting thread, which made them: their nodes come from that thread's pools
// (msrt/session/node_pool.hpp), where freeing them elsewhere would not return them. Those the reader wrote
// go back to the interpreter, which frees them on its next push().
#pragma once

#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "sessions/collector.hpp"

namespace msrt::cli {

class SessionOutputQueue {
  public:
    // `writer` sees on_session_end() of every session pushed, in order, one at a time.
    explicit SessionOutputQueue(SessionObserver& writer, std::size_t max_waiting = 16)
        : writer_(writer), max_waiting_(max_waiting) {}

    // The interpreting thread: queues an ended session, frees the sessions the reader wrote, and writes
    // sessions itself while more than `max_waiting` wait.
    void push(std::unique_ptr<SessionState> s);
    // Either thread: writes the oldest session waiting, unless none waits or the other thread is writing
    // one. Returns whether it wrote one.
    bool write_one();
    // Once the interpreting thread is done: writes the sessions still waiting, and frees them all.
    void finish();

  private:
    SessionObserver& writer_;
    std::size_t max_waiting_;
    std::mutex writing_;  // held while a session is written
    std::mutex mutex_;    // the members below
    std::thread::id interpreter_;
    std::deque<std::unique_ptr<SessionState>> waiting_;
    std::vector<std::unique_ptr<SessionState>> written_;  // by the reader, to be freed by the interpreter
};

}  // namespace msrt::cli
