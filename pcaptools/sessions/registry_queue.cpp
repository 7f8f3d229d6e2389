#include "sessions/registry_queue.hpp"

namespace msrt::cli {
session::SessionRef ref_of(const SessionState& s) {
    return session::SessionRef{s.id, s.etr_ip, s.ms_ip, s.etr_port, s.ms_port};
}

RegistryQueue::Op RegistryQueue::take_spare() {
    std::lock_guard lock(mutex_);
    if (spare_.empty()) return Op{};
    Op op = std::move(spare_.back());
    spare_.pop_back();
    return op;
}

void RegistryQueue::session_lost(std::unique_ptr<SessionState> s) {
    Op op;
    op.change = Change::SessionLost;
    op.session = std::move(s);
    queue(std::move(op));
}

void RegistryQueue::udp_register(const Address& etr, const Address& ms, const MapRegister& m, Micros t) {
    Op op = take_spare();
    op.change = Change::UdpRegister;
    op.etr = etr;
    op.ms = ms;
    op.map_register = m;  // assigned: the spare's records and locators keep their storage
    op.t = t;
    queue(std::move(op));
}

void RegistryQueue::expire(Micros now) {
    Op op;
    op.change = Change::Expire;
    op.t = now;
    queue(std::move(op));
}

void RegistryQueue::queue(Op op) {
    std::vector<std::unique_ptr<SessionState>> done;
    std::size_t waiting = 0;
    {
        std::lock_guard lock(mutex_);
        waiting_.push_back(std::move(op));
        waiting = waiting_.size();
        if (!applied_.empty()) done.swap(applied_);
    }
    done.clear();  // freed here, on the interpreting thread
    // Waits for the other thread if it is applying one: what waits must stay bounded.
    for (; waiting > max_waiting_; --waiting)
        apply_one(true);
}

bool RegistryQueue::apply_one() {
    return apply_one(false);
}

bool RegistryQueue::apply_one(bool wait) {
    std::unique_lock apply_lock(applying_, std::defer_lock);
    if (wait)
        apply_lock.lock();
    else if (!apply_lock.try_lock())
        return false;
    Op op;
    {
        std::lock_guard lock(mutex_);
        if (waiting_.empty()) return false;
        op = std::move(waiting_.front());
        waiting_.pop_front();
    }
    apply(op);
    std::lock_guard lock(mutex_);
    if (op.session) applied_.push_back(std::move(op.session));
    if (op.change == Change::UdpRegister && spare_.size() <= max_waiting_) spare_.push_back(std::move(op));
    return true;
}

void RegistryQueue::apply(Op& op) {
    switch (op.change) {
        case Change::SessionLost:
            registry_.on_session_end(ref_of(*op.session), op.session->tracker, op.session->end);
            break;
        case Change::UdpRegister:
            registry_.on_udp_register(op.etr, op.ms, op.map_register, op.t);
            break;
        case Change::Expire:
            registry_.expire(op.t);
            break;
    }
}

std::size_t RegistryQueue::waiting() {
    std::lock_guard lock(mutex_);
    return waiting_.size();
}

void RegistryQueue::finish() {
    while (apply_one(true)) {
    }
    std::lock_guard lock(mutex_);
    applied_.clear();
}

}  // namespace msrt::cli
