// msrt decode's output: one line per message and per finding, aligned for reading, or one JSON object per
// line.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/json.hpp"
#include "common/stream_events.hpp"
#include "msrt/decode_slots.hpp"
#include "msrt/profile.hpp"

namespace msrt::cli {

enum class TimeFormat : std::uint8_t { Relative, Utc, Epoch };

struct DecodeOptions {
    bool json = false;
    TimeFormat time = TimeFormat::Relative;
    const Profile* profile = &default_profile();
};

class DecodePrinter final : public StreamEvents {
  public:
    DecodePrinter(const DecodeOptions& options, std::FILE* out) : o_(options), out_(out) {}

    void on_capture_begin(const PacketRef& first) override { first_time_ = first.time; }
    void on_session_open(const SessionInfo& s, SessionStart how, const PacketRef& at) override;
    void on_message(const SessionInfo& s, Direction d, const PacketRef& at, ByteView message,
                    std::uint64_t offset) override;
    void on_framing_error(const SessionInfo& s, Direction d, const PacketRef& at,
                          const FramingError& e) override;
    void on_skipped(const SessionInfo& s, Direction d, const PacketRef& at, std::uint64_t offset,
                    std::uint64_t count) override;
    void on_gap(const SessionInfo& s, Direction d, const PacketRef& at, std::uint64_t offset,
                std::uint64_t count) override;
    void on_transport_note(const SessionInfo& s, Direction d, const PacketRef& at,
                           const std::string& note) override;
    void on_session_close(const SessionInfo& s, SessionEnd how, const PacketRef& at) override;
    void on_udp_lisp(const UdpLisp& u, const PacketRef& at) override;
    void on_input_problem(const PacketRef& at, const std::string& what) override;

    // The closing summary line (text output only).
    void finish();
    std::uint64_t findings() const { return findings_; }

  private:
    // Views of what the caller holds until print() returns.
    struct Row {
        std::string_view tag;   // "#3" (session), "udp", or empty
        std::string_view flow;  // "192.0.2.10:40001 → 192.0.2.1:4342"
        std::string_view what;  // the message type, or "! capture gap" ...
        std::string_view id;
        std::string_view detail;
    };
    struct SessionCounts {
        std::uint64_t up = 0;
        std::uint64_t down = 0;
        std::uint64_t findings = 0;
        bool mid_stream = false;
    };

    void print(const PacketRef& at, const Row& row);
    Json& begin(const char* event, const PacketRef& at);
    Json& begin(const char* event, const SessionInfo& s, Direction d, const PacketRef& at);
    void end();
    void finding(const SessionInfo* s);
    void append_time(std::string& out, Micros t) const;
    const std::string& flow(const SessionInfo& s, Direction d);
    int time_width() const;
    void header();

    DecodeOptions o_;
    std::FILE* out_;
    Json json_;
    Micros first_time_ = 0;
    bool header_done_ = false;
    std::size_t flow_width_ = 36;
    std::string line_;  // the text line being composed; reused
    // The flow text of the session and direction printed last: a session's messages come in runs.
    struct {
        std::uint64_t id = 0;
        Direction dir = Direction::EtrToMs;
        bool valid = false;
        std::string text;
    } flow_;
    DecodeSlots slots_;
    std::unordered_map<std::uint64_t, SessionCounts> open_;  // sessions not closed yet
    std::uint64_t sessions_ = 0, messages_ = 0, udp_ = 0, findings_ = 0;
};

}  // namespace msrt::cli
