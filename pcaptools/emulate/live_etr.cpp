#include "emulate/live_etr.hpp"

#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "emulate/state_report.hpp"

namespace msrt::cli::live {
namespace {

using emulation::EtrAction;
using emulation::EtrState;

constexpr std::size_t kMaxDatagram = 65536;

}  // namespace

LiveEtrs::LiveEtrs(EventLoop& loop, std::vector<emulation::EtrConfig> configs, EtrLiveOptions options)
    : loop_(loop), options_(std::move(options)), log_("etr", options_.quiet) {
    for (auto& c : configs) {
        etrs_.push_back(std::make_unique<Etr>(std::move(c)));
        etrs_.back()->owner = this;
        etrs_.back()->index = etrs_.size() - 1;
    }
}

LiveEtrs::~LiveEtrs() {
    for (auto& e : etrs_) {
        e->tcp.reset();
        if (e->udp >= 0) {
            loop_.remove(e->udp);
            ::close(e->udp);
        }
    }
}

bool LiveEtrs::start() {
    for (auto& e : etrs_) {
        e->udp = udp_connected(options_.ms);
        if (e->udp < 0) {
            log_.always(loop_.now(),
                        "cannot open a UDP socket towards " + options_.ms.str() + ": " + errno_text());
            return false;
        }
        loop_.add(e->udp, EPOLLIN, e.get());
    }
    started_at_ = loop_.now();
    log_.always(started_at_, std::to_string(etrs_.size()) + " ETR(s) towards " + options_.ms.str());
    return true;
}

std::string LiveEtrs::who(const Etr& e) const {
    return etrs_.size() == 1 ? "" : "[etr" + std::to_string(e.index) + "]";
}

std::optional<Micros> LiveEtrs::next_deadline() const {
    std::optional<Micros> t;
    auto consider = [&t](Micros v) { t = t ? std::min(*t, v) : v; };
    for (const auto& e : etrs_) {
        if (!e->started)
            consider(started_at_ + options_.start_spread * static_cast<Micros>(e->index) /
                                       static_cast<Micros>(etrs_.size()));
        else if (auto d = e->model.next_deadline())
            consider(*d);
    }
    if (options_.duration) consider(started_at_ + options_.duration);
    if (options_.exit_when_settled) consider(loop_.now() + 100'000);  // re-check settling regularly
    return t;
}

int LiveEtrs::run() {
    while (!loop_.stopping()) {
        loop_.wait(next_deadline());
        Micros now = loop_.now();
        for (auto& e : etrs_) {
            Micros due = started_at_ + options_.start_spread * static_cast<Micros>(e->index) /
                                           static_cast<Micros>(etrs_.size());
            if (!e->started && now >= due) {
                e->started = true;
                e->model.start(now);
            } else if (e->started) {
                e->model.tick(now);
            }
            carry_out(*e);
        }
        closed_.clear();
        if (options_.duration && now >= started_at_ + options_.duration) break;
        if (options_.exit_when_settled && settled()) break;
    }
    finish();
    return figures_.sent == figures_.answered ? 0 : 1;
}

bool LiveEtrs::settled() const {
    return std::all_of(etrs_.begin(), etrs_.end(), [](const auto& e) {
        return e->model.state() == EtrState::Established && e->model.script_done() && !e->model.has_pending();
    });
}

void LiveEtrs::Etr::on_ready(std::uint32_t) {
    owner->on_udp(*this);
}

void LiveEtrs::on_udp(Etr& e) {
    std::uint8_t buf[kMaxDatagram];
    for (int i = 0; i < 16; ++i) {
        ssize_t n = ::recv(e.udp, buf, sizeof buf, 0);
        if (n < 0) return;  // EAGAIN, or ECONNREFUSED from an earlier datagram: the timers retry
        log_.note(loop_.now(), who(e), "<- UDP Map-Notify");
        e.model.on_udp(ByteView(buf, static_cast<std::size_t>(n)), loop_.now());
        carry_out(e);
    }
}

void LiveEtrs::connect(Etr& e) {
    bool in_progress = false;
    int fd = tcp_connecting(options_.ms, in_progress);
    if (fd < 0) {
        log_.note(loop_.now(), who(e), "connect: " + errno_text());
        e.model.on_connect_failed(loop_.now());
        return carry_out(e);
    }
    e.tcp = std::make_unique<Connection>(loop_, fd, *this, true, e.index);
}

void LiveEtrs::carry_out(Etr& e) {
    const Profile& p = *e.model.config().profile;
    for (EtrAction& a : e.model.take_actions()) {
        switch (a.type) {
            case EtrAction::Type::SendUdp:
                ::send(e.udp, a.bytes.data(), a.bytes.size(), 0);
                log_.note(loop_.now(), who(e), "-> UDP Map-Register");
                break;
            case EtrAction::Type::Connect:
                connect(e);
                break;
            case EtrAction::Type::Send:
                log_.message(loop_.now(), who(e), "->", a.bytes, p);
                if (!e.tcp) break;
                if (a.message.kind == Kind::Registration) {
                    e.awaiting.push_back(loop_.now());
                    if (figures_.sent++ == 0) figures_.first_sent = loop_.now();
                }
                e.tcp->send(a.bytes);
                break;
            case EtrAction::Type::Close:
                // The model has already moved on: detach first so the socket's close is not reported back.
                if (e.tcp) {
                    closed_.push_back(std::move(e.tcp));
                    closed_.back()->close_now("closed by the ETR");
                }
                e.awaiting.clear();
                break;
            case EtrAction::Type::Log:
                log_.note(loop_.now(), who(e), a.text);
                break;
        }
    }
}

void LiveEtrs::measure(Etr& e, ByteView message) {
    Kind k = e.model.config().profile->kind_of(load_be16(message.data()));
    if ((k != Kind::RegistrationAck && k != Kind::RegistrationNack) || e.awaiting.empty()) return;
    // The Map-Server answers in order within a session (spec 2.7), so the oldest waiting one is answered.
    Micros now = loop_.now();
    figures_.latencies.push_back(now - e.awaiting.front());
    e.awaiting.pop_front();
    ++figures_.answered;
    ++(k == Kind::RegistrationAck ? figures_.acks : figures_.nacks);
    figures_.last_answer = now;
}

void LiveEtrs::on_connected(Connection& c) {
    Etr& e = *etrs_.at(c.tag());
    e.model.on_connected(loop_.now());
    carry_out(e);
}

void LiveEtrs::on_frame(Connection& c, ByteView message) {
    Etr& e = *etrs_.at(c.tag());
    log_.message(loop_.now(), who(e), "<-", message, *e.model.config().profile);
    measure(e, message);
    e.model.on_message(message, loop_.now());
    carry_out(e);
}

void LiveEtrs::on_framing_error(Connection& c, const FramingError& err, ByteView) {
    Etr& e = *etrs_.at(c.tag());
    log_.note(loop_.now(), who(e), "framing lost at offset " + std::to_string(err.offset) + ": closing");
    c.close_now("framing error");
}

void LiveEtrs::on_closed(Connection& c, const std::string& why) {
    Etr& e = *etrs_.at(c.tag());
    if (e.tcp.get() != &c) return;  // a connection the model already gave up
    log_.note(loop_.now(), who(e), "TCP closed: " + why);
    closed_.push_back(std::move(e.tcp));
    e.awaiting.clear();
    if (e.model.state() == EtrState::Connecting)
        e.model.on_connect_failed(loop_.now());
    else
        e.model.on_closed(loop_.now());
    carry_out(e);
}

void LiveEtrs::finish() {
    std::vector<const emulation::EtrModel*> models;
    for (const auto& e : etrs_)
        models.push_back(&e->model);
    for (auto& e : etrs_)
        if (e->tcp) closed_.push_back(std::move(e->tcp));
    closed_.clear();
    if (options_.json)
        write_etr_state_json(stdout, models);
    else if (etrs_.size() <= 10)
        print_etr_state(stdout, models);
    if (!options_.state_out.empty())
        if (std::FILE* f = std::fopen(options_.state_out.c_str(), "w")) {
            write_etr_state_json(f, models);
            std::fclose(f);
        }
    if (figures_.sent > 0) {
        auto& l = figures_.latencies;
        std::sort(l.begin(), l.end());
        auto pct = [&l](double q) {
            return l.empty() ? 0.0 : l[static_cast<std::size_t>(q * (l.size() - 1))] / 1000.0;
        };
        double secs = static_cast<double>(figures_.last_answer - figures_.first_sent) / 1e6;
        std::fprintf(
            stderr,
            "registrations: %llu sent, %llu answered (%llu ACK, %llu NACK) in %.3f s: %.0f/s; answer latency "
            "p50 %.3f ms, p99 %.3f ms, max %.3f ms\n",
            static_cast<unsigned long long>(figures_.sent),
            static_cast<unsigned long long>(figures_.answered),
            static_cast<unsigned long long>(figures_.acks), static_cast<unsigned long long>(figures_.nacks),
            secs, secs > 0 ? static_cast<double>(figures_.answered) / secs : 0.0, pct(0.5), pct(0.99),
            pct(1.0));
    }
    std::fflush(stdout);
}

}  // namespace msrt::cli::live
