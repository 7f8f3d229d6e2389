// The live emulators' log: one line per message and per model note, on stderr, unless quiet.
#pragma once

#include <cstdio>
#include <string>

#include "emulate/event_loop.hpp"
#include "msrt/message.hpp"

namespace msrt::cli::live {

class LiveLog {
  public:
    LiveLog(const char* role, bool quiet) : role_(role), quiet_(quiet) {}
    bool quiet() const { return quiet_; }
    // `arrow` is "<-" (received) or "->" (sent); `who` names the session or peer.
    void message(Micros t, const std::string& who, const char* arrow, ByteView bytes, const Profile& p) const;
    void note(Micros t, const std::string& who, const std::string& text) const;
    // Always printed, even when quiet: startup lines and problems.
    void always(Micros t, const std::string& text) const;

  private:
    const char* role_;
    bool quiet_;
};

}  // namespace msrt::cli::live
