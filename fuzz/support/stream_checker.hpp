// The StreamEvents contract, checked: what fuzz_tcp_sessions and fuzz_capture assert about the events the
// capture-reading path delivers. Each session's messages also go through a session::Tracker, as in the tools.
//  - a session opens once, before any of its events, and closes once, with nothing after it;
//  - in each direction, framed messages and skipped stretches come in stream order and never overlap each
//  other
//    nor a reported gap; gaps come in order and never overlap.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/stream_events.hpp"
#include "msrt/codec.hpp"
#include "msrt/session/tracker.hpp"
#include "support/oracle.hpp"

namespace msrt::fuzz {

using namespace msrt::cli;

struct Range {
    std::uint64_t begin = 0, end = 0;
};

// What one direction of one session has reported so far.
struct DirState {
    std::uint64_t framed_end = 0;  // end of the last message or skipped stretch
    std::uint64_t gap_end = 0;
    std::vector<Range> gaps;  // kept only while few, to bound the harness's own memory
};

struct SessionState {
    bool closed = false;
    session::Tracker tracker;
    DirState dirs[2];
};

class StreamChecker final : public StreamEvents {
  public:
    void on_session_open(const SessionInfo& s, SessionStart how, const PacketRef&) override {
        FUZZ_REQUIRE(!sessions_.count(s.id), "session " + std::to_string(s.id) + " opened twice");
        auto st = std::make_unique<SessionState>();
        if (how == SessionStart::MidStream) st->tracker.start_mid_stream();
        sessions_[s.id] = std::move(st);
    }
    void on_message(const SessionInfo& s, Direction d, const PacketRef& at, ByteView message,
                    std::uint64_t offset) override {
        SessionState& st = open(s);
        framed(st.dirs[idx(d)], offset, message.size(), "message");
        Result<Message> m = decode_message(message);
        if (m) {
            st.tracker.on_message(*m, d, at.time, at.frame);
            return;
        }
        // As the tools do: a message whose body is broken still counts, with its header only.
        Message header_only;
        header_only.header.type = load_be16(&message[0]);
        header_only.kind = default_profile().kind_of(header_only.header.type);
        header_only.header.length = load_be16(&message[2]);
        if (message.size() >= wire::kHeaderSize) header_only.header.id = load_be32(&message[4]);
        header_only.body = UnknownBody{};
        st.tracker.on_message(header_only, d, at.time, at.frame);
    }
    void on_framing_error(const SessionInfo& s, Direction, const PacketRef&, const FramingError&) override {
        open(s);
    }
    void on_skipped(const SessionInfo& s, Direction d, const PacketRef&, std::uint64_t offset,
                    std::uint64_t count) override {
        FUZZ_REQUIRE(count > 0, "empty skip");
        framed(open(s).dirs[idx(d)], offset, count, "skipped");
    }
    void on_gap(const SessionInfo& s, Direction d, const PacketRef&, std::uint64_t offset,
                std::uint64_t count) override {
        DirState& ds = open(s).dirs[idx(d)];
        FUZZ_REQUIRE(count > 0, "empty gap");
        FUZZ_REQUIRE(offset >= ds.gap_end,
                     "gap at " + std::to_string(offset) + " before " + std::to_string(ds.gap_end));
        ds.gap_end = offset + count;
        if (ds.gaps.size() < 64) ds.gaps.push_back({offset, offset + count});
    }
    void on_transport_note(const SessionInfo& s, Direction, const PacketRef&,
                           const std::string& note) override {
        open(s);
        FUZZ_REQUIRE(!note.empty(), "empty note");
    }
    void on_session_close(const SessionInfo& s, SessionEnd, const PacketRef& at) override {
        SessionState& st = open(s);
        st.closed = true;
        st.tracker.on_close(at.time);
        (void)st.tracker.pending_keys();
        (void)st.tracker.unanswered_refresh_keys();
    }
    void on_udp_lisp(const UdpLisp&, const PacketRef&) override {}
    void on_input_problem(const PacketRef&, const std::string&) override {}

    std::size_t opened() const { return sessions_.size(); }
    void finish() const {
        for (const auto& [id, st] : sessions_)
            FUZZ_REQUIRE(st->closed, "session " + std::to_string(id) + " never closed");
    }

  private:
    static int idx(Direction d) { return d == Direction::EtrToMs ? 0 : 1; }

    SessionState& open(const SessionInfo& s) {
        auto it = sessions_.find(s.id);
        FUZZ_REQUIRE(it != sessions_.end(),
                     "event for session " + std::to_string(s.id) + " before it opened");
        FUZZ_REQUIRE(!it->second->closed, "event for session " + std::to_string(s.id) + " after it closed");
        return *it->second;
    }

    static void framed(DirState& ds, std::uint64_t offset, std::uint64_t count, const char* what) {
        FUZZ_REQUIRE(offset >= ds.framed_end, std::string(what) + " at " + std::to_string(offset) +
                                                  " before " + std::to_string(ds.framed_end));
        for (const Range& g : ds.gaps)
            FUZZ_REQUIRE(offset + count <= g.begin || offset >= g.end,
                         std::string(what) + " " + std::to_string(offset) + "+" + std::to_string(count) +
                             " overlaps gap " + std::to_string(g.begin) + "-" + std::to_string(g.end));
        ds.framed_end = offset + count;
    }

    std::map<std::uint64_t, std::unique_ptr<SessionState>> sessions_;
};

}  // namespace msrt::fuzz
