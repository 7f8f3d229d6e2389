#include "emulate/connection.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "emulate/net.hpp"

namespace msrt::cli::live {
namespace {

constexpr std::size_t kReadChunk = 64 * 1024;
constexpr std::size_t kReadsPerEvent = 4;  // then let other connections have a turn
constexpr std::size_t kTailCap = 256 * 1024;

std::string peer_name(int fd) {
    sockaddr_storage s{};
    socklen_t len = sizeof s;
    if (::getpeername(fd, reinterpret_cast<sockaddr*>(&s), &len) != 0) return "?";
    return from_sockaddr(s).str();
}

}  // namespace

Connection::Connection(EventLoop& loop, int fd, ConnectionOwner& owner, bool connecting, std::uint64_t tag,
                       ConnectionLimits limits)
    : loop_(loop), fd_(fd), owner_(owner), connecting_(connecting), tag_(tag), limits_(limits) {
    if (!connecting_) peer_ = peer_name(fd_);
    interest_ = connecting_ ? EPOLLOUT : EPOLLIN;
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    loop_.add(fd_, interest_, this);
}

Connection::~Connection() {
    if (fd_ >= 0) {
        loop_.remove(fd_);
        ::close(fd_);
    }
}

void Connection::send(ByteView bytes) {
    if (closed() || draining_) return;
    if (backlog() + bytes.size() > limits_.max_output) return close_now("output backlog over its bound");
    if (out_pos_ == out_.size()) {
        out_.clear();
        out_pos_ = 0;
    }
    out_.insert(out_.end(), bytes.begin(), bytes.end());
    // Written when the socket reports writable: answers produced in one pass leave in few segments.
    update_interest();
}

void Connection::close_after_flush(const std::string& why) {
    if (closed()) return;
    draining_ = true;
    close_reason_ = why;
    if (backlog() == 0) return close_now(why);
    update_interest();
}

void Connection::close_now(const std::string& why) {
    if (closed()) return;
    loop_.remove(fd_);
    ::close(fd_);
    fd_ = -1;
    owner_.on_closed(*this, why);
}

void Connection::on_ready(std::uint32_t events) {
    if (closed()) return;
    if (connecting_) return finish_connect();
    if (events & EPOLLOUT) write_some();
    if (!closed() && (events & (EPOLLIN | EPOLLHUP | EPOLLERR))) read_some();
}

void Connection::finish_connect() {
    int err = 0;
    socklen_t len = sizeof err;
    ::getsockopt(fd_, SOL_SOCKET, SO_ERROR, &err, &len);
    if (err != 0) {
        errno = err;
        return close_now("connect: " + errno_text());
    }
    connecting_ = false;
    peer_ = peer_name(fd_);
    owner_.on_connected(*this);
    if (closed()) return;
    write_some();
    update_interest();
}

void Connection::read_some() {
    std::uint8_t buf[kReadChunk];
    for (std::size_t i = 0; i < kReadsPerEvent && !closed() && !draining_; ++i) {
        ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
        if (n < 0) return close_now("recv: " + errno_text());
        if (n == 0) {
            framer_.finish(*this);
            return close_now("closed by the peer");
        }
        tail_.insert(tail_.end(), buf, buf + n);
        framer_.push(ByteView(buf, static_cast<std::size_t>(n)), *this);
        trim_tail();
        // Stop reading while the peer does not read our answers: this bounds what we hold for it.
        if (backlog() >= limits_.pause_reading) return update_interest();
    }
}

void Connection::trim_tail() {
    std::uint64_t keep_from =
        std::max(boundary_, tail_start_ + (tail_.size() > kTailCap ? tail_.size() - kTailCap : 0));
    std::size_t drop =
        static_cast<std::size_t>(std::min<std::uint64_t>(keep_from - tail_start_, tail_.size()));
    tail_.erase(tail_.begin(), tail_.begin() + static_cast<std::ptrdiff_t>(drop));
    tail_start_ += drop;
}

void Connection::write_some() {
    while (!closed() && backlog() > 0) {
        ssize_t n = ::send(fd_, out_.data() + out_pos_, backlog(), MSG_NOSIGNAL);
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
        if (n < 0) return close_now("send: " + errno_text());
        out_pos_ += static_cast<std::size_t>(n);
    }
    if (closed()) return;
    if (backlog() == 0 && draining_) return close_now(close_reason_);
    update_interest();
}

void Connection::update_interest() {
    if (closed() || connecting_) return;
    std::uint32_t want = 0;
    if (!draining_ && backlog() < limits_.pause_reading) want |= EPOLLIN;
    if (backlog() > 0) want |= EPOLLOUT;
    if (want != interest_) {
        interest_ = want;
        loop_.modify(fd_, want, this);
    }
}

void Connection::on_message(std::uint64_t offset, ByteView bytes) {
    boundary_ = offset + bytes.size();
    if (!closed() && !draining_) owner_.on_frame(*this, bytes);
}

void Connection::on_error(const FramingError& error) {
    if (closed() || draining_) return;
    ByteView header;
    if (error.offset >= tail_start_ && error.offset < tail_start_ + tail_.size()) {
        std::size_t at = static_cast<std::size_t>(error.offset - tail_start_);
        header = ByteView(tail_).subspan(at, std::min<std::size_t>(8, tail_.size() - at));
    }
    owner_.on_framing_error(*this, error, header);
}

void Connection::on_skipped(std::uint64_t offset, std::uint64_t count) {
    boundary_ = offset + count;
}

}  // namespace msrt::cli::live
