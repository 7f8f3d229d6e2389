// Writing ended sessions on the reading thread (msrt sessions with --threads 2). Interpreting the captures
// is the heavier of the two threads; formatting the sessions (JSON, CSV, tables: as many octets as the
// capture) is moved to the lighter one, which does it between the batches it hands over
// (PipelinedEvents::set_reader_work), in the order the sessions ended.
//
// The sessions come back to be freed on the interpreting thread, which made them: their table nodes come
// from that thread's pools (msrt/session/node_pool.hpp), and freeing them elsewhere would not recycle the
// memory. The reader writes what is waiting each time it hands a batch over, and the interpreter is at most
// the pipeline's queue ahead of it, so what waits is bounded by what a few batches of capture can end.
#pragma once

#include <memory>
#include <mutex>
#include <vector>

#include "sessions/collector.hpp"

namespace msrt::cli {

class SessionOutputQueue {
  public:
    // `writer` sees on_session_end() of every session pushed, in order, on the thread calling write().
    explicit SessionOutputQueue(SessionObserver& writer) : writer_(writer) {}

    // The interpreting thread: queues an ended session, and frees those written since the last call.
    void push(std::unique_ptr<SessionState> s);
    // The reading thread: writes the sessions waiting; they go back to be freed by push().
    void write();
    // Once the interpreting thread is done: writes what waits and frees everything, on the calling thread.
    void finish();

  private:
    SessionObserver& writer_;
    std::mutex mutex_;
    std::vector<std::unique_ptr<SessionState>> waiting_, written_;
    std::vector<std::unique_ptr<SessionState>> writing_;  // write()'s, kept for its capacity
};

}  // namespace msrt::cli
