// The scenario file: one statement per line, `#` comments, `key=value` options (docs/scenario.md).
#include "synth/scenario.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace msrt::synth {
namespace {

using Tokens = std::vector<std::string>;

// "[1000]" followed by a prefix is one EID: glue them back together after splitting on blanks.
bool looks_like_address(std::string_view t) {
    return t.find('=') == std::string_view::npos && t.find_first_of("/.:") != std::string_view::npos;
}

Tokens tokenize(std::string_view line) {
    Tokens raw;
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r'))
            ++i;
        if (i >= line.size() || line[i] == '#') break;
        std::size_t j = i;
        while (j < line.size() && line[j] != ' ' && line[j] != '\t' && line[j] != '\r')
            ++j;
        raw.emplace_back(line.substr(i, j - i));
        i = j;
    }
    Tokens out;
    for (std::size_t k = 0; k < raw.size(); ++k) {
        const std::string& t = raw[k];
        bool iid_only = !t.empty() && t.back() == ']' && t.find('[') != std::string::npos;
        if (iid_only && k + 1 < raw.size() && looks_like_address(raw[k + 1])) {
            out.push_back(t + " " + raw[k + 1]);
            ++k;
        } else {
            out.push_back(t);
        }
    }
    return out;
}

struct Args {
    Tokens words;
    std::map<std::string, std::string> options;
};

class Parser {
  public:
    std::variant<Scenario, ScenarioError> run(std::string_view text);

  private:
    bool statement(const Tokens& t);
    bool setting(const std::string& key, const Args& a);
    bool network_setting(const std::string& key, const std::string& value);
    bool impair(const Args& a);
    bool fault(const Args& a);
    bool ms(const Args& a);
    bool etr(const Args& a);
    bool eid(const Args& a);
    bool at(const Args& a);
    bool etr_action(Action act, const EtrConfig& e, const std::string& verb, const Args& a);
    bool ms_action(Action act, const MsConfig& m, const std::string& verb, const Args& a);
    bool close_args(Action& act, const Args& a);
    bool error_args(Action& act, const Args& a);
    bool policy_args(Action& act, const std::string& verb, const Args& a);
    bool element_args(Action& act, const std::string& verb, const Args& a);
    bool add_for_etrs(const Action& act, const MsConfig& m, const std::string& etr, const Args& rest);
    bool refresh_target(Action& act, const Args& a);
    bool membership_args(Action& act, const EtrConfig& e, const Args& a, std::size_t iid_word);
    bool eid_options(EidConfig& c, const Args& a, std::size_t eid_word);
    bool validate();

    Args split(const Tokens& t, std::size_t from) const;
    bool allow(const Args& a, std::initializer_list<std::string_view> keys, std::size_t min_words,
               std::size_t max_words);
    std::optional<Eid> eid_value(std::string_view text);
    const EtrConfig* find_etr(std::string_view name);
    bool fail(std::string what) {
        error_ = ScenarioError{line_, std::move(what)};
        return false;
    }

    Scenario s_;
    int line_ = 0;
    ScenarioError error_;
};

std::variant<Scenario, ScenarioError> Parser::run(std::string_view text) {
    while (!text.empty()) {
        ++line_;
        std::size_t nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
        Tokens t = tokenize(line);
        if (!t.empty() && !statement(t)) return error_;
    }
    line_ = 0;
    if (!validate()) return error_;
    std::stable_sort(s_.actions.begin(), s_.actions.end(),
                     [](const Action& a, const Action& b) { return a.at < b.at; });
    return s_;
}

Args Parser::split(const Tokens& t, std::size_t from) const {
    Args a;
    for (std::size_t i = from; i < t.size(); ++i) {
        std::size_t eq = t[i].find('=');
        if (eq == std::string::npos || t[i].starts_with("["))
            a.words.push_back(t[i]);
        else
            a.options[t[i].substr(0, eq)] = t[i].substr(eq + 1);
    }
    return a;
}

