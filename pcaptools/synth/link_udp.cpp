// Before each session: the ETR's authenticated UDP Map-Registers, the Map-Server's Map-Notifies, and about
// 1.7 s later the TCP handshake (spec 6.1 steps 1-3, 6.7).
#include "msrt/build.hpp"
#include "msrt/constants.hpp"
#include "synth/link_sim.hpp"

namespace msrt::synth {
namespace {

constexpr std::size_t kRegisterOverhead = 16 + 20 + 24;  // header, SHA-1 data, xTR-ID and Site-ID

std::size_t record_size(const EidRecord& r) {
    std::size_t n = 12 + encoded_size(r.eid) - 2;
    for (const Locator& l : r.locators)
        n += 6 + encoded_size(l.rloc);
    return n;
}

// Cisco-like MAC addresses: the Map-Server's own, and the HSRP virtual MAC of the router in front of it.
Mac ms_mac(std::string_view name) {
    std::uint32_t h = 2166136261u;
    for (char c : name)
        h = (h ^ static_cast<std::uint8_t>(c)) * 16777619u;
    return {0x00,
            0x00,
            0x0c,
            static_cast<std::uint8_t>(h >> 16),
            static_cast<std::uint8_t>(h >> 8),
            static_cast<std::uint8_t>(h)};
}
constexpr Mac kGatewayMac = {0x00, 0x00, 0x0c, 0x07, 0xac, 0x01};

}  // namespace

Hop LinkSim::make_hop(int side) const {
    const Network& n = setup_.scenario->net;
    const Address& ms_ip = setup_.ms.address;
    Address etr_ip = setup_.etr.rlocs.front();
    for (const Address& r : setup_.etr.rlocs)
        if (r.afi == ms_ip.afi) {
            etr_ip = r;
            break;
        }
    Hop h;
    h.vlan = n.vlan;
    h.tos = 0xC0;  // CS6, as routers mark their control traffic
    h.dont_fragment = true;
    bool etr = side == kEtr;
    h.src_mac = etr ? kGatewayMac : ms_mac(setup_.ms.name);
    h.dst_mac = etr ? ms_mac(setup_.ms.name) : kGatewayMac;
    h.src = etr ? etr_ip : ms_ip;
    h.dst = etr ? ms_ip : etr_ip;
    h.ttl = static_cast<std::uint8_t>(etr ? 255 - 2 - setup_.index % 6 : 255);
    return h;
}

std::unique_ptr<SessionTruth> LinkSim::new_truth(std::uint16_t etr_port) {
    auto t = std::make_unique<SessionTruth>();
    t->etr_name = setup_.etr.name;
    t->ms_name = setup_.ms.name;
    Hop h = make_hop(kEtr);
    t->etr_ip = h.src;
    t->ms_ip = h.dst;
    t->etr_port = etr_port;
    t->ms_port = setup_.scenario->profile->tcp_port;
    t->xtr_id = setup_.etr.xtr_id;
    t->site_id = setup_.etr.site_id;
    t->keep_messages = setup_.keep_messages;
    t->keep_table = setup_.keep_table;
    t->faults_enabled = setup_.scenario->faults.any();
    return t;
}

Connection& LinkSim::open_connection() {
    std::uint16_t port = next_port_;
    next_port_ = static_cast<std::uint16_t>(next_port_ + 1 + rng_.below(40));
    if (next_port_ < 20000) next_port_ = static_cast<std::uint16_t>(20000 + rng_.below(1000));
    auto owned = std::make_unique<Connection>(*this, new_truth(port));
    owned->hop = {make_hop(kEtr), make_hop(kMs)};
    current_ = owned.get();
    conns_.push_back(std::move(owned));
    return *current_;
}

// Active mappings grouped by signing key. The ETR's own key goes last, so the last Map-Register before the
// session is the one whose Map-Notify authorises it (spec 6.1, 7.2).
std::vector<std::pair<std::string, std::vector<std::size_t>>> LinkSim::udp_groups() const {
    std::vector<std::pair<std::string, std::vector<std::size_t>>> groups;
    std::vector<std::size_t> own;
    for (std::size_t i = 0; i < mappings_.size(); ++i) {
        if (!mappings_[i].active) continue;
        const std::string& key = mappings_[i].cfg.key.empty() ? setup_.etr.key : mappings_[i].cfg.key;
        if (key == setup_.etr.key) {
            own.push_back(i);
            continue;
        }
        auto g = std::find_if(groups.begin(), groups.end(), [&](const auto& x) { return x.first == key; });
        if (g == groups.end()) g = groups.insert(groups.end(), {key, {}});
        g->second.push_back(i);
    }
    groups.emplace_back(setup_.etr.key, std::move(own));
    return groups;
}

// One Map-Register per MTU-sized batch of records (at least one, to authenticate an ETR with none).
void LinkSim::pack_udp(const std::string& key, const std::vector<std::size_t>& members) {
    std::size_t budget = (setup_.ms.address.afi == wire::afi::kIpv6 ? 1452 : 1472) - kRegisterOverhead;
    std::vector<EidRecord> batch;
    std::vector<std::size_t> batch_maps;
    std::size_t used = 0;
    auto flush = [&] {
        build::RegisterParams p;
        p.nonce = rng_.next();
        p.ids = build::EtrIds{setup_.etr.xtr_id, setup_.etr.site_id};
        p.reliable = setup_.scenario->profile->reliable_bit;
        for (std::size_t m : batch_maps)
            mappings_[m].nonce = p.nonce;
        udp_.push_back(UdpMessage{build::map_register(p, std::move(batch), key), key, false});
        batch.clear();
        batch_maps.clear();
        used = 0;
    };
    for (std::size_t m : members) {
        const Mapping& mp = mappings_[m];
        EidRecord r = build::eid_record(mp.cfg.eid, locators(mp), mp.cfg.ttl,
                                        mp.cfg.as_lcaf.value_or(mp.cfg.eid.iid != 0));
        if (!batch.empty() && used + record_size(r) > budget) flush();
        used += record_size(r);
        batch.push_back(std::move(r));
        batch_maps.push_back(m);
    }
    if (!batch.empty() || members.empty()) flush();
}

void LinkSim::start_udp() {
    if (current_) return;
    Connection& c = open_connection();
    udp_.clear();
    for (const auto& [key, members] : udp_groups())
        pack_udp(key, members);
    UdpMessage& last = udp_.back();
    last.described = true;
    c.truth->udp = UdpAuthTruth{last.reg.reliable(), last.reg.nonce, false, false, false};
    for (std::size_t i = 0; i < udp_.size(); ++i) {
        if (udp_[i].key == setup_.etr.key) ++c.udp_expected;
        send_udp(c, kEtr, udp_[i].reg, udp_[i].described, i, now_);
    }
}

void LinkSim::send_udp(Connection& c, int side, const MapRegister& m, bool udp_auth, std::size_t index,
                       Micros ready) {
    Hop hop = c.hop[side];
    hop.ip_id = ip_id_[side]++;
    hop.dont_fragment = false;
    Emitted item;
    build_udp_frame(item.frame, hop, wire::kUdpControlPort, wire::kUdpControlPort, encode_map_register(m));
    Micros sent = serialise(side, item.frame.size(), ready);
    item.time = sent + to_tap(side);
    item.session = c.truth.get();
    item.conn = &c;
    item.udp_auth = udp_auth;
    item.side = side;
    push_tap(std::move(item));
    Event e = event(sent + one_way(side), side == kEtr ? Ev::UdpToMs : Ev::UdpToEtr, &c);
    e.index = index;
    schedule(std::move(e));
}

// The Map-Server drops a Map-Register it cannot authenticate and acknowledges the others (spec 7.2).
void LinkSim::udp_to_ms(Connection& c, std::size_t index) {
    const UdpMessage& u = udp_[index];
    if (u.key != setup_.etr.key) return;
    if (u.described) {
        c.truth->udp->authenticated = true;
        c.truth->udp->map_notify = u.reg.flag(wire::lisp::kRegM);
    }
    if (!u.reg.flag(wire::lisp::kRegM)) return;
    // Answered in the order received, so the last Map-Register gets the last Map-Notify.
    MapRegister notify = build::map_notify(u.reg, u.key, setup_.scenario->profile->reliable_bit);
    notify_ready_ = std::max(now_ + rng_.range(800, 2500), notify_ready_ + 40);
    send_udp(c, kMs, notify, false, index, notify_ready_);
}

void LinkSim::udp_to_etr(Connection& c) {
    if (c.udp_expected == 0 || --c.udp_expected > 0 || c.tcp_started) return;
    schedule(event(now_ + rng_.jitter(1'700'000, 60'000), Ev::Connect, &c));
}

void LinkSim::connect(Connection& c) {
    const Network& n = setup_.scenario->net;
    TcpParams p;
    p.mss = n.mss ? n.mss : (setup_.ms.address.afi == wire::afi::kIpv6 ? 1440 : 1460);
    p.window = n.window;
    p.delayed_ack = n.delayed_ack;
    c.ep[kEtr] = std::make_unique<TcpEndpoint>(c, kEtr, p, rng_.next32());
    c.ep[kMs] = std::make_unique<TcpEndpoint>(c, kMs, p, rng_.next32());
    c.tcp_started = true;
    c.ep[kMs]->listen();
    c.ep[kEtr]->connect();
}

void LinkSim::on_established(Connection& c, int side) {
    if (side == kMs) schedule(event(now_ + rng_.jitter(145'000, 8'000), Ev::InitialRefresh, &c));
}

}  // namespace msrt::synth
