// The ETR model's session life: UDP authentication, connection, loss and timers (spec 6.1, 6.7, 7.1).
#include "msrt/emulation/etr_model.hpp"

#include "msrt/auth.hpp"

namespace msrt::emulation {
namespace {

namespace lisp = wire::lisp;

// A Map-Register with this many records stays well inside one UDP datagram.
constexpr std::size_t kRecordsPerUdpRegister = 60;

// The nonce of the n-th UDP attempt, derived from the xTR-ID so that runs are reproducible.
std::uint64_t nonce_for(const XtrId& id, std::uint32_t attempt) {
    std::uint64_t h = 1469598103934665603ULL;
    for (std::uint8_t b : id)
        h = (h ^ b) * 1099511628211ULL;
    return h ^ (std::uint64_t{attempt} * 0x9E3779B97F4A7C15ULL);
}

}  // namespace

const char* etr_state_key(EtrState s) {
    switch (s) {
        case EtrState::Udp:
            return "udp";
        case EtrState::AuthWait:
            return "udp_auth_wait";
        case EtrState::Connecting:
            return "connecting";
        case EtrState::Syncing:
            return "syncing";
        case EtrState::Established:
            return "established";
    }
    return "?";
}

const char* key_status_key(KeyStatus s) {
    switch (s) {
        case KeyStatus::Unsent:
            return "unsent";
        case KeyStatus::Pending:
            return "pending";
        case KeyStatus::Registered:
            return "registered";
        case KeyStatus::Rejected:
            return "rejected";
        case KeyStatus::Withdrawn:
            return "withdrawn";
    }
    return "?";
}

EtrModel::EtrModel(EtrConfig config) : config_(std::move(config)) {
    for (const Mapping& m : config_.mappings) {
        mappings_[m.eid] = m;
        table_[m.eid];
    }
}

std::vector<EtrAction> EtrModel::take_actions() {
    return std::exchange(actions_, {});
}

void EtrModel::act(EtrAction::Type type, Bytes bytes, Message m) {
    EtrAction a;
    a.type = type;
    a.bytes = std::move(bytes);
    a.message = std::move(m);
    actions_.push_back(std::move(a));
}

void EtrModel::log(std::string text) {
    EtrAction a;
    a.text = std::move(text);
    actions_.push_back(std::move(a));
}

void EtrModel::start(Micros now) {
    state_ = EtrState::Udp;
    send_udp_register(now);
}

void EtrModel::send_udp_register(Micros now) {
    nonce_ = nonce_for(config_.xtr_id, attempt_++);
    RegisterHeader h;
    // M asks for the Map-Notify that authenticates us; `r` asks for reliable transport (ietf, spec 3 item 2).
    h.flags = lisp::kRegM | (config_.profile->reliable_bit ? lisp::kRegReliable : 0);
    h.nonce = nonce_;
    h.key_id = config_.key_id;
    h.alg_id = config_.alg_id;
    h.xtr_id = config_.xtr_id;
    h.site_id = config_.site_id;
    std::vector<EidRecord> records;
    // Mappings signed with their own key are left to TCP, where each gets its own answer.
    for (const auto& [eid, m] : mappings_)
        if (!m.key) records.push_back(make_record(eid, m.locators, m.ttl));
    std::size_t sent = 0;
    do {
        std::size_t n = std::min(kRecordsPerUdpRegister, records.size() - sent);
        std::vector<EidRecord> part(records.begin() + static_cast<std::ptrdiff_t>(sent),
                                    records.begin() + static_cast<std::ptrdiff_t>(sent + n));
        act(EtrAction::Type::SendUdp, build_signed_register(h, part, config_.key));
        sent += n;
    } while (sent < records.size());
    log("UDP Map-Register: " + std::to_string(records.size()) + " record(s)" +
        (config_.profile->reliable_bit ? ", r set" : ""));
    state_ = EtrState::AuthWait;
    deadline_ = now + config_.notify_timeout;
}

void EtrModel::on_udp(ByteView payload, Micros now) {
    if (state_ != EtrState::AuthWait) return;
    Result<MapRegister> m = decode_map_register(payload);
    if (!m || !m->is_notify() || m->nonce != nonce_) {
        log("ignored a UDP message that is not our Map-Notify");
        return;
    }
    if (m->alg_id != lisp::kAlgNone && verify_auth(*m, payload, config_.key) != AuthStatus::Ok) {
        log("Map-Notify failed authentication");
        return;
    }
    // An MS that does not echo `r` may still take TCP (2020-era Cisco, spec 9 item 18): try anyway.
    log(std::string("Map-Notify authenticated") + (m->flag(lisp::kRegReliable) ? ", r echoed" : "") +
        "; connecting");
    state_ = EtrState::Connecting;
    deadline_ = now + config_.connect_timeout;
    act(EtrAction::Type::Connect);
}

void EtrModel::on_connected(Micros now) {
    state_ = EtrState::Syncing;
    ids_ = IdCounter{};
    refreshed_ = false;
    progress_at_ = now;
    ++counters_.sessions;
    log("session up; waiting for the Map-Server's Refresh");  // the ETR does not send first [C]
}

void EtrModel::on_connect_failed(Micros now) {
    log("TCP connection failed");
    retry_later(now);
}

void EtrModel::retry_later(Micros now) {
    state_ = EtrState::Udp;
    deadline_ = now + backoff_;
    backoff_ = std::min(backoff_ * 2, config_.udp_period);
}

void EtrModel::on_closed(Micros now) {
    if (!connected() && state_ != EtrState::Connecting) return;
    log("session down");
    // Answers still owed are lost with the session: those keys are sent again on the next Refresh.
    for (auto& [eid, k] : table_) {
        if (k.inflight.empty()) continue;
        k.inflight.clear();
        if (k.status == KeyStatus::Pending) k.status = KeyStatus::Unsent;
    }
    pending_ = 0;
    retry_later(now);
}

void EtrModel::drop_session(Micros now, const std::string& why) {
    log("closing the session: " + why);
    act(EtrAction::Type::Close);
    on_closed(now);
}

void EtrModel::tick(Micros now) {
    run_changes(now);
    if (state_ == EtrState::Udp && now >= deadline_) return send_udp_register(now);
    if (state_ == EtrState::AuthWait && now >= deadline_) {
        log("no Map-Notify");
        return retry_later(now);
    }
    if (state_ == EtrState::Connecting && now >= deadline_) {
        act(EtrAction::Type::Close);
        return on_connect_failed(now);
    }
    bool waiting = pending_ > 0 || (state_ == EtrState::Syncing && !refreshed_);
    if (connected() && waiting && now - progress_at_ >= config_.answer_timeout)
        drop_session(now, pending_ > 0 ? "answers overdue" : "no Refresh from the Map-Server");
}

std::optional<Micros> EtrModel::next_deadline() const {
    std::optional<Micros> t;
    auto consider = [&t](Micros v) { t = t ? std::min(*t, v) : v; };
    if (!connected())
        consider(deadline_);
    else if (pending_ > 0 || (state_ == EtrState::Syncing && !refreshed_))
        consider(progress_at_ + config_.answer_timeout);
    if (established_at_ && next_change_ < config_.changes.size())
        consider(*established_at_ + config_.changes[next_change_].after);
    return t;
}

void EtrModel::run_changes(Micros now) {
    while (established_at_ && next_change_ < config_.changes.size() &&
           now >= *established_at_ + config_.changes[next_change_].after) {
        const ScheduledChange& ch = config_.changes[next_change_++];
        if (ch.type == ScheduledChange::Type::Withdraw)
            withdraw(ch.mapping.eid, now);
        else
            set_mapping(ch.mapping, now);
    }
}

void EtrModel::settle(Micros now) {
    if (state_ != EtrState::Syncing || !refreshed_ || pending_ > 0) return;
    state_ = EtrState::Established;
    backoff_ = kSecond;
    if (!established_at_) established_at_ = now;
    log("established");
}

}  // namespace msrt::emulation