bool Parser::allow(const Args& a, std::initializer_list<std::string_view> keys, std::size_t min_words,
                   std::size_t max_words) {
    for (const auto& [k, v] : a.options)
        if (std::find(keys.begin(), keys.end(), k) == keys.end()) return fail("unknown option '" + k + "'");
    if (a.words.size() < min_words) return fail("missing arguments");
    if (a.words.size() > max_words) return fail("unexpected '" + a.words[max_words] + "'");
    return true;
}

bool Parser::statement(const Tokens& t) {
    const std::string& key = t[0];
    Args a = split(t, 1);
    if (key == "ms") return ms(a);
    if (key == "etr") return etr(a);
    if (key == "eid") return eid(a);
    if (key == "at") return at(a);
    if (key == "impair") return impair(a);
    if (key == "fault") return fault(a);
    return setting(key, a);
}

bool Parser::setting(const std::string& key, const Args& a) {
    if (!allow(a, {}, 1, 1)) return false;
    const std::string& v = a.words[0];
    if (key == "name") {
        s_.name = v;
    } else if (key == "seed") {
        std::optional<std::uint64_t> x = parse_uint(v, UINT64_MAX);
        if (!x) return fail("bad value '" + v + "' for 'seed'");
        s_.seed = *x;
    } else if (key == "profile") {
        s_.profile = find_profile(v);
        if (!s_.profile) return fail("unknown profile '" + v + "' (kouvelas-06 or ietf)");
    } else {
        return network_setting(key, v);
    }
    return true;
}

bool Parser::network_setting(const std::string& key, const std::string& v) {
    Network& n = s_.net;
    bool ok = true;
    if (key == "vlan") {
        std::optional<std::uint64_t> x = parse_uint(v, 4094);
        ok = x && *x > 0;
        if (ok) n.vlan = static_cast<std::uint16_t>(*x);
    } else if (key == "mss" || key == "window") {
        std::optional<std::uint64_t> x = parse_uint(v, 65535);
        ok = x && *x >= 64;
        if (ok) (key == "mss" ? n.mss : n.window) = static_cast<std::uint16_t>(*x);
    } else if (key == "rtt" || key == "delayed-ack" || key == "end") {
        std::optional<Micros> d = parse_duration(v);
        ok = d && (key != "rtt" || *d >= 100);
        if (ok) (key == "rtt" ? n.rtt : key == "delayed-ack" ? n.delayed_ack : s_.end.emplace()) = *d;
    } else if (key == "bandwidth" || key == "ms-bandwidth") {
        std::optional<std::uint64_t> r = parse_rate(v);
        ok = r && *r >= 8'000;
        if (ok) (key == "bandwidth" ? n.etr_bandwidth : n.ms_bandwidth) = *r;
    } else {
        return fail("unknown statement '" + key + "'");
    }
    return ok ? true : fail("bad value '" + v + "' for '" + key + "'");
}

bool Parser::impair(const Args& a) {
    if (!allow(a, {}, 2, 2)) return false;
    const std::string& kind = a.words[0];
    if (kind == "mid-stream") {
        s_.impair.mid_stream = parse_duration(a.words[1]);
        return s_.impair.mid_stream ? true : fail("bad time '" + a.words[1] + "'");
    }
    std::optional<double> p = parse_probability(a.words[1]);
    if (!p) return fail("bad probability '" + a.words[1] + "'");
    if (kind == "retransmission")
        s_.impair.retransmission = *p;
    else if (kind == "out-of-order")
        s_.impair.out_of_order = *p;
    else if (kind == "duplicate")
        s_.impair.duplicate = *p;
    else if (kind == "capture-loss")
        s_.impair.capture_loss = *p;
    else
        return fail("unknown impairment '" + kind + "'");
    return true;
}

bool Parser::fault(const Args& a) {
    if (!allow(a, {}, 2, 2)) return false;
    std::optional<double> p = parse_probability(a.words[1]);
    if (!p) return fail("bad probability '" + a.words[1] + "'");
    const std::string& kind = a.words[0];
    if (kind == "wrong-nack")
        s_.faults.wrong_nack = *p;
    else if (kind == "skip-answer")
        s_.faults.skip_answer = *p;
    else if (kind == "ignore-refresh")
        s_.faults.ignore_refresh = *p;
    else
        return fail("unknown fault '" + kind + "'");
    return true;
}

