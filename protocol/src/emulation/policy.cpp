#include "msrt/emulation/policy.hpp"

namespace msrt::emulation {
namespace {

struct Parser {
    Policy policy;
    Site* site = nullptr;

    std::optional<Error> global(const Line& l);
    std::optional<Error> in_site(const Line& l);
    std::optional<Error> statement(const Line& l);
};

std::optional<Error> need_words(const Line& l, std::size_t min, std::size_t max) {
    if (l.words.size() < min || l.words.size() > max)
        return l.error("'" + l.keyword() + "' takes " + std::to_string(min - 1) +
                       (max > min ? " to " + std::to_string(max - 1) : std::string()) + " argument(s)");
    return std::nullopt;
}

std::optional<Error> Parser::global(const Line& l) {
    const std::string& k = l.keyword();
    if (auto e = need_words(l, 2, 2)) return e;
    const std::string& v = l.words[1];
    if (k == "profile") {
        policy.profile = find_profile(v);
        if (!policy.profile) return l.error("unknown profile '" + v + "' (kouvelas-06 or ietf)");
    } else if (k == "soft-state" || k == "authorisation-timeout") {
        std::optional<Micros> t = parse_seconds(v);
        if (!t) return l.error("'" + v + "' is not a duration");
        (k == "soft-state" ? policy.soft_state : policy.authorisation) = *t;
    } else if (k == "error-notifications") {
        if (v != "framing" && v != "all") return l.error("error-notifications is 'framing' or 'all'");
        policy.errors = v == "all" ? ErrorReplies::All : ErrorReplies::Framing;
    } else {
        return l.error("unknown statement '" + k + "'");
    }
    return std::nullopt;
}

std::optional<Error> site_prefix(const Line& l, Site& s) {
    if (auto e = need_words(l, 2, 3)) return e;
    std::optional<Eid> eid = parse_prefix(l.words[1]);
    if (!eid) return l.error("'" + l.words[1] + "' is not an EID prefix");
    SitePrefix p{*eid, false};
    if (l.words.size() == 3) {
        if (l.words[2] != "accept-more-specifics") return l.error("unknown eid option '" + l.words[2] + "'");
        p.more_specifics = true;
    }
    s.prefixes.push_back(p);
    return std::nullopt;
}

std::optional<NackReason> parse_reason(std::string_view word) {
    for (const auto& r : default_profile().reasons)
        if (word == r.key || parse_uint(word, 255) == std::optional<std::uint64_t>(r.code)) return r.value;
    return std::nullopt;
}

std::optional<Error> deny_rule(const Line& l, Site& s) {
    if (auto e = need_words(l, 2, 4)) return e;
    std::optional<Eid> eid = parse_prefix(l.words[1]);
    if (!eid) return l.error("'" + l.words[1] + "' is not an EID prefix");
    DenyRule d{*eid, NackReason::Unspecified, false};
    for (std::size_t i = 2; i < l.words.size(); ++i) {
        if (l.words[i] == "accept-more-specifics" || l.words[i] == "more-specifics") {
            d.more_specifics = true;
        } else if (auto r = parse_reason(l.words[i])) {
            d.reason = *r;
        } else {
            return l.error("'" + l.words[i] + "' is not a NACK reason (1-4 or its key)");
        }
    }
    s.denied.push_back(d);
    return std::nullopt;
}

std::optional<Error> Parser::in_site(const Line& l) {
    const std::string& k = l.keyword();
    if (k == "eid") return site_prefix(l, *site);
    if (k == "deny") return deny_rule(l, *site);
    if (auto e = need_words(l, 2, 2)) return e;
    const std::string& v = l.words[1];
    if (k == "key") {
        site->key = v;
    } else if (k == "allow-unauthenticated") {
        std::optional<bool> b = parse_bool(v);
        if (!b) return l.error("'" + v + "' is not yes or no");
        site->allow_unauthenticated = *b;
    } else if (k == "rloc") {
        std::optional<Eid> r = Eid::parse(v);
        if (!r || r->iid != 0 || r->prefix.afi == 0) return l.error("'" + v + "' is not a locator prefix");
        site->rlocs.push_back(*r);
    } else if (k == "max-prefixes") {
        std::optional<std::uint64_t> n = parse_uint(v, 1u << 30);
        if (!n) return l.error("'" + v + "' is not a count");
        site->max_prefixes = *n;
    } else {
        return std::nullopt;  // not a site statement: the caller tries the global ones
    }
    return std::nullopt;
}

bool is_site_keyword(const std::string& k) {
    return k == "eid" || k == "key" || k == "allow-unauthenticated" || k == "rloc" || k == "max-prefixes" ||
           k == "deny";
}

std::optional<Error> Parser::statement(const Line& l) {
    const std::string& k = l.keyword();
    if (k == "site") {
        if (auto e = need_words(l, 2, 2)) return e;
        if (policy.site(l.words[1])) return l.error("site '" + l.words[1] + "' is defined twice");
        policy.sites.push_back(Site{l.words[1], {}, false, {}, {}, {}, {}});
        site = &policy.sites.back();
        return std::nullopt;
    }
    if (is_site_keyword(k)) {
        if (!site) return l.error("'" + k + "' must follow a 'site NAME' line");
        return in_site(l);
    }
    return global(l);
}

}  // namespace

bool Site::locator_allowed(const Address& rloc) const {
    if (rlocs.empty()) return true;
    Eid host{0, rloc, static_cast<std::uint8_t>(rloc.bit_width())};
    for (const Eid& r : rlocs)
        if (r.covers(host)) return true;
    return false;
}

std::optional<NackReason> Site::denial(const Eid& key) const {
    for (const DenyRule& d : denied)
        if (d.applies(key)) return d.reason;
    return std::nullopt;
}

std::optional<Policy::Match> Policy::match(const Eid& key) const {
    std::optional<Match> best;
    for (const Site& s : sites)
        for (const SitePrefix& p : s.prefixes)
            if (p.admits(key) && (!best || p.eid.len > best->prefix->eid.len)) best = Match{&s, &p};
    return best;
}

std::optional<Policy::Match> Policy::covering(const Eid& key) const {
    std::optional<Match> best;
    for (const Site& s : sites)
        for (const SitePrefix& p : s.prefixes)
            if (p.eid.covers(key) && (!best || p.eid.len > best->prefix->eid.len)) best = Match{&s, &p};
    return best;
}

const Site* Policy::site(std::string_view name) const {
    for (const Site& s : sites)
        if (s.name == name) return &s;
    return nullptr;
}

Result<Policy> parse_policy(std::string_view text) {
    Parser p;
    for (const Line& l : split_lines(text)) {
        // Sites are stored in a vector: keep `site` valid by re-pointing it after each push_back.
        if (auto e = p.statement(l)) return *e;
        if (!p.policy.sites.empty()) p.site = &p.policy.sites.back();
    }
    for (const Site& s : p.policy.sites)
        if (s.key.empty() && !s.allow_unauthenticated)
            return Error{"site " + s.name, 0, "needs a 'key' (or 'allow-unauthenticated yes')"};
    return p.policy;
}

Result<std::vector<TimedPolicy>> parse_policy_schedule(std::string_view text) {
    std::vector<TimedPolicy> out;
    std::string section;
    TimedPolicy next;
    std::size_t line_no = 0;
    auto close = [&]() -> std::optional<Error> {
        Result<Policy> p = parse_policy(section);
        if (!p) return p.error();
        next.policy = std::move(*p);
        out.push_back(std::move(next));
        return std::nullopt;
    };
    while (!text.empty()) {
        std::size_t nl = text.find('\n');
        std::string_view raw = text.substr(0, nl);
        text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
        ++line_no;
        std::vector<Line> words = split_lines(raw);
        if (words.empty() || words[0].keyword() != "at") {
            section += std::string(raw) + "\n";
            continue;
        }
        std::optional<Micros> t =
            words[0].words.size() == 2 ? parse_seconds(words[0].words[1]) : std::nullopt;
        if (!t) return Error{"line " + std::to_string(line_no), line_no, "'at' takes one time in seconds"};
        if (auto e = close()) return *e;
        section = std::string(line_no, '\n');  // keeps line numbers right in errors
        next = TimedPolicy{*t, *t > 1'000'000'000 * kSecond, {}};
    }
    if (auto e = close()) return *e;
    return out;
}

}  // namespace msrt::emulation
