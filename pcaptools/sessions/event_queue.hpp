// Writing events with two threads (msrt events --threads 2). Formatting the lines is as much work as
// interpreting the messages they come from, so it is done by whichever thread would otherwise wait for the
// other: the reader while the pipeline's queue is full, the interpreter while it is empty (IdleWork in
// common/pipelined_events.hpp). The interpreter packs each event into a batch (common/record_bytes.hpp);
// full batches wait in order and are written one at a time. When batches pile up, the interpreter writes
// them itself, so that only a few ever wait and memory stays flat.
//
// Packed rather than copied as Event objects: an event's strings and vectors spread it over several cache
// lines, each of which then moved between the cores twice; packed, an event takes about two. An event's
// session goes with it (its state may be freed by the time the event is written), once per run of events.
#pragma once

#include <cstdint>
#include <vector>

#include "common/serial_queue.hpp"
#include "sessions/event_output.hpp"
#include "sessions/events.hpp"

namespace msrt::cli {

class EventQueue {
  public:
    // `writer` gets every event pushed, in order, from one thread at a time.
    explicit EventQueue(EventWriter& writer, std::size_t batch_bytes = 64u << 10,
                        std::size_t max_waiting = 8);

    // The interpreting thread: packs the event; a full batch joins the waiting ones, and while more than
    // `max_waiting` wait the oldest is written here.
    void push(const Event& e);
    // Either thread: writes the oldest batch waiting, unless none waits or the other thread is writing one
    // (with `wait`: then after it). Returns whether it wrote one.
    bool write_one(bool wait = false);
    // Once the interpreting thread is done: writes everything still queued, the last partial batch too.
    void finish();
    std::size_t waiting();  // full batches not written yet

  private:
    struct Batch {
        std::vector<std::uint8_t> bytes;
        std::size_t used = 0;
    };
    std::uint8_t* room(std::size_t n);  // where the next record of at most n octets goes
    void pack_session(const SessionInfo& s);
    void hand_over();  // the batch being filled joins the waiting ones
    void write(const Batch& b);

    EventWriter& writer_;
    std::size_t batch_bytes_;
    // The interpreter's.
    Batch filling_;
    std::vector<Batch> spare_;          // written batches, kept for their storage
    std::uint64_t packed_session_ = 0;  // the id of the session packed last
    bool have_packed_session_ = false;
    // The writing thread's (one at a time): batches are unpacked in order, so a session packed into one
    // still holds for the events of the next.
    Event event_;
    SessionInfo session_;
    SerialQueue<Batch> batches_;
};

}  // namespace msrt::cli
