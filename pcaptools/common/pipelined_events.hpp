// A StreamEvents that runs another one on a second thread, so that reading the captures (libpcap, IP/TCP
// reassembly, framing) and interpreting them (decoding, session tracking, output) share two cores.
//
// Each call is recorded, with a copy of its byte views and strings, into a batch of a few hundred kB. Full
// batches go through a bounded queue (a few batches: memory stays flat) to a consumer thread that replays
// them into the sink in the same order, so the sink sees exactly the calls, arguments and order it would see
// directly. The sink must not be touched by the caller until finish() returned.
//
// If the sink throws, the consumer stops and the next call that would wait for room in the queue (or
// finish()) rethrows that exception on the calling thread: the reader never waits for a consumer that died.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "common/stream_events.hpp"

namespace msrt::cli {

struct PipelineLimits {
    std::size_t batch_bytes = 128u << 10;  // a batch is handed over once it holds this much
    std::size_t queue_batches = 4;         // full batches waiting for the consumer, at most
};

// Work that either thread may do (writing out what the sink finished with), given to the one that would
// otherwise wait: `reader` runs on the calling thread while the queue is full, `consumer` on the consumer
// thread while it is empty. Each returns whether it did some (then the queue is looked at again) or not
// (then the thread waits).
struct IdleWork {
    std::function<bool()> reader, consumer;
};

// How far apart what one thread writes must be from what the other reads: two cache lines, not one. The
// cores prefetch lines in adjacent pairs, so a neighbour on the next line still made the reader's loads of
// this object's vtable miss (a fifth of the reader's samples in perf with 64, a fourteenth with 128).
inline constexpr std::size_t kApart = 128;

// With what each thread writes kApart from the rest: the reader reads this object's vtable and sink for
// every call while the consumer writes its replay state.
class alignas(kApart) PipelinedEvents final : public StreamEvents {
  public:
    explicit PipelinedEvents(StreamEvents& sink, PipelineLimits limits = {}, IdleWork idle = {});
    // Without finish(): what is still queued is dropped and the consumer thread stopped.
    ~PipelinedEvents() override;
    PipelinedEvents(const PipelinedEvents&) = delete;
    PipelinedEvents& operator=(const PipelinedEvents&) = delete;

    // Hands over what is recorded, waits until the sink has seen all of it, and rethrows the sink's
    // exception if it threw. Afterwards calls go to the sink directly, on the calling thread.
    void finish();
    void on_capture_begin(const PacketRef& first) override;
    void on_capture_end(const PacketRef& last) override;
    void on_session_open(const SessionInfo& s, SessionStart how, const PacketRef& at) override;
    void on_message(const SessionInfo& s, Direction d, const PacketRef& at, ByteView message,
                    std::uint64_t stream_offset) override;
    void on_framing_error(const SessionInfo& s, Direction d, const PacketRef& at,
                          const FramingError& e) override;
    void on_skipped(const SessionInfo& s, Direction d, const PacketRef& at, std::uint64_t stream_offset,
                    std::uint64_t count) override;
    void on_gap(const SessionInfo& s, Direction d, const PacketRef& at, std::uint64_t stream_offset,
                std::uint64_t count) override;
    void on_transport_note(const SessionInfo& s, Direction d, const PacketRef& at,
                           const std::string& note) override;
    void on_session_close(const SessionInfo& s, SessionEnd how, const PacketRef& at) override;
    void on_udp_lisp(const UdpLisp& u, const PacketRef& at) override;
    void on_session_auth(const SessionInfo& s, const session::UdpAuth& auth) override;
    void on_input_problem(const PacketRef& at, const std::string& what) override;

  private:
    enum class Call : std::uint8_t;  // the kind of a recorded call (pipelined_events.cpp)
    struct Batch {
        std::vector<std::uint8_t> bytes;  // sized once: records are written into it through pointers
        std::size_t used = 0;
    };

    // Recording (the calling thread).
    std::uint8_t* room(std::size_t n);  // where to write a record of at most n octets
    // Room for a record of a session with `more` variable octets, after the session itself if it changed.
    std::uint8_t* session(const SessionInfo& s, std::size_t more);
    void record_end(std::uint8_t* end);  // the record ends at `end`; hands the batch over when it is full
    void record_frame(Call call, const PacketRef& at);
    void record_span(Call call, const SessionInfo& s, Direction d, const PacketRef& at,
                     std::uint64_t stream_offset, std::uint64_t count);
    void hand_over();
    void stop_consumer();

    // Replaying (the consumer thread).
    void consume();
    void replay(const Batch& b);

    StreamEvents& sink_;
    PipelineLimits limits_;
    alignas(kApart) SessionInfo replay_session_;  // the consumer's: the session of the records it replays
    PacketRef replay_message_at_;                 // and the packet of the Message replayed last
    UdpLisp replay_udp_;
    std::string replay_text_;
    alignas(kApart) Batch filling_;
    IdleWork idle_;
    std::uint64_t last_session_ = 0;                   // the id of the session recorded last
    PacketRef last_message_at_{~std::uint64_t{0}, 0};  // the packet of the Message recorded last
    bool have_last_session_ = false;
    bool finished_ = false;

    alignas(kApart) std::mutex mutex_;
    std::condition_variable ready_cv_;  // the consumer waits for a batch
    std::condition_variable room_cv_;   // the reader waits for room in the queue
    std::deque<Batch> ready_;           // full batches, in order
    std::vector<Batch> spare_;          // replayed batches, kept for their capacity
    bool closing_ = false;              // no batch will come after those queued
    bool abandon_ = false;              // stop without replaying what is queued
    bool failed_ = false;               // the sink threw: `error_`
    std::exception_ptr error_;
    std::thread consumer_;
};

}  // namespace msrt::cli