bool Parser::ms(const Args& a) {
    if (!allow(a, {"membership"}, 2, 2)) return false;
    MsConfig m;
    m.name = a.words[0];
    std::optional<Address> addr = Address::parse(a.words[1]);
    if (!addr || (addr->afi != wire::afi::kIpv4 && addr->afi != wire::afi::kIpv6))
        return fail("bad Map-Server address '" + a.words[1] + "'");
    m.address = *addr;
    if (auto it = a.options.find("membership"); it != a.options.end()) {
        std::string_view list = it->second;
        while (!list.empty()) {
            std::size_t comma = list.find(',');
            auto iid = parse_uint(list.substr(0, comma), UINT32_MAX);
            if (!iid) return fail("bad instance list '" + it->second + "'");
            m.membership_iids.push_back(static_cast<std::uint32_t>(*iid));
            list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
        }
    }
    if (s_.find_ms(m.name) || s_.find_etr(m.name)) return fail("name '" + m.name + "' is used twice");
    s_.ms.push_back(std::move(m));
    return true;
}

// Distinct names give distinct default xTR-IDs, the same name the same one.
XtrId default_xtr_id(std::string_view name) {
    std::uint64_t h = 0xCBF29CE484222325ull;
    XtrId id{};
    for (std::size_t i = 0; i < id.size(); ++i) {
        for (char c : name)
            h = (h ^ static_cast<std::uint8_t>(c)) * 0x100000001B3ull;
        h = (h ^ i) * 0x100000001B3ull;
        id[i] = static_cast<std::uint8_t>(h >> 56);
    }
    return id;
}

bool Parser::etr(const Args& a) {
    if (!allow(a, {"ms", "rloc", "xtr-id", "site-id", "key", "start"}, 1, 1)) return false;
    EtrConfig e;
    e.name = a.words[0];
    auto opt = [&](const char* k) { return a.options.contains(k) ? a.options.at(k) : std::string(); };
    const std::string ms_list = opt("ms"), rloc_list = opt("rloc");
    for (std::string_view list = ms_list; !list.empty();) {
        std::size_t comma = list.find(',');
        e.ms.emplace_back(list.substr(0, comma));
        list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
    }
    for (std::string_view list = rloc_list; !list.empty();) {
        std::size_t comma = list.find(',');
        std::optional<Address> r = Address::parse(list.substr(0, comma));
        if (!r || r->afi == 0) return fail("bad RLOC in '" + opt("rloc") + "'");
        e.rlocs.push_back(*r);
        list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
    }
    if (e.ms.empty() || e.rlocs.empty()) return fail("an ETR needs ms= and rloc=");
    std::optional<XtrId> id = opt("xtr-id").empty() ? default_xtr_id(e.name) : parse_xtr_id(opt("xtr-id"));
    std::optional<std::uint64_t> site = opt("site-id").empty() ? 0 : parse_uint(opt("site-id"), UINT64_MAX);
    std::optional<Micros> start = opt("start").empty()
                                      ? Micros{100'000 + 250'000 * static_cast<Micros>(s_.etrs.size())}
                                      : parse_duration(opt("start"));
    if (!id) return fail("bad xtr-id (32 hex digits)");
    if (!site) return fail("bad site-id");
    if (!start) return fail("bad start time");
    e.xtr_id = *id;
    e.site_id = *site;
    e.start = *start;
    e.key = opt("key").empty() ? "msrt-" + e.name : opt("key");
    if (s_.find_ms(e.name) || s_.find_etr(e.name)) return fail("name '" + e.name + "' is used twice");
    s_.etrs.push_back(std::move(e));
    return true;
}

std::optional<Eid> Parser::eid_value(std::string_view text) {
    std::optional<Eid> e = Eid::parse(text);
    if (!e || e->prefix.afi == wire::afi::kNone) {
        fail("bad EID prefix '" + std::string(text) + "'");
        return std::nullopt;
    }
    return e;
}

