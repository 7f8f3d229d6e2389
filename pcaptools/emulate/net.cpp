#include "emulate/net.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/tcp.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>

namespace msrt::cli::live {

std::optional<Peer> parse_endpoint(std::string_view text) {
    std::size_t colon = text.rfind(':');
    if (colon == std::string_view::npos) return std::nullopt;
    std::string_view host = text.substr(0, colon);
    std::string_view port = text.substr(colon + 1);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    if (host.empty() || host == "localhost") host = "127.0.0.1";
    std::optional<Address> a = Address::parse(host);
    unsigned p = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), p);
    if (!a || (a->afi != wire::afi::kIpv4 && a->afi != wire::afi::kIpv6) || ec != std::errc{} ||
        end != port.data() + port.size() || p > 65535)
        return std::nullopt;
    return Peer{*a, static_cast<std::uint16_t>(p)};
}

bool is_loopback(const Address& a) {
    if (a.afi == wire::afi::kIpv4) return a.octets[0] == 127;
    static const std::uint8_t kV6Loopback[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    return a.afi == wire::afi::kIpv6 && std::memcmp(a.octets.data(), kV6Loopback, 16) == 0;
}

SockAddr to_sockaddr(const Peer& p) {
    SockAddr s;
    if (p.ip.afi == wire::afi::kIpv6) {
        auto* in6 = reinterpret_cast<sockaddr_in6*>(&s.storage);
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons(p.port);
        std::memcpy(&in6->sin6_addr, p.ip.octets.data(), 16);
        s.length = sizeof(sockaddr_in6);
    } else {
        auto* in4 = reinterpret_cast<sockaddr_in*>(&s.storage);
        in4->sin_family = AF_INET;
        in4->sin_port = htons(p.port);
        std::memcpy(&in4->sin_addr, p.ip.octets.data(), 4);
        s.length = sizeof(sockaddr_in);
    }
    return s;
}

Peer from_sockaddr(const sockaddr_storage& s) {
    if (s.ss_family == AF_INET6) {
        const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&s);
        return Peer{Address::from_octets(wire::afi::kIpv6, ByteView(in6->sin6_addr.s6_addr, 16)),
                    ntohs(in6->sin6_port)};
    }
    const auto* in4 = reinterpret_cast<const sockaddr_in*>(&s);
    return Peer{Address::from_octets(wire::afi::kIpv4,
                                     ByteView(reinterpret_cast<const std::uint8_t*>(&in4->sin_addr), 4)),
                ntohs(in4->sin_port)};
}

namespace {

int open_socket(const Peer& p, int type) {
    int family = p.ip.afi == wire::afi::kIpv6 ? AF_INET6 : AF_INET;
    return ::socket(family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
}

int fail_closed(int fd) {
    int saved = errno;
    ::close(fd);
    errno = saved;
    return -1;
}

}  // namespace

int udp_bound(const Peer& at) {
    int fd = open_socket(at, SOCK_DGRAM);
    if (fd < 0) return -1;
    // A thousand ETRs starting together send their Map-Registers in one burst: room for it (capped by the
    // kernel's rmem_max).
    int size = 8 << 20;
    ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
    SockAddr s = to_sockaddr(at);
    if (::bind(fd, s.get(), s.length) != 0) return fail_closed(fd);
    return fd;
}

int tcp_listening(const Peer& at) {
    int fd = open_socket(at, SOCK_STREAM);
    if (fd < 0) return -1;
    int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    SockAddr s = to_sockaddr(at);
    if (::bind(fd, s.get(), s.length) != 0 || ::listen(fd, 4096) != 0) return fail_closed(fd);
    return fd;
}

int tcp_connecting(const Peer& to, bool& in_progress) {
    int fd = open_socket(to, SOCK_STREAM);
    if (fd < 0) return -1;
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    SockAddr s = to_sockaddr(to);
    in_progress = false;
    if (::connect(fd, s.get(), s.length) == 0) return fd;
    if (errno != EINPROGRESS) return fail_closed(fd);
    in_progress = true;
    return fd;
}

int udp_connected(const Peer& to) {
    int fd = open_socket(to, SOCK_DGRAM);
    if (fd < 0) return -1;
    SockAddr s = to_sockaddr(to);
    if (::connect(fd, s.get(), s.length) != 0) return fail_closed(fd);
    return fd;
}

Peer local_of(int fd) {
    sockaddr_storage s{};
    socklen_t len = sizeof s;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&s), &len);
    return from_sockaddr(s);
}

void raise_fd_limit() {
    rlimit r{};
    if (::getrlimit(RLIMIT_NOFILE, &r) == 0 && r.rlim_cur < r.rlim_max) {
        r.rlim_cur = r.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &r);
    }
}

std::string errno_text() {
    return std::strerror(errno);
}

}  // namespace msrt::cli::live
