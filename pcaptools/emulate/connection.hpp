// One TCP connection of a live emulator: non-blocking reads through msrt::Framer, a bounded output buffer,
// and a close that flushes first. The owner learns about frames, framing errors and the end of the stream.
#pragma once

#include <cstdint>
#include <string>

#include "emulate/event_loop.hpp"
#include "msrt/framer.hpp"

namespace msrt::cli::live {

class Connection;

class ConnectionOwner {
  public:
    virtual ~ConnectionOwner() = default;
    virtual void on_connected(Connection& c) { (void)c; }
    virtual void on_frame(Connection& c, ByteView message) = 0;
    // `header` holds up to 8 octets at the offending offset, when they were received.
    virtual void on_framing_error(Connection& c, const FramingError& e, ByteView header) = 0;
    virtual void on_closed(Connection& c, const std::string& why) = 0;
};

struct ConnectionLimits {
    std::size_t pause_reading = 1u << 20;  // output backlog at which we stop reading the peer
    std::size_t max_output = 8u << 20;     // backlog at which the peer is cut off
};

class Connection final : public Handler, private FrameSink {
  public:
    Connection(EventLoop& loop, int fd, ConnectionOwner& owner, bool connecting, std::uint64_t tag,
               ConnectionLimits limits = {});
    ~Connection() override;
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    void send(ByteView bytes);
    void close_after_flush(const std::string& why);  // stop reading, send what is queued, then close
    void close_now(const std::string& why);
    bool closed() const { return fd_ < 0; }
    std::uint64_t tag() const { return tag_; }
    std::size_t backlog() const { return out_.size() - out_pos_; }
    const std::string& peer() const { return peer_; }

  private:
    void on_ready(std::uint32_t events) override;
    void finish_connect();
    void read_some();
    void write_some();
    void update_interest();
    void trim_tail();
    void on_message(std::uint64_t offset, ByteView bytes) override;
    void on_error(const FramingError& error) override;
    void on_skipped(std::uint64_t offset, std::uint64_t count) override;

    EventLoop& loop_;
    int fd_;
    ConnectionOwner& owner_;
    bool connecting_;
    std::uint64_t tag_;
    ConnectionLimits limits_;
    std::string peer_;
    Framer framer_;
    Bytes out_;
    std::size_t out_pos_ = 0;
    Bytes tail_;                    // received octets since the last message boundary (to quote headers)
    std::uint64_t tail_start_ = 0;  // stream offset of tail_[0]
    std::uint64_t boundary_ = 0;    // stream offset after the last whole message
    bool draining_ = false;         // closing once the output is flushed
    std::uint32_t interest_ = 0;
    std::string close_reason_;
};

}  // namespace msrt::cli::live
