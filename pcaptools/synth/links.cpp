#include "synth/links.hpp"

#include <algorithm>

namespace msrt::synth {
namespace {

// Pairs of one ETR with several Map-Servers start a few milliseconds apart, as the ETR walks its list.
constexpr Micros kPerMapServerOffset = 3'000;

std::vector<Action> actions_for(const Scenario& s, const EtrConfig& etr, const std::string& ms) {
    std::vector<Action> out;
    for (const Action& a : s.actions) {
        if (a.etr != etr.name) continue;
        if (a.by_ms ? a.ms == ms : (a.ms.empty() || a.ms == ms)) out.push_back(a);
    }
    return out;
}

Members members_of(const Scenario& s) {
    Members m;
    for (const EtrConfig& e : s.etrs)
        for (const EidConfig& c : e.eids)
            for (const Address& r : e.rlocs) {
                auto& list = m[c.eid.iid];
                std::pair<std::uint64_t, Address> member{e.site_id, r};
                if (std::find(list.begin(), list.end(), member) == list.end()) list.push_back(member);
            }
    return m;
}

Address address_from(std::uint16_t afi, std::initializer_list<std::uint8_t> octets) {
    std::array<std::uint8_t, 16> buf{};
    std::copy(octets.begin(), octets.end(), buf.begin());
    return Address::from_octets(afi, ByteView(buf.data(), octets.size()));
}

std::uint8_t byte(std::uint64_t v, int shift) {
    return static_cast<std::uint8_t>(v >> shift);
}

// Prefix j of ETR i: unique per ETR; one in ten IPv6, one in twenty-five MAC, the rest IPv4.
Eid scale_eid(std::uint64_t i, std::uint64_t j) {
    Eid e;
    e.iid = static_cast<std::uint32_t>(1000 + i % 16);
    if (j % 25 == 24) {
        e.prefix =
            address_from(wire::afi::kMac48, {0x02, 0x00, byte(i, 8), byte(i, 0), byte(j, 8), byte(j, 0)});
        e.len = 48;
    } else if (j % 10 == 9) {
        e.prefix = address_from(wire::afi::kIpv6, {0x20, 0x01, 0x0d, 0xb8, byte(i, 8), byte(i, 0),
                                                   byte(j, 24), byte(j, 16), byte(j, 8), byte(j, 0)});
        e.len = 80;
    } else if (j < 65536) {
        e.prefix = address_from(wire::afi::kIpv4, {10, byte(j, 8), byte(j, 0), 0});
        e.len = 24;
    } else {
        e.prefix = address_from(wire::afi::kIpv4, {static_cast<std::uint8_t>(byte(j, 24) | 0x40), byte(j, 16),
                                                   byte(j, 8), byte(j, 0)});
        e.len = 32;
    }
    return e;
}

}  // namespace

ScenarioLinks::ScenarioLinks(const Scenario& s, bool keep_messages, bool keep_table)
    : members_(members_of(s)) {
    for (const EtrConfig& etr : s.etrs) {
        for (std::size_t k = 0; k < etr.ms.size(); ++k) {
            LinkSetup l;
            l.scenario = &s;
            l.etr = etr;
            l.etr.start += kPerMapServerOffset * static_cast<Micros>(k);
            l.ms = *s.find_ms(etr.ms[k]);
            l.actions = actions_for(s, etr, etr.ms[k]);
            l.members = &members_;
            l.index = setups_.size();
            l.keep_messages = keep_messages;
            l.keep_table = keep_table;
            setups_.push_back(std::move(l));
        }
    }
    std::stable_sort(setups_.begin(), setups_.end(),
                     [](const LinkSetup& a, const LinkSetup& b) { return a.etr.start < b.etr.start; });
}

std::optional<Micros> ScenarioLinks::next_start() {
    if (next_ >= setups_.size()) return std::nullopt;
    return setups_[next_].etr.start;
}

std::unique_ptr<LinkSim> ScenarioLinks::next() {
    return std::make_unique<LinkSim>(std::move(setups_[next_++]));
}

ScaleLinks::ScaleLinks(const Scenario& globals, const ScaleParams& p, bool keep_messages, bool keep_table)
    : globals_(globals),
      p_(p),
      stagger_(std::max<Micros>(
          1, (p.lifetime + 2'000'000) / static_cast<Micros>(std::max<std::uint64_t>(1, p.concurrency)))),
      keep_messages_(keep_messages),
      keep_table_(keep_table) {
    ms_.name = "ms1";
    ms_.address = p.ipv6 ? *Address::parse("2001:db8::1") : *Address::parse("192.0.2.1");
}

std::optional<Micros> ScaleLinks::next_start() {
    if (next_ >= p_.sessions) return std::nullopt;
    return static_cast<Micros>(next_) * stagger_;
}

EtrConfig ScaleLinks::make_etr(std::uint64_t i) const {
    EtrConfig e;
    e.name = "etr" + std::to_string(i);
    e.ms = {ms_.name};
    std::uint64_t host = 1 + i % 131'000;  // 198.18.0.0/15, RFC 2544 benchmarking space
    e.rlocs = {p_.ipv6
                   ? address_from(wire::afi::kIpv6, {0x20, 0x01, 0x0d, 0xb8, 0xff, 0xff, 0, 0, 0, 0, 0, 0,
                                                     byte(i, 24), byte(i, 16), byte(i, 8), byte(i + 1, 0)})
                   : address_from(wire::afi::kIpv4, {198, static_cast<std::uint8_t>(18 + (host >> 16)),
                                                     byte(host, 8), byte(host, 0)})};
    for (std::size_t k = 0; k < e.xtr_id.size(); ++k)
        e.xtr_id[k] = byte(i * 0x9E3779B97F4A7C15ull, 8 * (k % 8));
    e.site_id = i + 1;
    e.key = "bench-key";
    e.start = static_cast<Micros>(i) * stagger_;
    for (std::uint64_t j = 0; j < p_.prefixes; ++j) {
        EidConfig c;
        c.eid = scale_eid(i, j);
        if (j % 97 == 50) c.nack = static_cast<NackReason>((j / 97) % 4);
        e.eids.push_back(std::move(c));
    }
    return e;
}

std::vector<Action> ScaleLinks::make_actions(const EtrConfig& etr) const {
    std::vector<Action> out;
    auto at = [&](double fraction) {
        return etr.start + static_cast<Micros>(static_cast<double>(p_.lifetime) * fraction);
    };
    auto action = [&](double fraction, ActionKind kind) {
        Action a;
        a.at = at(fraction);
        a.kind = kind;
        a.etr = etr.name;
        return a;
    };
    if (!etr.eids.empty()) {
        Action w = action(0.5, ActionKind::Withdraw);
        w.eid = etr.eids.front();
        out.push_back(w);
    }
    Action r = action(0.7, ActionKind::Refresh);
    r.by_ms = true;
    r.ms = ms_.name;
    r.scope = Scope::Instance;
    r.target.iid = etr.eids.empty() ? 0 : etr.eids.front().eid.iid;
    r.rejected_only = true;
    out.push_back(r);
    out.push_back(action(1.0, ActionKind::Close));
    return out;
}

std::unique_ptr<LinkSim> ScaleLinks::next() {
    LinkSetup l;
    l.scenario = &globals_;
    l.etr = make_etr(next_);
    l.ms = ms_;
    l.actions = make_actions(l.etr);
    l.index = next_++;
    l.keep_messages = keep_messages_;
    l.keep_table = keep_table_;
    return std::make_unique<LinkSim>(std::move(l));
}

}  // namespace msrt::synth
