#include "msrt/emulation/etr_config.hpp"

namespace msrt::emulation {
namespace {

namespace lisp = wire::lisp;

std::optional<XtrId> parse_xtr_id(std::string_view hex) {
    if (hex.size() != 32) return std::nullopt;
    XtrId id{};
    for (std::size_t i = 0; i < id.size(); ++i) {
        std::optional<std::uint64_t> b = parse_uint("0x" + std::string(hex.substr(2 * i, 2)), 0xFF);
        if (!b) return std::nullopt;
        id[i] = static_cast<std::uint8_t>(*b);
    }
    return id;
}

// Reads "rloc A [priority P] [weight W]" groups, "ttl N" and "key K" from words[from...].
std::optional<Error> mapping_options(const Line& l, std::size_t from, Mapping& m) {
    for (std::size_t i = from; i < l.words.size(); i += 2) {
        if (i + 1 >= l.words.size()) return l.error("'" + l.words[i] + "' needs a value");
        const std::string& k = l.words[i];
        const std::string& v = l.words[i + 1];
        if (k == "rloc") {
            std::optional<Address> a = Address::parse(v);
            if (!a || a->afi == 0) return l.error("'" + v + "' is not a locator address");
            m.locators.push_back(make_locator(*a));
        } else if (k == "priority" || k == "weight") {
            std::optional<std::uint64_t> n = parse_uint(v, 255);
            if (!n || m.locators.empty()) return l.error("'" + k + "' needs a number after an 'rloc'");
            (k == "priority" ? m.locators.back().priority : m.locators.back().weight) =
                static_cast<std::uint8_t>(*n);
        } else if (k == "ttl") {
            std::optional<std::uint64_t> n = parse_uint(v, 0xFFFFFFFF);
            if (!n) return l.error("'" + v + "' is not a TTL in minutes");
            m.ttl = static_cast<std::uint32_t>(*n);
        } else if (k == "key") {
            m.key = v;
        } else {
            return l.error("unknown mapping option '" + k + "'");
        }
    }
    return std::nullopt;
}

std::optional<Error> mapping_line(const Line& l, std::size_t at, Mapping& m) {
    if (l.words.size() <= at) return l.error("'" + l.words[at - 1] + "' needs an EID prefix");
    std::optional<Eid> eid = Eid::parse(l.words[at]);
    if (!eid || eid->prefix.afi == 0) return l.error("'" + l.words[at] + "' is not an EID prefix");
    m.eid = *eid;
    return mapping_options(l, at + 1, m);
}

std::optional<Error> scheduled(const Line& l, EtrConfig& c) {
    if (l.words.size() < 3) return l.error("'at' needs a time and a change");
    std::optional<Micros> t = parse_seconds(l.words[1]);
    if (!t) return l.error("'" + l.words[1] + "' is not a duration");
    ScheduledChange ch;
    ch.after = *t;
    if (l.words[2] == "withdraw")
        ch.type = ScheduledChange::Type::Withdraw;
    else if (l.words[2] != "map")
        return l.error("'at' takes 'map' or 'withdraw'");
    if (auto e = mapping_line(l, 3, ch.mapping)) return e;
    c.changes.push_back(std::move(ch));
    return std::nullopt;
}

std::optional<Error> timer(const Line& l, Micros& out) {
    std::optional<Micros> t = parse_seconds(l.words[1]);
    if (!t) return l.error("'" + l.words[1] + "' is not a duration");
    out = *t;
    return std::nullopt;
}

std::optional<Error> numeric(const Line& l, EtrConfig& c) {
    const std::string& k = l.keyword();
    const std::string& v = l.words[1];
    if (k == "key-id") {
        std::optional<std::uint64_t> n = parse_uint(v, 255);
        if (!n) return l.error("'" + v + "' is not a key ID");
        c.key_id = static_cast<std::uint8_t>(*n);
    } else if (k == "algorithm") {
        std::optional<std::uint8_t> a = parse_algorithm(v);
        if (!a) return l.error("unknown algorithm '" + v + "'");
        c.alg_id = *a;
    } else if (k == "site-id") {
        std::optional<std::uint64_t> n = parse_uint(v, ~std::uint64_t{0});
        if (!n) return l.error("'" + v + "' is not a site ID");
        c.site_id = *n;
    } else if (k == "xtr-id") {
        std::optional<XtrId> id = parse_xtr_id(v);
        if (!id) return l.error("xtr-id takes 32 hex digits");
        c.xtr_id = *id;
    } else {
        return l.error("unknown statement '" + k + "'");
    }
    return std::nullopt;
}

std::optional<Error> statement(const Line& l, EtrConfig& c) {
    const std::string& k = l.keyword();
    if (k == "map") {
        Mapping m;
        if (auto e = mapping_line(l, 1, m)) return e;
        c.mappings.push_back(std::move(m));
        return std::nullopt;
    }
    if (k == "at") return scheduled(l, c);
    if (k == "rloc") {
        Mapping m;
        if (auto e = mapping_options(l, 0, m)) return e;
        c.rlocs.insert(c.rlocs.end(), m.locators.begin(), m.locators.end());
        return std::nullopt;
    }
    if (l.words.size() != 2) return l.error("'" + k + "' takes one argument");
    const std::string& v = l.words[1];
    if (k == "profile") {
        c.profile = find_profile(v);
        if (!c.profile) return l.error("unknown profile '" + v + "' (kouvelas-06 or ietf)");
    } else if (k == "key") {
        c.key = v;
    } else if (k == "udp-period") {
        return timer(l, c.udp_period);
    } else if (k == "answer-timeout") {
        return timer(l, c.answer_timeout);
    } else if (k == "notify-timeout") {
        return timer(l, c.notify_timeout);
    } else if (k == "connect-timeout") {
        return timer(l, c.connect_timeout);
    } else if (k == "refresh-window") {
        return timer(l, c.refresh_window);
    } else {
        return numeric(l, c);
    }
    return std::nullopt;
}

void apply_default_rlocs(std::vector<Locator>& locators, const std::vector<Locator>& rlocs) {
    if (locators.empty()) locators = rlocs;
}

}  // namespace

Locator make_locator(const Address& rloc, std::uint8_t priority, std::uint8_t weight) {
    Locator l;
    l.priority = priority;
    l.weight = weight;
    l.m_priority = 255;
    l.flags = lisp::kLocLocal | lisp::kLocReachable;
    l.rloc = AddressField::plain(rloc);
    return l;
}

Result<EtrConfig> parse_etr_config(std::string_view text) {
    EtrConfig c;
    for (const Line& l : split_lines(text))
        if (auto e = statement(l, c)) return *e;
    for (Mapping& m : c.mappings)
        apply_default_rlocs(m.locators, c.rlocs);
    for (ScheduledChange& ch : c.changes)
        if (ch.type == ScheduledChange::Type::Map) apply_default_rlocs(ch.mapping.locators, c.rlocs);
    return c;
}

}  // namespace msrt::emulation
