#include "common/pipelined_events.hpp"

#include <cstring>
#include <system_error>
#include <type_traits>

namespace msrt::cli {
namespace {

// What a record in a batch is; the arguments follow it, packed.
enum class Call : std::uint8_t {
    Session,  // the SessionInfo of the records that follow (recorded when it changes)
    CaptureBegin,
    Open,
    Message,
    FramingError,
    Skipped,
    Gap,
    TransportNote,
    Close,
    Udp,
    InputProblem,
};

// The largest record: a message of 65,535 octets and its arguments, with room to spare.
constexpr std::size_t kLargestRecord = 70'000;

template <class T>
void put(std::vector<std::uint8_t>& b, const T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    const auto* p = reinterpret_cast<const std::uint8_t*>(&v);
    b.insert(b.end(), p, p + sizeof v);
}

void put_bytes(std::vector<std::uint8_t>& b, const std::uint8_t* data, std::size_t size) {
    put(b, static_cast<std::uint32_t>(size));
    b.insert(b.end(), data, data + size);
}

void put_bytes(std::vector<std::uint8_t>& b, ByteView v) {
    put_bytes(b, v.data(), v.size());
}

void put_text(std::vector<std::uint8_t>& b, const std::string& s) {
    put_bytes(b, reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
}

void put_endpoint(std::vector<std::uint8_t>& b, const Endpoint& e) {
    put(b, e.ip.afi);
    put(b, e.ip.octets);
    put(b, e.ip.size);
    put_text(b, e.ip.name);
    put(b, e.port);
}

bool same_endpoint(const Endpoint& a, const Endpoint& b) {
    return a.port == b.port && a.ip == b.ip;
}

// Reads a batch back, in the order it was written.
class Cursor {
  public:
    explicit Cursor(const std::vector<std::uint8_t>& b) : p_(b.data()), end_(b.data() + b.size()) {}
    bool more() const { return p_ < end_; }
    template <class T>
    T get() {
        static_assert(std::is_trivially_copyable_v<T>);
        T v;
        std::memcpy(&v, p_, sizeof v);
        p_ += sizeof v;
        return v;
    }
    ByteView bytes() {
        auto n = get<std::uint32_t>();
        ByteView v(p_, n);
        p_ += n;
        return v;
    }
    void text(std::string& out) {
        ByteView v = bytes();
        out.assign(reinterpret_cast<const char*>(v.data()), v.size());
    }
    void endpoint(Endpoint& e) {
        e.ip.afi = get<std::uint16_t>();
        e.ip.octets = get<std::array<std::uint8_t, 16>>();
        e.ip.size = get<std::uint8_t>();
        text(e.ip.name);
        e.port = get<std::uint16_t>();
    }

  private:
    const std::uint8_t* p_;
    const std::uint8_t* end_;
};

}  // namespace

PipelinedEvents::PipelinedEvents(StreamEvents& sink, PipelineLimits limits) : sink_(sink), limits_(limits) {
    if (limits_.queue_batches == 0) limits_.queue_batches = 1;
    filling_.reserve(limits_.batch_bytes + kLargestRecord);
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
    if (!filling_.empty()) hand_over();
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
    room_cv_.wait(lock, [this] { return failed_ || ready_.size() < limits_.queue_batches; });
    if (failed_) {
        filling_.clear();
        std::rethrow_exception(error_);
    }
    ready_.push_back(std::move(filling_));
    if (!spare_.empty()) {
        filling_ = std::move(spare_.back());
        spare_.pop_back();
    } else {
        filling_ = Batch();
        filling_.reserve(limits_.batch_bytes + kLargestRecord);
    }
    lock.unlock();
    ready_cv_.notify_one();
}

void PipelinedEvents::record_end() {
    if (filling_.size() >= limits_.batch_bytes) hand_over();
}

void PipelinedEvents::session(const SessionInfo& s) {
    if (have_last_session_ && s.id == last_session_.id && same_endpoint(s.etr, last_session_.etr) &&
        same_endpoint(s.ms, last_session_.ms))
        return;
    put(filling_, Call::Session);
    put(filling_, s.id);
    put_endpoint(filling_, s.etr);
    put_endpoint(filling_, s.ms);
    last_session_ = s;
    have_last_session_ = true;
}

void PipelinedEvents::on_capture_begin(const PacketRef& first) {
    if (finished_) return sink_.on_capture_begin(first);
    put(filling_, Call::CaptureBegin);
    put(filling_, first);
    record_end();
}

void PipelinedEvents::on_session_open(const SessionInfo& s, SessionStart how, const PacketRef& at) {
    if (finished_) return sink_.on_session_open(s, how, at);
    session(s);
    put(filling_, Call::Open);
    put(filling_, how);
    put(filling_, at);
    record_end();
}

void PipelinedEvents::on_message(const SessionInfo& s, Direction d, const PacketRef& at,
                                 std::uint64_t stream_offset, ByteView message) {
    if (finished_) return sink_.on_message(s, d, at, stream_offset, message);
    session(s);
    put(filling_, Call::Message);
    put(filling_, d);
    put(filling_, at);
    put(filling_, stream_offset);
    put_bytes(filling_, message);
    record_end();
}

void PipelinedEvents::on_framing_error(const SessionInfo& s, Direction d, const PacketRef& at,
                                       const FramingError& e) {
    if (finished_) return sink_.on_framing_error(s, d, at, e);
    session(s);
    put(filling_, Call::FramingError);
    put(filling_, d);
    put(filling_, at);
    put(filling_, e);
    record_end();
}

void PipelinedEvents::on_skipped(const SessionInfo& s, Direction d, const PacketRef& at,
                                 std::uint64_t stream_offset, std::uint64_t count) {
    if (finished_) return sink_.on_skipped(s, d, at, stream_offset, count);
    session(s);
    put(filling_, Call::Skipped);
    put(filling_, d);
    put(filling_, at);
    put(filling_, stream_offset);
    put(filling_, count);
    record_end();
}

void PipelinedEvents::on_gap(const SessionInfo& s, Direction d, const PacketRef& at,
                             std::uint64_t stream_offset, std::uint64_t count) {
    if (finished_) return sink_.on_gap(s, d, at, stream_offset, count);
    session(s);
    put(filling_, Call::Gap);
    put(filling_, d);
    put(filling_, at);
    put(filling_, stream_offset);
    put(filling_, count);
    record_end();
}

void PipelinedEvents::on_transport_note(const SessionInfo& s, Direction d, const PacketRef& at,
                                        const std::string& note) {
    if (finished_) return sink_.on_transport_note(s, d, at, note);
    session(s);
    put(filling_, Call::TransportNote);
    put(filling_, d);
    put(filling_, at);
    put_text(filling_, note);
    record_end();
}

void PipelinedEvents::on_session_close(const SessionInfo& s, SessionEnd how, const PacketRef& at) {
    if (finished_) return sink_.on_session_close(s, how, at);
    session(s);
    put(filling_, Call::Close);
    put(filling_, how);
    put(filling_, at);
    record_end();
}

void PipelinedEvents::on_udp_lisp(const UdpLisp& u, const PacketRef& at) {
    if (finished_) return sink_.on_udp_lisp(u, at);
    put(filling_, Call::Udp);
    put_endpoint(filling_, u.src);
    put_endpoint(filling_, u.dst);
    put_bytes(filling_, u.payload);
    put(filling_, at);
    record_end();
}

void PipelinedEvents::on_input_problem(const PacketRef& at, const std::string& what) {
    if (finished_) return sink_.on_input_problem(at, what);
    put(filling_, Call::InputProblem);
    put(filling_, at);
    put_text(filling_, what);
    record_end();
}

void PipelinedEvents::consume() {
    for (;;) {
        Batch batch;
        {
            std::unique_lock lock(mutex_);
            ready_cv_.wait(lock, [this] { return abandon_ || closing_ || !ready_.empty(); });
            if (abandon_ || ready_.empty()) return;
            batch = std::move(ready_.front());
            ready_.pop_front();
        }
        room_cv_.notify_one();
        try {
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
        batch.clear();
        std::lock_guard lock(mutex_);
        spare_.push_back(std::move(batch));
    }
}

void PipelinedEvents::replay(const Batch& b) {
    // Kept across batches: the session of a record may have been recorded in an earlier one.
    SessionInfo& s = replay_session_;
    UdpLisp& u = replay_udp_;
    std::string& text = replay_text_;
    Cursor c(b);
    while (c.more()) {
        Call call = c.get<Call>();
        switch (call) {
            case Call::Session:
                s.id = c.get<std::uint64_t>();
                c.endpoint(s.etr);
                c.endpoint(s.ms);
                break;
            case Call::CaptureBegin:
                sink_.on_capture_begin(c.get<PacketRef>());
                break;
            case Call::Open: {
                auto how = c.get<SessionStart>();
                sink_.on_session_open(s, how, c.get<PacketRef>());
                break;
            }
            case Call::Message: {
                auto d = c.get<Direction>();
                auto at = c.get<PacketRef>();
                auto offset = c.get<std::uint64_t>();
                sink_.on_message(s, d, at, offset, c.bytes());
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
