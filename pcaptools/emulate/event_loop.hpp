// One epoll loop for every socket of a live emulator, with SIGINT/SIGTERM (stop) and SIGHUP (reload)
// delivered through a signalfd, so that signals are ordinary events and never interrupt the models.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "msrt/session/types.hpp"

namespace msrt::cli::live {

class Handler {
  public:
    virtual ~Handler() = default;
    virtual void on_ready(std::uint32_t events) = 0;  // EPOLLIN, EPOLLOUT, EPOLLERR, EPOLLHUP bits
};

class EventLoop {
  public:
    EventLoop();
    ~EventLoop();
    EventLoop(const EventLoop&) = delete;
    EventLoop& operator=(const EventLoop&) = delete;

    bool ok() const { return epoll_ >= 0 && signals_ >= 0; }
    void add(int fd, std::uint32_t events, Handler* h);
    void modify(int fd, std::uint32_t events, Handler* h);
    void remove(int fd);
    // Waits for events until `deadline` (none: indefinitely) and dispatches them.
    void wait(std::optional<Micros> deadline);

    // Microseconds since the epoch, advancing with the monotonic clock (immune to clock steps).
    Micros now() const;
    bool stopping() const { return stop_; }
    void stop() { stop_ = true; }
    bool take_reload();  // a SIGHUP arrived since the last call

  private:
    void read_signals();

    int epoll_ = -1;
    int signals_ = -1;
    bool stop_ = false;
    bool reload_ = false;
    Micros epoch_base_ = 0;
    Micros mono_base_ = 0;
};

// Text for log lines: "12:34:56.789012".
std::string clock_text(Micros t);

}  // namespace msrt::cli::live
