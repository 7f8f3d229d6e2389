#include "sessions/collector.hpp"

#include <cstdio>
#include <limits>

#include "msrt/codec.hpp"

namespace msrt::cli {
namespace {

template <class T>
void keep_capped(std::vector<T>& list, T item) {
    if (list.size() < kMaxListed) list.push_back(std::move(item));
}

// An unmatched Mapping Notification is no incident: a notification is informational.
bool unmatched_answer(const Message& m, const session::Note& n) {
    return n.unmatched && m.kind != Kind::MappingNotification;
}

// Whether a message counts towards its session's incidents; most do not, so this is looked at before a call.
bool has_incident(const Message& m, const session::Note& n) {
    return n.expected_id || unmatched_answer(m, n) || n.wrong_direction || m.kind == Kind::ErrorNotification;
}

}  // namespace

Collector::Collector(const Profile& p, SessionObserver& observer, bool want_events)
    : profile_(&p), observer_(&observer), want_events_(want_events) {}

void Collector::on_capture_begin(const PacketRef& first) {
    if (!cutoff_after_first_) return;
    constexpr Micros kLast = std::numeric_limits<Micros>::max();  // a pcapng time may come close to it
    cutoff_ = first.time > kLast - *cutoff_after_first_ ? kLast : first.time + *cutoff_after_first_;
}

// Consecutive events are mostly of one session (the messages of a segment): the last one found is kept.
SessionState* Collector::find(const SessionInfo& s, const PacketRef& at) {
    if (past_cutoff(at.time)) return nullptr;
    if (last_ && last_->id == s.id) return last_;
    auto it = open_.find(s.id);
    if (it == open_.end()) return nullptr;
    last_ = it->second.get();
    return last_;
}

void Collector::on_session_open(const SessionInfo& s, SessionStart how, const PacketRef& at) {
    if (past_cutoff(at.time)) return;
    auto state = std::make_unique<SessionState>(*profile_, s);
    state->how_started = how;
    state->start = state->end = at.time;
    if (how == SessionStart::MidStream) state->tracker.start_mid_stream();
    if (auth_ && auth_for_ == s.id) state->udp_auth = std::make_unique<session::UdpAuth>(*auth_);
    auth_.reset();
    state->authorised = state->udp_auth && state->udp_auth->authorises(*profile_);
    ++sessions_seen_;
    SessionState& ref = *state;
    open_[s.id] = std::move(state);
    if (want_events_) {
        Event& e = event(&s, at, "session_open");
        e.detail = how == SessionStart::Syn ? "SYN" : "mid-stream";
        if (ref.udp_auth)
            e.detail += ref.authorised ? ", UDP-authorised" : ", UDP authentication incomplete";
        else
            e.detail += ", no UDP authentication seen";
        emit(e);
    }
}

void Collector::on_message(const SessionInfo& s, Direction d, const PacketRef& at, ByteView bytes,
                           std::uint64_t) {
    SessionState* st = find(s, at);
    if (!st) return;
    st->end = at.time;
    st->bytes[static_cast<int>(d)] += bytes.size();
    bool decoded = false;
    const Message& m = decoded_.decode(bytes, *profile_, decoded, error_);
    st->tracker.on_message(m, d, at.time, at.frame, note_);
    const session::Note& n = note_;
    if (!decoded) ++st->incidents_for_update().malformed;
    if (has_incident(m, n)) note_incidents(*st, m, n, d, at);
    if (!want_events_) return;
    if (!decoded) {
        Event& e = event(&s, at, "malformed");
        e.dir = d;
        e.id = m.header.id;
        e.detail = std::string(kind_key(m.kind)) + ": " + error_.str();
        emit(e);
    }
    message_events(*st, s, m, n, d, at);
}

void Collector::note_incidents(SessionState& s, const Message& m, const session::Note& n, Direction d,
                               const PacketRef& at) {
    Incidents& inc = s.incidents_for_update();
    if (n.expected_id) keep_capped(inc.id_gaps, IdGapRecord{d, at.time, *n.expected_id, m.header.id});
    if (unmatched_answer(m, n)) ++inc.unmatched;
    if (n.wrong_direction) ++inc.wrong_direction;
    if (m.kind == Kind::ErrorNotification) ++inc.error_notifications;
}

void Collector::on_framing_error(const SessionInfo& s, Direction d, const PacketRef& at,
                                 const FramingError& e) {
    SessionState* st = find(s, at);
    if (!st) return;
    ++st->incidents_for_update().framing_count;
    keep_capped(st->incidents_for_update().framing, FramingRecord{d, at.time, e});
    if (!want_events_) return;
    Event& ev = event(&s, at, "framing_error");
    ev.dir = d;
    ev.offset = e.offset;
    ev.detail = std::string(framing_problem_name(e.problem)) + " (" + std::to_string(e.value) + ")";
    emit(ev);
}

void Collector::on_skipped(const SessionInfo& s, Direction d, const PacketRef& at, std::uint64_t offset,
                           std::uint64_t count) {
    SessionState* st = find(s, at);
    if (!st) return;
    st->incidents_for_update().skipped_octets[static_cast<int>(d)] += count;
    if (!want_events_) return;
    Event& ev = event(&s, at, "skipped");
    ev.dir = d;
    ev.offset = offset;
    ev.octets = count;
    emit(ev);
}

void Collector::on_gap(const SessionInfo& s, Direction d, const PacketRef& at, std::uint64_t offset,
                       std::uint64_t count) {
    SessionState* st = find(s, at);
    if (!st) return;
    ++st->incidents_for_update().gap_count;
    st->incidents_for_update().gap_octets[static_cast<int>(d)] += count;
    keep_capped(st->incidents_for_update().gaps, GapRecord{d, at.time, offset, count});
    if (!want_events_) return;
    Event& ev = event(&s, at, "gap");
    ev.dir = d;
    ev.offset = offset;
    ev.octets = count;
    emit(ev);
}

void Collector::on_transport_note(const SessionInfo& s, Direction d, const PacketRef& at,
                                  const std::string& note) {
    SessionState* st = find(s, at);
    if (!st) return;
    ++st->incidents_for_update().transport_notes;
    if (!want_events_) return;
    Event& ev = event(&s, at, "transport_note");
    ev.dir = d;
    ev.detail = note;
    emit(ev);
}

void Collector::on_session_close(const SessionInfo& s, SessionEnd how, const PacketRef& at) {
    SessionState* st = find(s, at);
    if (!st || (hold_capture_end_ && how == SessionEnd::CaptureEnd)) return;
    close(*st, s, how, at);
}

void Collector::close(SessionState& s, const SessionInfo& info, SessionEnd how, const PacketRef& at) {
    s.end_how = how;
    s.end = std::max(s.end, at.time);
    s.tracker.on_close(s.end);
    if (want_events_) end_events(s, info, PacketRef{at.frame, s.end});
    s.findings = count_findings(s);
    // The table is put in key order when it is first listed, by the thread that writes the session out: with
    // two threads this one interprets and is the busier (sorting here cost 4-9% of wall time on the bench
    // capture, fastest and median of interleaved runs).
    findings_ += s.findings;
    if (last_ == &s) last_ = nullptr;
    auto node = open_.extract(s.id);
    observer_->on_session_end_owned(std::move(node.mapped()));
}

void Collector::finish() {
    while (!open_.empty()) {
        SessionState& s = *open_.begin()->second;
        close(s, s.info(), SessionEnd::CaptureEnd, PacketRef{0, s.end});
    }
}

void Collector::on_session_auth(const SessionInfo& s, const session::UdpAuth& auth) {
    auth_ = auth;
    auth_for_ = s.id;
}

// The authentication itself was followed by the UdpAuthStage: here UDP messages are events, and Map-Registers
// refresh the soft state of `msrt state`.
void Collector::on_udp_lisp(const UdpLisp& u, const PacketRef& at) {
    if (past_cutoff(at.time) || !wants_udp()) return;
    Error error;
    if (!decode_map_register(u.payload, 0, TrailingOctets::Error, udp_decoded_, error)) return;
    const MapRegister* m = &udp_decoded_;
    if (m->type() != wire::lisp::kMapRegister && !m->is_notify()) return;  // other LISP control
    if (!m->is_notify()) observer_->on_udp_register(u.src.ip, u.dst.ip, *m, at.time);
    if (!want_events_) return;
    Event& e = event(nullptr, at, m->is_notify() ? "udp_map_notify" : "udp_map_register");
    e.address = u.src.str() + " -> " + u.dst.str();
    char nonce[24];
    std::snprintf(nonce, sizeof nonce, "0x%016llx", static_cast<unsigned long long>(m->nonce));
    e.extra.emplace_back("nonce", nonce);
    if (!m->is_notify()) e.extra.emplace_back("r_bit", m->reliable() ? "1" : "0");
    e.detail = std::to_string(m->records.size()) + " record(s), nonce " + nonce +
               (m->is_notify() ? "" : (m->reliable() ? ", r bit set" : ", r bit clear"));
    emit(e);
}

void Collector::on_input_problem(const PacketRef& at, const std::string& what) {
    ++input_problems_;
    ++findings_;
    if (!want_events_) return say_input_problem(at, what);
    Event& e = event(nullptr, at, "input_problem");
    e.detail = what;
    emit(e);
}

// Without an event stream to carry it, a problem with the input (a truncated file, an unreadable packet)
// would only show in the exit status: the first few go to stderr.
void Collector::say_input_problem(const PacketRef& at, const std::string& what) {
    constexpr std::uint64_t kShown = 10;
    if (input_problems_ <= kShown && at.frame == 0)
        std::fprintf(stderr, "msrt: input problem before the first packet: %s\n", what.c_str());
    else if (input_problems_ <= kShown)
        std::fprintf(stderr, "msrt: input problem at or after frame %llu: %s\n",
                     static_cast<unsigned long long>(at.frame), what.c_str());
    else if (input_problems_ == kShown + 1)
        std::fprintf(stderr, "msrt: more input problems; 'msrt events' lists them all\n");
}

}  // namespace msrt::cli
