// Where offline emulation can send the emulated conversation: the real peer's messages with the model's in
// place of the other side's (`--write OUT.pcapng`).
#pragma once

#include "common/stream_events.hpp"

namespace msrt::cli {

class ConversationSink {
  public:
    virtual ~ConversationSink() = default;
    virtual void session_open(const SessionInfo& s, Micros t) = 0;
    virtual void message(const SessionInfo& s, Direction d, Micros t, ByteView bytes) = 0;
    virtual void session_close(const SessionInfo& s, Micros t) = 0;
    virtual void udp(const Endpoint& src, const Endpoint& dst, Micros t, ByteView payload) = 0;
};

}  // namespace msrt::cli
