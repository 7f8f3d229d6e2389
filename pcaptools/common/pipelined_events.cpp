#include "common/pipelined_events.hpp"

#include <system_error>

#include "common/record_bytes.hpp"

namespace msrt::cli {
namespace {

// Room for the fixed-size arguments of any record (its kind, direction, PacketRef, offsets, counts).
constexpr std::size_t kFixed = 64;
static_assert(1 + sizeof(session::UdpAuth) <= kFixed);

}  // namespace

// What a record in a batch is; the arguments follow it, packed.
enum class PipelinedEvents::Call : std::uint8_t {
    Session,  // the SessionInfo of the records that follow (recorded when it changes)
    CaptureBegin,
    CaptureEnd,
    Open,
    Message,
    MessageSamePacket,  // a Message in the packet of the Message before it: its PacketRef left out
    FramingError,
    Skipped,
    Gap,
    TransportNote,
    Close,
    Udp,
    InputProblem,
    Auth,
};

PipelinedEvents::PipelinedEvents(StreamEvents& sink, PipelineLimits limits, IdleWork idle)
    : sink_(sink), limits_(limits), idle_(std::move(idle)) {
    if (limits_.queue_batches == 0) limits_.queue_batches = 1;
    filling_.bytes.resize(limits_.batch_bytes + kFixed);
    try {
        consumer_ = std::thread([this] { consume(); });
    } catch (const std::system_error&) {
        finished_ = true;  // no thread to be had: the calls go to the sink directly
    }
}

PipelinedEvents::~PipelinedEvents() {
    stop_consumer();
}

void PipelinedEvents::stop_consumer() {
    if (!consumer_.joinable()) return;
    {
        std::lock_guard lock(mutex_);
        abandon_ = true;
    }
    ready_cv_.notify_all();
    consumer_.join();
}

void PipelinedEvents::finish() {
    if (finished_) return;
    finished_ = true;
    if (filling_.used) hand_over();
    {
        std::lock_guard lock(mutex_);
        closing_ = true;
    }
    ready_cv_.notify_all();
    consumer_.join();
    if (failed_) std::rethrow_exception(error_);
}

void PipelinedEvents::hand_over() {
    std::unique_lock lock(mutex_);
    auto room = [this] { return failed_ || ready_.size() < limits_.queue_batches; };
    while (!room()) {
        if (idle_.reader) {
            lock.unlock();
            bool worked = idle_.reader();
            lock.lock();
            if (worked) continue;
        }
        room_cv_.wait(lock, room);
    }
    if (failed_) {
        filling_.used = 0;
        std::rethrow_exception(error_);
    }
    ready_.push_back(std::move(filling_));
    if (!spare_.empty()) {
        filling_ = std::move(spare_.back());
        spare_.pop_back();
    } else {
        filling_ = Batch();
        filling_.bytes.resize(limits_.batch_bytes + kFixed);
    }
    filling_.used = 0;
    lock.unlock();
    ready_cv_.notify_one();
}

std::uint8_t* PipelinedEvents::room(std::size_t n) {
    if (filling_.used + n > filling_.bytes.size()) filling_.bytes.resize(filling_.used + n);
    return filling_.bytes.data() + filling_.used;
}

void PipelinedEvents::record_end(std::uint8_t* end) {
    filling_.used = static_cast<std::size_t>(end - filling_.bytes.data());
    if (filling_.used >= limits_.batch_bytes) hand_over();
}

// A record's session, unless it is the one recorded last: then the replay still has it. A session's id
// tells it (sessions are numbered 0, 1, 2 ... in order, stream_events.hpp), so endpoints are not compared.
std::uint8_t* PipelinedEvents::session(const SessionInfo& s, std::size_t more) {
    Out o(room(1 + session_bytes(s) + kFixed + more));
    if (have_last_session_ && s.id == last_session_) return o.end();
    o.put(Call::Session);
    o.session(s);
    last_session_ = s.id;
    have_last_session_ = true;
    return o.end();
}

void PipelinedEvents::on_capture_begin(const PacketRef& first) {
    if (finished_) return sink_.on_capture_begin(first);
    record_frame(Call::CaptureBegin, first);
}

void PipelinedEvents::on_capture_end(const PacketRef& last) {
    if (finished_) return sink_.on_capture_end(last);
    record_frame(Call::CaptureEnd, last);
}

// The capture's first or last frame, recorded alike.
void PipelinedEvents::record_frame(Call call, const PacketRef& at) {
    Out o(room(kFixed));
    o.put(call);
    o.put(at);
    record_end(o.end());
}

void PipelinedEvents::on_session_open(const SessionInfo& s, SessionStart how, const PacketRef& at) {
    if (finished_) return sink_.on_session_open(s, how, at);
    Out o(session(s, 0));
    o.put(Call::Open);
    o.put(how);
    o.put(at);
    record_end(o.end());
}

void PipelinedEvents::on_message(const SessionInfo& s, Direction d, const PacketRef& at, ByteView message,
                                 std::uint64_t stream_offset) {
    if (finished_) return sink_.on_message(s, d, at, message, stream_offset);
    Out o(session(s, message.size()));
    // A segment often carries several messages: their PacketRef is recorded once, a sixth of what the
    // records of a large capture took.
    bool same = at.frame == last_message_at_.frame && at.time == last_message_at_.time;
    o.put(same ? Call::MessageSamePacket : Call::Message);
    o.put(d);
    if (!same) {
        o.put(at);
        last_message_at_ = at;
    }
    o.put(stream_offset);
    o.bytes(message);
    record_end(o.end());
}

void PipelinedEvents::on_framing_error(const SessionInfo& s, Direction d, const PacketRef& at,
                                       const FramingError& e) {
    if (finished_) return sink_.on_framing_error(s, d, at, e);
    Out o(session(s, 0));
    o.put(Call::FramingError);
    o.put(d);
    o.put(at);
    o.put(e);
    record_end(o.end());
}

void PipelinedEvents::on_skipped(const SessionInfo& s, Direction d, const PacketRef& at,
                                 std::uint64_t stream_offset, std::uint64_t count) {
    if (finished_) return sink_.on_skipped(s, d, at, stream_offset, count);
    record_span(Call::Skipped, s, d, at, stream_offset, count);
}

void PipelinedEvents::on_gap(const SessionInfo& s, Direction d, const PacketRef& at,
                             std::uint64_t stream_offset, std::uint64_t count) {
    if (finished_) return sink_.on_gap(s, d, at, stream_offset, count);
    record_span(Call::Gap, s, d, at, stream_offset, count);
}

// Skipped and gap octets are recorded alike: where in the stream, and how many.
void PipelinedEvents::record_span(Call call, const SessionInfo& s, Direction d, const PacketRef& at,
                                  std::uint64_t stream_offset, std::uint64_t count) {
    Out o(session(s, 0));
    o.put(call);
    o.put(d);
    o.put(at);
    o.put(stream_offset);
    o.put(count);
    record_end(o.end());
}

void PipelinedEvents::on_transport_note(const SessionInfo& s, Direction d, const PacketRef& at,
                                        const std::string& note) {
    if (finished_) return sink_.on_transport_note(s, d, at, note);
    Out o(session(s, note.size()));
    o.put(Call::TransportNote);
    o.put(d);
    o.put(at);
    o.text(note);
    record_end(o.end());
}

void PipelinedEvents::on_session_close(const SessionInfo& s, SessionEnd how, const PacketRef& at) {
    if (finished_) return sink_.on_session_close(s, how, at);
    Out o(session(s, 0));
    o.put(Call::Close);
    o.put(how);
    o.put(at);
    record_end(o.end());
}

void PipelinedEvents::on_udp_lisp(const UdpLisp& u, const PacketRef& at) {
    if (finished_) return sink_.on_udp_lisp(u, at);
    Out o(room(kFixed + 2 * kEndpointBytes + u.src.ip.name.size() + u.dst.ip.name.size() + u.payload.size()));
    o.put(Call::Udp);
    o.endpoint(u.src);
    o.endpoint(u.dst);
    o.bytes(u.payload);
    o.put(at);
    record_end(o.end());
}

void PipelinedEvents::on_session_auth(const SessionInfo& s, const session::UdpAuth& auth) {
    if (finished_) return sink_.on_session_auth(s, auth);
    Out o(session(s, 0));
    o.put(Call::Auth);
    o.put(auth);
    record_end(o.end());
}

void PipelinedEvents::on_input_problem(const PacketRef& at, const std::string& what) {
    if (finished_) return sink_.on_input_problem(at, what);
    Out o(room(kFixed + what.size()));
    o.put(Call::InputProblem);
    o.put(at);
    o.text(what);
    record_end(o.end());
}

void PipelinedEvents::consume() {
    for (;;) {
        Batch batch;
        try {
            std::unique_lock lock(mutex_);
            auto ready = [this] { return abandon_ || closing_ || !ready_.empty(); };
            while (!ready()) {
                if (idle_.consumer) {
                    lock.unlock();
                    bool worked = idle_.consumer();
                    lock.lock();
                    if (worked) continue;
                }
                ready_cv_.wait(lock, ready);
            }
            if (abandon_ || ready_.empty()) return;
            batch = std::move(ready_.front());
            ready_.pop_front();
            lock.unlock();
            room_cv_.notify_one();
            replay(batch);
        } catch (...) {
            {
                std::lock_guard lock(mutex_);
                failed_ = true;
                error_ = std::current_exception();
                ready_.clear();
            }
            room_cv_.notify_all();
            return;
        }
        batch.used = 0;
        std::lock_guard lock(mutex_);
        spare_.push_back(std::move(batch));
    }
}

void PipelinedEvents::replay(const Batch& b) {
    // Kept across batches: the session of a record may have been recorded in an earlier one.
    SessionInfo& s = replay_session_;
    UdpLisp& u = replay_udp_;
    std::string& text = replay_text_;
    Cursor c(b.bytes, b.used);
    while (c.more()) {
        Call call = c.get<Call>();
        switch (call) {
            case Call::Session:
                c.session(s);
                break;
            case Call::CaptureBegin:
                sink_.on_capture_begin(c.get<PacketRef>());
                break;
            case Call::CaptureEnd:
                sink_.on_capture_end(c.get<PacketRef>());
                break;
            case Call::Open: {
                auto how = c.get<SessionStart>();
                sink_.on_session_open(s, how, c.get<PacketRef>());
                break;
            }
            case Call::Message:
            case Call::MessageSamePacket: {
                auto d = c.get<Direction>();
                if (call == Call::Message) replay_message_at_ = c.get<PacketRef>();
                auto offset = c.get<std::uint64_t>();
                sink_.on_message(s, d, replay_message_at_, c.bytes(), offset);
                break;
            }
            case Call::FramingError: {
                auto d = c.get<Direction>();
                auto at = c.get<PacketRef>();
                sink_.on_framing_error(s, d, at, c.get<FramingError>());
                break;
            }
            case Call::Skipped:
            case Call::Gap: {
                auto d = c.get<Direction>();
                auto at = c.get<PacketRef>();
                auto offset = c.get<std::uint64_t>();
                auto count = c.get<std::uint64_t>();
                if (call == Call::Gap)
                    sink_.on_gap(s, d, at, offset, count);
                else
                    sink_.on_skipped(s, d, at, offset, count);
                break;
            }
            case Call::TransportNote: {
                auto d = c.get<Direction>();
                auto at = c.get<PacketRef>();
                c.text(text);
                sink_.on_transport_note(s, d, at, text);
                break;
            }
            case Call::Close: {
                auto how = c.get<SessionEnd>();
                sink_.on_session_close(s, how, c.get<PacketRef>());
                break;
            }
            case Call::Udp: {
                c.endpoint(u.src);
                c.endpoint(u.dst);
                u.payload = c.bytes();
                sink_.on_udp_lisp(u, c.get<PacketRef>());
                break;
            }
            case Call::Auth:
                sink_.on_session_auth(s, c.get<session::UdpAuth>());
                break;
            case Call::InputProblem: {
                auto at = c.get<PacketRef>();
                c.text(text);
                sink_.on_input_problem(at, text);
                break;
            }
        }
    }
}

}  // namespace msrt::cli
