// Socket helpers of the live emulators: address parsing, the loopback rule, non-blocking sockets.
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>

#include <optional>
#include <string>
#include <string_view>

#include "msrt/emulation/ms_model.hpp"

namespace msrt::cli::live {

using emulation::Peer;

// "127.0.0.1:4342", "[::1]:4342", "localhost:4342" (= 127.0.0.1), or ":4342" (= 127.0.0.1).
std::optional<Peer> parse_endpoint(std::string_view text);
bool is_loopback(const Address& a);

struct SockAddr {
    sockaddr_storage storage{};
    socklen_t length = 0;
    const sockaddr* get() const { return reinterpret_cast<const sockaddr*>(&storage); }
    sockaddr* get() { return reinterpret_cast<sockaddr*>(&storage); }
};
SockAddr to_sockaddr(const Peer& p);
Peer from_sockaddr(const sockaddr_storage& s);

// Each returns a non-blocking, close-on-exec descriptor, or -1 with errno set.
int udp_bound(const Peer& at);
int tcp_listening(const Peer& at);
int tcp_connecting(const Peer& to, bool& in_progress);
int udp_connected(const Peer& to);
Peer local_of(int fd);

// Lifts the open-files limit to its hard maximum: the load test holds a thousand sessions.
void raise_fd_limit();
std::string errno_text();

}  // namespace msrt::cli::live
