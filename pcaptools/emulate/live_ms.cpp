#include "emulate/live_ms.hpp"

#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

#include "emulate/config_files.hpp"
#include "emulate/state_report.hpp"

namespace msrt::cli::live {
namespace {

using emulation::MsAction;
using emulation::SessionId;

constexpr std::size_t kMaxDatagram = 65536;
constexpr int kPortAttempts = 50;

}  // namespace

LiveMapServer::LiveMapServer(EventLoop& loop, emulation::Policy policy, MsLiveOptions options)
    : loop_(loop), model_(std::move(policy)), options_(std::move(options)), log_("ms", options_.quiet) {}

LiveMapServer::~LiveMapServer() {
    sessions_.clear();
    closed_.clear();
    if (udp_ >= 0) ::close(udp_);
    if (tcp_ >= 0) ::close(tcp_);
}

bool LiveMapServer::start() {
    // UDP and TCP must share the port number: with port 0, take TCP's choice and retry if UDP has it in use.
    for (int i = 0; i < kPortAttempts; ++i) {
        tcp_ = tcp_listening(options_.listen);
        if (tcp_ < 0) break;
        Peer bound = local_of(tcp_);
        udp_ = udp_bound(bound);
        if (udp_ >= 0) {
            options_.listen = bound;
            break;
        }
        ::close(tcp_);
        tcp_ = -1;
        if (options_.listen.port != 0) break;
    }
    if (tcp_ < 0 || udp_ < 0) {
        log_.always(loop_.now(), "cannot listen on " + options_.listen.str() + ": " + errno_text());
        return false;
    }
    udp_handler_.owner = tcp_handler_.owner = this;
    udp_handler_.ready = &LiveMapServer::on_udp_ready;
    tcp_handler_.ready = &LiveMapServer::on_accept_ready;
    loop_.add(udp_, EPOLLIN, &udp_handler_);
    loop_.add(tcp_, EPOLLIN, &tcp_handler_);
    log_.always(loop_.now(), "listening on " + options_.listen.str() + " (udp+tcp), profile " +
                                 model_.policy().profile->name);
    return true;
}

int LiveMapServer::run() {
    while (!loop_.stopping()) {
        loop_.wait(model_.next_deadline());
        if (loop_.take_reload()) reload_policy();
        model_.tick(loop_.now());
        carry_out();
        closed_.clear();
    }
    finish();
    return 0;
}

void LiveMapServer::finish() {
    Micros now = loop_.now();
    log_.always(now, "stopping: closing " + std::to_string(sessions_.size()) + " session(s)");
    while (!sessions_.empty())
        sessions_.begin()->second->close_now("Map-Server stopping");
    carry_out();
    closed_.clear();
    if (options_.json)
        write_ms_state_json(stdout, model_, now);
    else
        print_ms_state(stdout, model_, now);
    if (!options_.state_out.empty())
        if (std::FILE* f = std::fopen(options_.state_out.c_str(), "w")) {
            write_ms_state_json(f, model_, now);
            std::fclose(f);
        }
    std::fflush(stdout);
}

void LiveMapServer::reload_policy() {
    Result<emulation::Policy> p = load_policy(options_.policy_path);
    if (!p) return log_.always(loop_.now(), "policy not reloaded: " + p.error().str());
    log_.always(loop_.now(), "policy reloaded from " + options_.policy_path);
    model_.set_policy(std::move(*p), loop_.now());
}

void LiveMapServer::on_udp_ready() {
    std::uint8_t buf[kMaxDatagram];
    for (int i = 0; i < 64; ++i) {
        sockaddr_storage from{};
        socklen_t len = sizeof from;
        ssize_t n = ::recvfrom(udp_, buf, sizeof buf, 0, reinterpret_cast<sockaddr*>(&from), &len);
        if (n < 0) return;
        Peer peer = from_sockaddr(from);
        model_.on_udp(peer, ByteView(buf, static_cast<std::size_t>(n)), loop_.now());
        carry_out();
    }
}

void LiveMapServer::on_accept_ready() {
    for (int i = 0; i < 256; ++i) {
        sockaddr_storage from{};
        socklen_t len = sizeof from;
        int fd = ::accept4(tcp_, reinterpret_cast<sockaddr*>(&from), &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) return;
        Peer peer = from_sockaddr(from);
        Micros now = loop_.now();
        if (!model_.authorised(peer.ip, now) ||
            (sessions_.size() >= options_.max_sessions && !evict_silent())) {
            refuse(fd, peer);
            continue;
        }
        SessionId id = model_.accept(peer, now);
        silent_.insert(id);
        sessions_[id] = std::make_unique<Connection>(loop_, fd, *this, false, id);
        carry_out();
    }
}

// At the session limit, the oldest session that never sent a whole message makes room [I]: a real ETR answers
// the first Refresh at once (spec 6.1 step 5), so such a session is idle, stalled or not an ETR at all.
bool LiveMapServer::evict_silent() {
    if (silent_.empty()) return false;
    auto it = sessions_.find(*silent_.begin());
    silent_.erase(silent_.begin());
    if (it == sessions_.end()) return true;
    it->second->close_now("session limit reached: this session never sent a message and makes room");
    return true;
}

// A TCP connection nobody authorised is reset (spec 7.2: "refuse (RST)").
void LiveMapServer::refuse(int fd, const Peer& peer) {
    linger l{1, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
    ::close(fd);
    log_.note(loop_.now(), peer.str(), "TCP refused: no UDP authorisation (or session limit)");
}

std::string LiveMapServer::who(SessionId id) const {
    auto it = sessions_.find(id);
    return "[s" + std::to_string(id) + (it != sessions_.end() ? " " + it->second->peer() : std::string()) +
           "]";
}

// Carries out what the model decided, in order.
void LiveMapServer::carry_out() {
    const Profile& p = *model_.policy().profile;
    for (MsAction& a : model_.take_actions()) {
        auto it = sessions_.find(a.session);
        Connection* c = it == sessions_.end() ? nullptr : it->second.get();
        switch (a.type) {
            case MsAction::Type::Send:
                log_.message(loop_.now(), who(a.session), "->", a.bytes, p);
                if (c) c->send(a.bytes);
                break;
            case MsAction::Type::SendUdp: {
                SockAddr to = to_sockaddr(a.peer);
                ::sendto(udp_, a.bytes.data(), a.bytes.size(), 0, to.get(), to.length);
                log_.note(loop_.now(), a.peer.str(), "-> UDP Map-Notify");
                break;
            }
            case MsAction::Type::Close:
                if (c) c->close_after_flush("closed by the Map-Server");
                break;
            case MsAction::Type::Log:
                log_.note(loop_.now(), a.session ? who(a.session) : "", a.text);
                break;
        }
    }
}

void LiveMapServer::on_frame(Connection& c, ByteView message) {
    silent_.erase(c.tag());
    log_.message(loop_.now(), who(c.tag()), "<-", message, *model_.policy().profile);
    model_.on_message(c.tag(), message, loop_.now());
    carry_out();
}

void LiveMapServer::on_framing_error(Connection& c, const FramingError& e, ByteView header) {
    model_.on_framing_error(c.tag(), e, header, loop_.now());
    carry_out();
}

void LiveMapServer::on_closed(Connection& c, const std::string& why) {
    SessionId id = c.tag();
    silent_.erase(id);
    log_.note(loop_.now(), who(id), "TCP closed: " + why);
    model_.on_session_closed(id, loop_.now());
    auto it = sessions_.find(id);
    if (it != sessions_.end()) {
        closed_.push_back(std::move(it->second));
        sessions_.erase(it);
    }
    carry_out();
}

}  // namespace msrt::cli::live