const EtrConfig* Parser::find_etr(std::string_view name) {
    const EtrConfig* e = s_.find_etr(name);
    if (!e) fail("no ETR named '" + std::string(name) + "'");
    return e;
}

bool Parser::eid_options(EidConfig& c, const Args& a, std::size_t eid_word) {
    std::optional<Eid> e = eid_value(a.words[eid_word]);
    if (!e) return false;
    c.eid = *e;
    if (auto it = a.options.find("rlocs"); it != a.options.end()) {
        auto l = parse_locators(it->second);
        if (!l) return fail("bad locator list '" + it->second + "' (ADDR/PRIORITY/WEIGHT,...)");
        c.locators = *l;
    }
    if (auto it = a.options.find("ttl"); it != a.options.end()) {
        auto t = parse_uint(it->second, UINT32_MAX);
        if (!t) return fail("bad ttl '" + it->second + "'");
        c.ttl = static_cast<std::uint32_t>(*t);
    }
    if (auto it = a.options.find("nack"); it != a.options.end()) {
        c.nack = parse_reason(it->second, *s_.profile);
        if (!c.nack) return fail("bad NACK reason '" + it->second + "' (1-4)");
    }
    if (auto it = a.options.find("key"); it != a.options.end()) c.key = it->second;
    if (auto it = a.options.find("encoding"); it != a.options.end()) {
        if (it->second != "lcaf" && it->second != "plain") return fail("encoding is lcaf or plain");
        c.as_lcaf = it->second == "lcaf";
    }
    return true;
}

bool Parser::eid(const Args& a) {
    if (!allow(a, {"rlocs", "ttl", "nack", "key", "encoding"}, 2, 2)) return false;
    const EtrConfig* e = find_etr(a.words[0]);
    if (!e) return false;
    EidConfig c;
    if (!eid_options(c, a, 1)) return false;
    EtrConfig& etr = s_.etrs[static_cast<std::size_t>(e - s_.etrs.data())];
    for (const EidConfig& other : etr.eids)
        if (other.eid == c.eid) return fail("EID " + c.eid.str() + " is listed twice for " + etr.name);
    etr.eids.push_back(std::move(c));
    return true;
}

bool Parser::at(const Args& a) {
    if (a.words.size() < 3) return fail("'at' needs a time, a name and an action");
    Action act;
    act.line = line_;
    std::optional<Micros> t = parse_duration(a.words[0]);
    if (!t) return fail("bad time '" + a.words[0] + "'");
    act.at = *t;
    Args rest = a;
    rest.words.erase(rest.words.begin(), rest.words.begin() + 3);
    const std::string& who = a.words[1];
    const std::string& verb = a.words[2];
    if (const MsConfig* m = s_.find_ms(who)) return ms_action(act, *m, verb, rest);
    if (const EtrConfig* e = s_.find_etr(who)) return etr_action(act, *e, verb, rest);
    return fail("no ETR or Map-Server named '" + who + "'");
}

bool Parser::membership_args(Action& act, const EtrConfig& e, const Args& a, std::size_t iid_word) {
    auto iid = parse_uint(a.words[iid_word], UINT32_MAX);
    if (!iid) return fail("bad instance ID '" + a.words[iid_word] + "'");
    act.iid = static_cast<std::uint32_t>(*iid);
    act.afi = wire::afi::kIpv4;
    for (const EidConfig& c : e.eids)
        if (c.eid.iid == act.iid) {
            act.afi = c.eid.prefix.afi;
            break;
        }
    if (auto it = a.options.find("afi"); it != a.options.end()) {
        auto f = parse_family(it->second);
        if (!f) return fail("afi is ipv4, ipv6 or mac");
        act.afi = *f;
    }
    return true;
}

bool Parser::close_args(Action& act, const Args& a) {
    if (a.words[0] != "fin" && a.words[0] != "rst") return fail("close takes fin or rst");
    act.kind = ActionKind::Close;
    act.rst = a.words[0] == "rst";
    if (auto it = a.options.find("reconnect"); it != a.options.end()) {
        act.reconnect = parse_duration(it->second);
        if (!act.reconnect) return fail("bad reconnect delay");
    }
    return true;
}

