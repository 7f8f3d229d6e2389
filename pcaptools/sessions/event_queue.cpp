#include "sessions/event_queue.hpp"

#include "common/record_bytes.hpp"

namespace msrt::cli {
namespace {

enum class Tag : std::uint8_t { Session, Event };

// Which of an event's optional fields follow it.
enum Present : std::uint8_t {
    kSession = 1 << 0,
    kDir = 1 << 1,
    kId = 1 << 2,
    kAnswers = 1 << 3,
    kLatency = 1 << 4,
    kExpected = 1 << 5,
    kOctets = 1 << 6,
    kOffset = 1 << 7,
};

// The fixed-size fields of an event record at most: tag, presence, time, frame, name, the optionals, the
// three text lengths and the extras' count.
constexpr std::size_t kEventFixed = 1 + 1 + 8 + 8 + 8 + (1 + 4 + 4 + 8 + 4 + 8 + 8) + 3 * 4 + 4;
constexpr std::size_t kExtraFixed = 8 + 4;  // key pointer, value length

template <class T>
void put_if(Out& o, const std::optional<T>& v) {
    if (v) o.put(*v);
}

template <class T>
void get_if(Cursor& c, std::uint8_t present, Present bit, std::optional<T>& v) {
    if (present & bit)
        v = c.get<T>();
    else
        v.reset();
}

std::uint8_t presence(const Event& e) {
    return static_cast<std::uint8_t>((e.session ? kSession : 0) | (e.dir ? kDir : 0) | (e.id ? kId : 0) |
                                     (e.answers ? kAnswers : 0) | (e.latency ? kLatency : 0) |
                                     (e.expected ? kExpected : 0) | (e.octets ? kOctets : 0) |
                                     (e.offset ? kOffset : 0));
}

}  // namespace

EventQueue::EventQueue(EventWriter& writer, std::size_t batch_bytes, std::size_t max_waiting)
    : writer_(writer), batch_bytes_(batch_bytes ? batch_bytes : 1), batches_(max_waiting) {}

std::uint8_t* EventQueue::room(std::size_t n) {
    if (filling_.used + n > filling_.bytes.size()) filling_.bytes.resize(filling_.used + n);
    return filling_.bytes.data() + filling_.used;
}

void EventQueue::pack_session(const SessionInfo& s) {
    if (have_packed_session_ && packed_session_ == s.id) return;
    Out o(room(1 + session_bytes(s)));
    o.put(Tag::Session);
    o.session(s);
    filling_.used = static_cast<std::size_t>(o.end() - filling_.bytes.data());
    packed_session_ = s.id;
    have_packed_session_ = true;
}

void EventQueue::push(const Event& e) {
    if (e.session) pack_session(*e.session);
    std::size_t n = kEventFixed + e.eid.size() + e.detail.size() + e.address.size();
    for (const auto& [key, value] : e.extra)
        n += kExtraFixed + value.size();
    Out o(room(n));
    std::uint8_t present = presence(e);
    o.put(Tag::Event);
    o.put(present);
    o.put(e.at);
    o.put(e.frame);
    o.put(e.name);
    put_if(o, e.dir);
    put_if(o, e.id);
    put_if(o, e.answers);
    put_if(o, e.latency);
    put_if(o, e.expected);
    put_if(o, e.octets);
    put_if(o, e.offset);
    o.text(e.eid);
    o.text(e.detail);
    o.text(e.address);
    o.put(static_cast<std::uint32_t>(e.extra.size()));
    for (const auto& [key, value] : e.extra) {
        o.put(key);
        o.text(value);
    }
    filling_.used = static_cast<std::size_t>(o.end() - filling_.bytes.data());
    if (filling_.used >= batch_bytes_) hand_over();
}

void EventQueue::hand_over() {
    batches_.push(std::move(filling_), [this](Batch& b) { write(b); });
    for (Batch& b : batches_.take_done())
        spare_.push_back(std::move(b));
    filling_ = Batch();
    if (!spare_.empty()) {
        filling_ = std::move(spare_.back());
        spare_.pop_back();
    }
    filling_.used = 0;
}

bool EventQueue::write_one(bool wait) {
    return batches_.do_one(wait, [this](Batch& b) { write(b); });
}

void EventQueue::write(const Batch& b) {
    Cursor c(b.bytes, b.used);
    Event& e = event_;
    while (c.more()) {
        if (c.get<Tag>() == Tag::Session) {
            c.session(session_);
            continue;
        }
        auto present = c.get<std::uint8_t>();
        e.session = present & kSession ? &session_ : nullptr;
        e.at = c.get<Micros>();
        e.frame = c.get<std::uint64_t>();
        e.name = c.get<const char*>();
        get_if(c, present, kDir, e.dir);
        get_if(c, present, kId, e.id);
        get_if(c, present, kAnswers, e.answers);
        get_if(c, present, kLatency, e.latency);
        get_if(c, present, kExpected, e.expected);
        get_if(c, present, kOctets, e.octets);
        get_if(c, present, kOffset, e.offset);
        c.text(e.eid);
        c.text(e.detail);
        c.text(e.address);
        e.extra.resize(c.get<std::uint32_t>());
        for (auto& [key, value] : e.extra) {
            key = c.get<const char*>();
            c.text(value);
        }
        writer_.write(e);
    }
}

std::size_t EventQueue::waiting() {
    return batches_.waiting();
}

void EventQueue::finish() {
    if (filling_.used) hand_over();
    while (write_one(true)) {
    }
}

}  // namespace msrt::cli
