// Writes events as they come: fixed-width text lines (streamed, so no column sizing), JSON Lines, or CSV.
#pragma once

#include <cstdio>
#include <string>

#include "sessions/chars.hpp"
#include "sessions/events.hpp"
#include "sessions/options.hpp"

namespace msrt::cli {

class EventWriter {
  public:
    EventWriter(std::FILE* out, const Options& o);
    ~EventWriter() { flush(); }
    EventWriter(const EventWriter&) = delete;
    EventWriter& operator=(const EventWriter&) = delete;
    void write(const Event& e);
    void flush();                                      // what write() still holds (lines go out in chunks)
    bool interactive() const { return interactive_; }  // writing to a terminal

  private:
    void text(const Event& e);
    void json(const Event& e);
    void csv(const Event& e);
    template <class Compose>
    void line(std::size_t room, Compose compose);

    // The endpoints of the event's session as text: consecutive events are mostly of one session.
    struct SessionText {
        std::uint64_t id = 0;
        bool valid = false;
        std::string etr, ms;
        std::string json;  // ,"session":N,"etr":"...","ms":"..."
    };
    const SessionText& session_text(const SessionInfo& s);

    std::FILE* out_;
    Format format_;
    SessionText session_;
    bool interactive_;     // a terminal: every line at once
    std::string pending_;  // lines not written yet; reused, so that it keeps its capacity
    Scratch scratch_;      // the line being composed
    std::string detail_;   // a CSV detail cell being composed
};

}  // namespace msrt::cli