bool Parser::error_args(Action& act, const Args& a) {
    std::optional<ErrorCode> c = parse_error_code(a.words[0], *s_.profile);
    if (!c) return fail("unknown error code '" + a.words[0] + "'");
    act.kind = ActionKind::Error;
    act.error = *c;
    return true;
}

bool Parser::etr_action(Action act, const EtrConfig& e, const std::string& verb, const Args& a) {
    act.etr = e.name;
    if (auto it = a.options.find("ms"); it != a.options.end()) act.ms = it->second;
    bool ok = false;
    if (verb == "register" || verb == "withdraw") {
        act.kind = verb == "register" ? ActionKind::Register : ActionKind::Withdraw;
        ok = (verb == "register" ? allow(a, {"ms", "rlocs", "ttl", "nack", "key", "encoding"}, 1, 1)
                                 : allow(a, {"ms"}, 1, 1)) &&
             eid_options(act.eid, a, 0);
    } else if (verb == "connect") {
        act.kind = ActionKind::Connect;
        ok = allow(a, {"ms"}, 0, 0);
    } else if (verb == "close") {
        ok = allow(a, {"ms", "reconnect"}, 1, 1) && close_args(act, a);
    } else if (verb == "error") {
        ok = allow(a, {"ms"}, 1, 1) && error_args(act, a);
    } else if (verb == "subscribe" || verb == "unsubscribe" || verb == "membership-refresh") {
        act.kind = verb == "subscribe"     ? ActionKind::Subscribe
                   : verb == "unsubscribe" ? ActionKind::Unsubscribe
                                           : ActionKind::MembershipRefresh;
        ok = allow(a, {"ms", "afi"}, 1, 1) && membership_args(act, e, a, 0);
    } else {
        return fail("unknown ETR action '" + verb + "'");
    }
    if (ok) s_.actions.push_back(std::move(act));
    return ok;
}

bool Parser::refresh_target(Action& act, const Args& a) {
    auto scope_code = a.options.contains("scope") ? parse_uint(a.options.at("scope"), 255) : std::nullopt;
    const auto* entry = scope_code ? s_.profile->scope(static_cast<std::uint8_t>(*scope_code)) : nullptr;
    if (!entry) return fail("refresh needs scope=0..4");
    act.scope = entry->value;
    for (const std::string& w : a.words) {
        if (w != "rejected-only") return fail("unexpected '" + w + "'");
        act.rejected_only = true;
    }
    auto opt = [&](const char* k) { return a.options.contains(k) ? a.options.at(k) : std::string(); };
    if (act.scope == Scope::Instance || act.scope == Scope::AddressFamily) {
        auto iid = parse_uint(opt("iid"), UINT32_MAX);
        if (!iid) return fail("scope 1 and 2 need iid=N");
        act.target.iid = static_cast<std::uint32_t>(*iid);
        if (act.scope == Scope::AddressFamily) {
            auto f = parse_family(opt("family"));
            if (!f) return fail("scope 2 needs family=ipv4|ipv6|mac");
            act.target.prefix.afi = *f;
        }
    } else if (act.scope == Scope::Covering || act.scope == Scope::Exact) {
        std::optional<Eid> e = eid_value(opt("eid"));
        if (!e) return false;
        act.target = *e;
    }
    return true;
}

bool Parser::policy_args(Action& act, const std::string& verb, const Args& a) {
    act.kind = verb == "accept" ? ActionKind::Accept : ActionKind::Reject;
    bool ok = act.kind == ActionKind::Accept ? allow(a, {}, 1, 1) : allow(a, {"reason"}, 1, 1);
    if (!ok || !eid_options(act.eid, Args{a.words, {}}, 0)) return false;
    if (act.kind == ActionKind::Accept) return true;
    auto it = a.options.find("reason");
    act.eid.nack = it != a.options.end() ? parse_reason(it->second, *s_.profile) : std::nullopt;
    return act.eid.nack ? true : fail("reject needs reason=1..4");
}

