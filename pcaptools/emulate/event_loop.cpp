#include "emulate/event_loop.hpp"

#include <signal.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <ctime>
#include <string>
#include <utility>

namespace msrt::cli::live {
namespace {

Micros clock_micros(clockid_t id) {
    timespec ts{};
    ::clock_gettime(id, &ts);
    return Micros{ts.tv_sec} * 1'000'000 + ts.tv_nsec / 1000;
}

// A sentinel distinguishing the signalfd from handlers in epoll's user data.
Handler* const kSignalTag = nullptr;

}  // namespace

EventLoop::EventLoop() {
    epoch_base_ = clock_micros(CLOCK_REALTIME);
    mono_base_ = clock_micros(CLOCK_MONOTONIC);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    // Blocked, so they arrive only through the signalfd; a peer that resets must not kill us via SIGPIPE.
    ::sigprocmask(SIG_BLOCK, &set, nullptr);
    ::signal(SIGPIPE, SIG_IGN);
    epoll_ = ::epoll_create1(EPOLL_CLOEXEC);
    signals_ = ::signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
    if (ok()) add(signals_, EPOLLIN, kSignalTag);
}

EventLoop::~EventLoop() {
    if (signals_ >= 0) ::close(signals_);
    if (epoll_ >= 0) ::close(epoll_);
}

void EventLoop::add(int fd, std::uint32_t events, Handler* h) {
    epoll_event ev{};
    ev.events = events;
    ev.data.ptr = h;
    ::epoll_ctl(epoll_, EPOLL_CTL_ADD, fd, &ev);
}

void EventLoop::modify(int fd, std::uint32_t events, Handler* h) {
    epoll_event ev{};
    ev.events = events;
    ev.data.ptr = h;
    ::epoll_ctl(epoll_, EPOLL_CTL_MOD, fd, &ev);
}

void EventLoop::remove(int fd) {
    ::epoll_ctl(epoll_, EPOLL_CTL_DEL, fd, nullptr);
}

Micros EventLoop::now() const {
    return epoch_base_ + (clock_micros(CLOCK_MONOTONIC) - mono_base_);
}

bool EventLoop::take_reload() {
    return std::exchange(reload_, false);
}

void EventLoop::read_signals() {
    signalfd_siginfo info{};
    while (::read(signals_, &info, sizeof info) == static_cast<ssize_t>(sizeof info)) {
        if (info.ssi_signo == SIGHUP)
            reload_ = true;
        else
            stop_ = true;
    }
}

void EventLoop::wait(std::optional<Micros> deadline) {
    int timeout = -1;
    if (deadline) {
        Micros left = *deadline - now();
        timeout = left <= 0 ? 0 : static_cast<int>(std::min<Micros>((left + 999) / 1000, 60'000));
    }
    epoll_event events[256];
    int n = ::epoll_wait(epoll_, events, 256, timeout);
    for (int i = 0; i < n; ++i) {
        auto* h = static_cast<Handler*>(events[i].data.ptr);
        if (h == kSignalTag)
            read_signals();
        else
            h->on_ready(events[i].events);
    }
}

std::string clock_text(Micros t) {
    std::time_t secs = static_cast<std::time_t>(t / 1'000'000);
    std::tm tm{};
    ::localtime_r(&secs, &tm);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%02d:%02d:%02d.%06lld", tm.tm_hour, tm.tm_min, tm.tm_sec,
                  static_cast<long long>(t % 1'000'000));
    return buf;
}

}  // namespace msrt::cli::live
