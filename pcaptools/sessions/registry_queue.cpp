#include "sessions/registry_queue.hpp"

namespace msrt::cli {

session::SessionRef ref_of(const SessionState& s) {
    return session::SessionRef{s.id, s.etr_ip, s.ms_ip, s.etr_port, s.ms_port};
}

void RegistryQueue::session_lost(std::unique_ptr<SessionState> s) {
    Op op;
    op.change = Change::SessionLost;
    op.session = std::move(s);
    queue(std::move(op));
}

void RegistryQueue::udp_register(const Address& etr, const Address& ms, const MapRegister& m, Micros t) {
    Op op;
    if (!spare_.empty()) {
        op = std::move(spare_.back());
        spare_.pop_back();
    }
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
    ops_.push(std::move(op), [this](Op& o) { apply(o); });
    // Sessions are freed here, on the interpreting thread.
    for (Op& done : ops_.take_done())
        if (done.change == Change::UdpRegister && spare_.size() <= max_waiting_)
            spare_.push_back(std::move(done));
}

bool RegistryQueue::apply_one() {
    return ops_.do_one(false, [this](Op& o) { apply(o); });
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
    return ops_.waiting();
}

void RegistryQueue::finish() {
    while (ops_.do_one(true, [this](Op& o) { apply(o); })) {
    }
    ops_.take_done();
}

}  // namespace msrt::cli