bool Parser::element_args(Action& act, const std::string& verb, const Args& a) {
    act.kind = verb == "element-add" ? ActionKind::ElementAdd : ActionKind::ElementRemove;
    auto opt = [&](const char* k, const char* fallback) {
        return a.options.contains(k) ? a.options.at(k) : std::string(fallback);
    };
    std::optional<Address> r = Address::parse(opt("rloc", ""));
    std::optional<std::uint64_t> site = parse_uint(opt("site-id", "0"), UINT64_MAX);
    if (!r || r->afi == 0 || !site) return fail("element changes need rloc=ADDR and site-id=N");
    act.rloc = *r;
    act.site_id = *site;
    return true;
}

bool Parser::ms_action(Action act, const MsConfig& m, const std::string& verb, const Args& a) {
    act.by_ms = true;
    act.ms = m.name;
    if (a.words.empty()) return fail("'" + verb + "' needs an ETR name (or *)");
    Args rest = a;
    rest.words.erase(rest.words.begin());
    bool ok = false;
    if (verb == "refresh") {
        act.kind = ActionKind::Refresh;
        ok = allow(rest, {"scope", "iid", "family", "eid"}, 0, 1) && refresh_target(act, rest);
    } else if (verb == "accept" || verb == "reject") {
        ok = policy_args(act, verb, rest);
    } else if (verb == "error") {
        ok = allow(rest, {}, 1, 1) && error_args(act, rest);
    } else if (verb == "close") {
        ok = allow(rest, {"reconnect"}, 1, 1) && close_args(act, rest);
    } else if (verb == "element-add" || verb == "element-remove") {
        ok = allow(rest, {"rloc", "site-id", "afi"}, 1, 1) && element_args(act, verb, rest);
    } else {
        return fail("unknown Map-Server action '" + verb + "'");
    }
    return ok && add_for_etrs(act, m, a.words[0], rest);
}

// `etr` names one ETR or, as `*`, every ETR that registers with the Map-Server: one action each.
bool Parser::add_for_etrs(const Action& act, const MsConfig& m, const std::string& etr, const Args& rest) {
    bool any = false;
    for (const EtrConfig& e : s_.etrs) {
        if ((etr != "*" && e.name != etr) || std::find(e.ms.begin(), e.ms.end(), m.name) == e.ms.end())
            continue;
        Action one = act;
        one.etr = e.name;
        bool element = one.kind == ActionKind::ElementAdd || one.kind == ActionKind::ElementRemove;
        if (element && !membership_args(one, e, rest, 0)) return false;
        s_.actions.push_back(std::move(one));
        any = true;
    }
    return any ? true : fail("no ETR '" + etr + "' registers with " + m.name);
}

bool Parser::validate() {
    if (s_.ms.empty() || s_.etrs.empty()) return fail("a scenario needs at least one 'ms' and one 'etr'");
    for (const EtrConfig& e : s_.etrs) {
        for (const std::string& name : e.ms) {
            const MsConfig* m = s_.find_ms(name);
            if (!m) return fail("ETR " + e.name + ": no Map-Server named '" + name + "'");
            auto same = [&](const Address& r) { return r.afi == m->address.afi; };
            if (std::none_of(e.rlocs.begin(), e.rlocs.end(), same))
                return fail("ETR " + e.name + " has no RLOC of the family of " + name + "'s address");
        }
    }
    for (const Action& act : s_.actions) {
        const EtrConfig* e = s_.find_etr(act.etr);
        if (!act.by_ms && !act.ms.empty() && std::find(e->ms.begin(), e->ms.end(), act.ms) == e->ms.end()) {
            line_ = act.line;
            return fail("ETR " + e->name + " does not register with '" + act.ms + "'");
        }
    }
    return true;
}

}  // namespace

std::variant<Scenario, ScenarioError> parse_scenario(std::string_view text) {
    return Parser().run(text);
}

}  // namespace msrt::synth
