// Writes events as they come: fixed-width text lines (streamed, so no column sizing), JSON Lines, or CSV.
#pragma once

#include <cstdio>
#include <string>

#include "common/json.hpp"

#include "sessions/events.hpp"
#include "sessions/options.hpp"

namespace msrt::cli {

class EventWriter {
  public:
    EventWriter(std::FILE* out, const Options& o);
    void write(const Event& e);

  private:
    void text(const Event& e);
    void json(const Event& e);
    void csv(const Event& e);

    // The endpoints of the event's session as text: consecutive events are mostly of one session.
    struct SessionText {
        std::uint64_t id = 0;
        const SessionState* session = nullptr;
        std::string etr, ms, etr_json, ms_json;
    };
    const SessionText& session_text(const SessionState& s);

    std::FILE* out_;
    Format format_;
    SessionText session_;
    Json json_;  // reused: its buffer keeps its capacity
};

}  // namespace msrt::cli
