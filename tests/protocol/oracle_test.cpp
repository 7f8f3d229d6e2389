// The independent oracle: every UDP LISP Map-Register (type 3) and Map-Notify (type 4) in the shared
// captures is decoded by msrt::decode_map_register and compared field by field with what tshark's built-in
// `lisp` dissector reports for the same frame (tshark runs at test time; its PDML output keeps the field
// nesting and each field's frame offset). Frames that tshark marks malformed must give an Error, not a crash.
// A second capture, written here from seeded random Map-Registers, reaches what the public captures do not
// (Instance-ID LCAF EIDs, IPv6 RLOCs, every authentication length).
#include <pcap/pcap.h>
#include <catch2/catch.hpp>

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "msrt/map_register.hpp"
#include "support/generators.hpp"

using namespace msrt;
namespace fs = std::filesystem;

namespace {

// ---- Capture side: locate the UDP payload of port 4342 in each frame (test helper, not the tools' parser).

struct LispFrame {
    std::size_t number = 0;          // 1-based, as tshark numbers frames
    std::size_t payload_offset = 0;  // of the LISP message within the frame
    Bytes frame;
    ByteView payload() const { return ByteView(frame).subspan(payload_offset); }
};

std::optional<std::size_t> udp_payload_4342(const Bytes& f, std::size_t at, std::size_t end,
                                            std::size_t& len) {
    if (end < at + 8) return std::nullopt;
    std::uint16_t sport = load_be16(&f[at]);
    std::uint16_t dport = load_be16(&f[at + 2]);
    std::uint16_t ulen = load_be16(&f[at + 4]);
    if (sport != wire::kUdpControlPort && dport != wire::kUdpControlPort) return std::nullopt;
    if (ulen < 8) return std::nullopt;
    // The UDP Length bounds the payload, as it does for Wireshark; the capture may hold less.
    len = std::min<std::size_t>(ulen - 8u, end - at - 8);
    return at + 8;
}

std::optional<std::size_t> locate_lisp(const Bytes& f, int linktype, std::size_t& len) {
    std::size_t at = 0;
    std::uint16_t ethertype = 0;
    switch (linktype) {
        case DLT_EN10MB:
            if (f.size() < 14) return std::nullopt;
            ethertype = load_be16(&f[12]);
            at = 14;
            while ((ethertype == 0x8100 || ethertype == 0x88A8) && f.size() >= at + 4) {
                ethertype = load_be16(&f[at + 2]);
                at += 4;
            }
            break;
        case DLT_LINUX_SLL:
            if (f.size() < 16) return std::nullopt;
            ethertype = load_be16(&f[14]);
            at = 16;
            break;
        case DLT_NULL:
        case DLT_LOOP:
        case DLT_RAW:
            if (linktype != DLT_RAW) at = 4;
            if (f.size() <= at) return std::nullopt;
            ethertype = (f[at] >> 4) == 6 ? 0x86DD : 0x0800;
            break;
        default:
            return std::nullopt;
    }
    if (ethertype == 0x0800) {
        if (f.size() < at + 20 || (f[at] >> 4) != 4) return std::nullopt;
        std::size_t ihl = (f[at] & 0x0F) * 4u;
        std::size_t end = std::min(f.size(), at + load_be16(&f[at + 2]));
        bool fragment = (load_be16(&f[at + 6]) & 0x3FFF) != 0;  // MF set or a non-zero offset
        if (fragment || f[at + 9] != 17 || ihl < 20 || end < at + ihl) return std::nullopt;
        return udp_payload_4342(f, at + ihl, end, len);
    }
    if (ethertype == 0x86DD) {
        if (f.size() < at + 40) return std::nullopt;
        std::size_t end = std::min(f.size(), at + 40 + load_be16(&f[at + 4]));
        std::uint8_t next = f[at + 6];
        at += 40;
        while (next == 0 || next == 43 || next == 60) {  // hop-by-hop, routing, destination options
            if (end < at + 8) return std::nullopt;
            next = f[at];
            at += (f[at + 1] + 1u) * 8;
        }
        if (next != 17) return std::nullopt;
        return udp_payload_4342(f, at, end, len);
    }
    return std::nullopt;
}

std::vector<LispFrame> read_lisp_frames(const fs::path& file) {
    char err[PCAP_ERRBUF_SIZE] = {};
    pcap_t* p = pcap_open_offline(file.c_str(), err);
    INFO(file << ": " << err);
    REQUIRE(p);
    int linktype = pcap_datalink(p);
    std::vector<LispFrame> out;
    pcap_pkthdr* h = nullptr;
    const u_char* data = nullptr;
    std::size_t number = 0;
    while (pcap_next_ex(p, &h, &data) == 1) {
        ++number;
        LispFrame lf;
        lf.number = number;
        std::size_t len = 0;
        Bytes f(data, data + h->caplen);
        std::optional<std::size_t> at = locate_lisp(f, linktype, len);
        if (!at || len == 0) continue;
        std::uint8_t type = f[*at] >> 4;
        if (type != wire::lisp::kMapRegister && type != wire::lisp::kMapNotify) continue;
        lf.payload_offset = *at;
        f.resize(*at + len);
        lf.frame = std::move(f);
        out.push_back(std::move(lf));
    }
    pcap_close(p);
    return out;
}

// ---- tshark side: PDML (one element per field, nested as in the protocol tree, with frame offsets).

struct Node {
    std::string name, show, showname, value, unmasked;
    long pos = -1;
    std::vector<Node> children;

    const Node* child(const std::string& n) const {
        for (const Node& c : children)
            if (c.name == n) return &c;
        return nullptr;
    }
    std::vector<const Node*> all(const std::string& n) const {
        std::vector<const Node*> v;
        for (const Node& c : children)
            if (c.name == n) v.push_back(&c);
        return v;
    }
    // Depth-first search that does not enter subtrees named `fence` (e.g. the locators of a record).
    const Node* find(const std::string& n, const std::string& fence = "") const {
        for (const Node& c : children) {
            if (c.name == n) return &c;
            if (!fence.empty() && c.name == fence) continue;
            if (const Node* d = c.find(n, fence)) return d;
        }
        return nullptr;
    }
};

struct TsharkPacket {
    std::size_t number = 0;
    Node root;  // protos as children
    bool malformed = false;
    std::string refused_by;  // why tshark could not decode the LISP message, if it could not
};

// Wireshark's PI_ERROR: an expert item of this severity means the dissector gave up on the message.
constexpr std::uint64_t kExpertError = 0x00800000;
std::uint64_t number(const std::string& s) {
    return s.empty() ? ~0ull : std::stoull(s, nullptr, 0);
}

std::string xml_unescape(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '&') {
            out += s[i];
            continue;
        }
        std::size_t semi = s.find(';', i);
        if (semi == std::string::npos) {
            out += s[i];
            continue;
        }
        std::string ent = s.substr(i + 1, semi - i - 1);
        if (ent == "amp")
            out += '&';
        else if (ent == "lt")
            out += '<';
        else if (ent == "gt")
            out += '>';
        else if (ent == "quot")
            out += '"';
        else if (ent == "apos")
            out += '\'';
        else if (!ent.empty() && ent[0] == '#')
            out += static_cast<char>(
                std::stoul(ent.substr(ent[1] == 'x' ? 2 : 1), nullptr, ent[1] == 'x' ? 16 : 10));
        else
            out += "&" + ent + ";";
        i = semi;
    }
    return out;
}

std::map<std::string, std::string> attributes(const std::string& tag) {
    std::map<std::string, std::string> a;
    std::size_t i = tag.find_first_of(" \t\n");
    while (i != std::string::npos && i < tag.size()) {
        std::size_t eq = tag.find('=', i);
        if (eq == std::string::npos) break;
        std::size_t q1 = tag.find('"', eq);
        std::size_t q2 = q1 == std::string::npos ? q1 : tag.find('"', q1 + 1);
        if (q2 == std::string::npos) break;
        std::size_t k = tag.find_first_not_of(" \t\n", i);
        a[tag.substr(k, eq - k)] = xml_unescape(tag.substr(q1 + 1, q2 - q1 - 1));
        i = q2 + 1;
    }
    return a;
}

std::vector<TsharkPacket> parse_pdml(const std::string& xml) {
    std::vector<TsharkPacket> packets;
    std::vector<Node*> open;  // ancestors of the next element; stable while they are open
    std::size_t i = 0;
    while ((i = xml.find('<', i)) != std::string::npos) {
        std::size_t j = i + 1;
        bool quoted = false;
        while (j < xml.size() && (quoted || xml[j] != '>'))
            quoted ^= xml[j++] == '"';
        std::string tag = xml.substr(i + 1, j - i - 1);
        i = j + 1;
        if (tag.empty() || tag[0] == '?' || tag[0] == '!') continue;
        if (tag[0] == '/') {
            std::string name = tag.substr(1);
            if (name == "packet")
                open.clear();
            else if ((name == "proto" || name == "field") && !open.empty())
                open.pop_back();
            continue;
        }
        bool self_closing = tag.back() == '/';
        std::string name = tag.substr(0, tag.find_first_of(" \t\n/"));
        if (name == "packet") {
            packets.emplace_back();
            open = {&packets.back().root};
            continue;
        }
        if ((name != "proto" && name != "field") || open.empty()) continue;
        std::map<std::string, std::string> a = attributes(tag);
        Node n;
        n.name = a["name"];
        n.show = a["show"];
        n.showname = a["showname"];
        n.value = a["value"];
        n.unmasked = a["unmaskedvalue"];
        if (!a["pos"].empty()) n.pos = std::stol(a["pos"]);
        open.back()->children.push_back(std::move(n));
        if (!self_closing) open.push_back(&open.back()->children.back());
    }
    for (TsharkPacket& p : packets) {
        if (const Node* num = p.root.find("frame.number")) p.number = std::stoul(num->show);
        p.malformed = p.root.find("_ws.malformed") != nullptr;
        if (const Node* lisp = p.root.child("lisp"))
            for (const Node* e : lisp->all("_ws.expert"))
                if (const Node* sev = e->child("_ws.expert.severity");
                    sev && number(sev->show) == kExpertError)
                    p.refused_by =
                        e->child("_ws.expert.message") ? e->child("_ws.expert.message")->show : "?";
        if (p.malformed) p.refused_by = "Malformed Packet";
    }
    return packets;
}

std::string run(const std::string& cmd) {
    FILE* p = popen(cmd.c_str(), "r");
    REQUIRE(p);
    std::string out;
    char buf[65536];
    while (std::size_t n = std::fread(buf, 1, sizeof buf, p))
        out.append(buf, n);
    int status = pclose(p);
    INFO(cmd);
    REQUIRE(status == 0);
    return out;
}

std::string quote(const std::string& s) {
    std::string q = "'";
    for (char c : s)
        q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

// tshark's own view of a capture; stderr (e.g. "Running as user root") is not PDML.
std::map<std::size_t, TsharkPacket> tshark_packets(const fs::path& file) {
    std::map<std::size_t, TsharkPacket> by_number;
    for (TsharkPacket& p : parse_pdml(run("tshark -n -r " + quote(file.string()) + " -T pdml 2>/dev/null")))
        by_number[p.number] = std::move(p);
    return by_number;
}

// ---- Comparison.

std::string hexdigits(const std::string& s) {
    std::string h;
    for (char c : s)
        if (std::isxdigit(static_cast<unsigned char>(c))) h += static_cast<char>(std::tolower(c));
    return h;
}
std::string hex64(std::uint64_t v) {
    char b[17];
    std::snprintf(b, sizeof b, "%016llx", static_cast<unsigned long long>(v));
    return b;
}

struct Oracle {
    std::size_t packets = 0;
    std::size_t malformed_agreed = 0;
    std::size_t fields = 0;
    std::size_t mismatches = 0;
    std::vector<std::string> log;
    std::string where;

    void same(const std::string& field, const std::string& ours, const std::string& theirs) {
        ++fields;
        if (ours == theirs) return;
        ++mismatches;
        log.push_back(where + " " + field + ": msrt " + ours + ", tshark " + theirs);
    }
    void same_num(const std::string& field, std::uint64_t ours, const Node* n) {
        same(field, std::to_string(ours), n ? std::to_string(number(n->show)) : "(absent)");
    }
    void same_bool(const std::string& field, bool ours, const Node* n) {
        same(field, ours ? "1" : "0", n ? n->show : "(absent)");
    }
    void same_pos(const std::string& field, std::size_t ours, const Node* n) {
        same(field + " offset", std::to_string(ours), n ? std::to_string(n->pos) : "(absent)");
    }
    void problem(const std::string& what) {
        ++mismatches;
        log.push_back(where + " " + what);
    }
};

// The "address/len" part of Wireshark's record label. The label shows an Instance ID as a signed 32-bit
// number ("[-1484161856]"), so the IID is compared through its own numeric field instead.
std::string eid_text(const EidRecord& rec) {
    return rec.eid.addr.str() + "/" + std::to_string(rec.mask_len);
}

std::string label_eid_text(const std::string& showname) {
    std::string text = showname.substr(0, showname.find(", TTL"));
    std::size_t label = text.find("EID Prefix: ");
    if (label != std::string::npos) text = text.substr(label + 12);
    if (!text.empty() && text[0] == '[') text = text.substr(text.find("] ") + 2);
    return text;
}

const char* address_suffix(std::uint16_t afi) {
    switch (afi) {
        case wire::afi::kIpv4:
            return "ipv4";
        case wire::afi::kIpv6:
            return "ipv6";
        case wire::afi::kMac48:
            return "mac";
        case wire::afi::kDistinguishedName:
            return "dn";
        default:
            return "";
    }
}

void compare_address(Oracle& o, const std::string& what, const Address& a, const Node* n) {
    if (!n) return o.problem(what + " missing in tshark");
    if (a.afi == wire::afi::kDistinguishedName) return o.same(what, a.name, n->show);
    o.same(what, to_hex(a.bytes()), hexdigits(n->value));
}

void compare_record(Oracle& o, const EidRecord& rec, const Node& m) {
    o.same_pos("record", rec.offset, &m);
    o.same_num("record TTL", rec.ttl, m.child("lisp.mapping.ttl"));
    o.same_num("locator count", rec.locators.size(), m.child("lisp.mapping.loccnt"));
    o.same_num("EID mask length", rec.mask_len, m.child("lisp.mapping.eid.masklen"));
    o.same_num("ACT", rec.act(), m.child("lisp.mapping.act"));
    o.same_bool("A bit", rec.authoritative(), m.child("lisp.mapping.auth"));
    o.same_num("map version", rec.map_version(), m.child("lisp.mapping.ver"));
    o.same_num("EID AFI", rec.eid.wire_afi(), m.child("lisp.mapping.eid.afi"));
    o.same("EID prefix text", eid_text(rec), label_eid_text(m.showname));
    if (rec.eid.is_iid()) {
        const Lcaf& l = *rec.eid.lcaf;
        o.same_num("LCAF type", l.type, m.find("lisp.lcaf.type", "lisp.loc"));
        o.same_num("LCAF length", l.length, m.find("lisp.lcaf.length", "lisp.loc"));
        o.same_num("IID mask length", l.rsvd2, m.find("lisp.lcaf.res2", "lisp.loc"));
        o.same_num("IID", l.iid, m.find("lisp.lcaf.iid", "lisp.loc"));
        o.same_num("inner AFI", rec.eid.addr.afi, m.find("lisp.lcaf.iid.afi", "lisp.loc"));
        if (rec.eid.addr.afi != wire::afi::kNone)
            compare_address(
                o, "EID", rec.eid.addr,
                m.find(std::string("lisp.lcaf.iid.") + address_suffix(rec.eid.addr.afi), "lisp.loc"));
    } else if (!rec.eid.lcaf && rec.eid.addr.afi != wire::afi::kNone) {
        compare_address(o, "EID", rec.eid.addr,
                        m.child(std::string("lisp.mapping.eid.") + address_suffix(rec.eid.addr.afi)));
    }
    std::vector<const Node*> locs = m.all("lisp.loc");
    if (locs.size() != rec.locators.size())
        return o.problem("locator records: tshark shows " + std::to_string(locs.size()));
    for (std::size_t i = 0; i < locs.size(); ++i) {
        const Locator& l = rec.locators[i];
        const Node& n = *locs[i];
        std::string saved = o.where;
        o.where += " locator " + std::to_string(i + 1);
        o.same_pos("locator", l.offset, &n);
        o.same_num("priority", l.priority, n.child("lisp.loc.priority"));
        o.same_num("weight", l.weight, n.child("lisp.loc.weight"));
        o.same_num("m-priority", l.m_priority, n.child("lisp.loc.multicast_priority"));
        o.same_num("m-weight", l.m_weight, n.child("lisp.loc.multicast_weight"));
        o.same_num("flags", l.flags, n.child("lisp.loc.flags"));
        o.same_bool("L bit", l.local(), n.find("lisp.loc.flags.local"));
        o.same_bool("p bit", l.probed(), n.find("lisp.loc.flags.probe"));
        o.same_bool("R bit", l.reachable(), n.find("lisp.loc.flags.reach"));
        o.same_num("RLOC AFI", l.rloc.wire_afi(), n.child("lisp.loc.afi"));
        if (!l.rloc.lcaf) {
            const Node* addr = n.child("lisp.loc.locator");
            o.same("RLOC", l.rloc.addr.str(), addr ? addr->show : "(absent)");
            if (l.rloc.addr.afi != wire::afi::kDistinguishedName)
                compare_address(o, "RLOC octets", l.rloc.addr, addr);
        }
        o.where = saved;
    }
}

void compare_map_register(Oracle& o, const MapRegister& m, const Node& lisp) {
    o.same_num("LISP type", m.type(), lisp.child("lisp.type"));
    const Node* t = lisp.child("lisp.type");
    o.same("first 24 bits", hex64(m.word0 >> 8).substr(10), t ? hexdigits(t->unmasked) : "(absent)");
    if (m.is_notify()) {
        o.same_bool("I bit", m.has_ids, lisp.child("lisp.mnot.flags.xtrid"));
        o.same_bool("R bit (RTR)", m.flag(wire::lisp::kNotifyR), lisp.child("lisp.mnot.flags.rtr"));
    } else {
        o.same_bool("P bit", m.flag(wire::lisp::kRegP), lisp.child("lisp.mreg.flags.pmr"));
        o.same_bool("S bit", m.flag(wire::lisp::kRegS), lisp.child("lisp.mreg.flags.sec"));
        o.same_bool("I bit", m.has_ids, lisp.child("lisp.mreg.flags.xtrid"));
        o.same_bool("legacy RTR bit", m.flag(wire::lisp::kRegLegacyRtr), lisp.child("lisp.mreg.flags.rtr"));
        o.same_bool("M bit", m.flag(wire::lisp::kRegM), lisp.child("lisp.mreg.flags.wmn"));
    }
    o.same_num("record count", m.record_count(), lisp.child("lisp.records"));
    const Node* nonce = lisp.child("lisp.nonce");
    o.same("nonce", hex64(m.nonce), nonce ? hexdigits(nonce->value) : "(absent)");
    o.same_num("key id", m.legacy_key_id(), lisp.child("lisp.keyid"));
    o.same_num("auth data length", m.auth_data.size(), lisp.child("lisp.authlen"));
    if (!m.auth_data.empty()) {
        const Node* auth = lisp.child("lisp.auth");
        o.same("auth data", to_hex(m.auth_data), auth ? hexdigits(auth->value) : "(absent)");
        o.same_pos("auth data", m.auth_offset, auth);
    }
    const Node* xtr = lisp.child("lisp.xtrid");
    const Node* site = lisp.child("lisp.siteid");
    if (m.has_ids) {
        o.same("xTR-ID", xtr_id_str(m.xtr_id), xtr ? hexdigits(xtr->value) : "(absent)");
        o.same("Site-ID", hex64(m.site_id), site ? hexdigits(site->value) : "(absent)");
    } else {
        o.same("xTR-ID present", "0", xtr ? "1" : "0");
    }
    std::vector<const Node*> recs = lisp.all("lisp.mapping");
    if (recs.size() != m.records.size())
        return o.problem("mapping records: msrt " + std::to_string(m.records.size()) + ", tshark " +
                         std::to_string(recs.size()));
    for (std::size_t i = 0; i < recs.size(); ++i) {
        std::string saved = o.where;
        o.where += " record " + std::to_string(i + 1);
        compare_record(o, m.records[i], *recs[i]);
        o.where = saved;
    }
}

void compare_capture(Oracle& o, const fs::path& file) {
    std::vector<LispFrame> frames = read_lisp_frames(file);
    std::map<std::size_t, TsharkPacket> ts = tshark_packets(file);
    for (const LispFrame& f : frames) {
        o.where = file.filename().string() + " frame " + std::to_string(f.number);
        auto it = ts.find(f.number);
        const Node* lisp = it == ts.end() ? nullptr : it->second.root.child("lisp");
        if (!lisp) {
            o.problem("tshark shows no LISP in this frame");
            continue;
        }
        // With the payload's frame offset as base, every decoded offset is a frame offset, as tshark's are.
        // A datagram may hold octets after the message, which tshark shows as data.
        Result<MapRegister> m = decode_map_register(f.payload(), f.payload_offset, TrailingOctets::Allow);
        const std::string& refused = it->second.refused_by;
        if (!refused.empty()) {
            if (m.ok())
                o.problem("tshark refuses the frame (" + refused + "), msrt decoded it");
            else
                ++o.malformed_agreed;
            std::printf("oracle: %s refused by tshark (%s); msrt: %s\n", o.where.c_str(), refused.c_str(),
                        m.ok() ? "decoded" : m.error().str().c_str());
            continue;
        }
        if (!m.ok()) {
            o.problem("msrt error " + m.error().str());
            continue;
        }
        ++o.packets;
        compare_map_register(o, *m, *lisp);
        std::size_t trailing = f.payload().size() - m->size;
        const Node* data = lisp->child("data");
        const Node* data_len = data ? data->child("data.len") : nullptr;
        o.same("trailing octets", std::to_string(trailing), data_len ? data_len->show : "0");
        if (trailing > 0) {
            o.same_pos("trailing data", m->offset + m->size, data ? data->child("data.data") : nullptr);
            // Without the allowance the same octets are an error right where the message ends.
            Result<MapRegister> strict = decode_map_register(f.payload(), f.payload_offset);
            o.same("strict decode", "error at " + std::to_string(m->offset + m->size),
                   strict ? "decoded" : "error at " + std::to_string(strict.error().offset));
        }
    }
    // Every type 3/4 frame tshark shows must have been found by the helper above.
    for (const auto& [n, p] : ts) {
        const Node* lisp = p.root.child("lisp");
        const Node* type = lisp ? lisp->child("lisp.type") : nullptr;
        if (!type || (type->show != "3" && type->show != "4")) continue;
        bool found =
            std::any_of(frames.begin(), frames.end(), [&](const LispFrame& f) { return f.number == n; });
        if (!found) {
            o.where = file.filename().string() + " frame " + std::to_string(n);
            o.problem("tshark shows a Map-Register/Notify the capture reader did not locate");
        }
    }
}

void report(const Oracle& o, const char* what) {
    std::printf(
        "oracle (%s): %zu packets compared, %zu fields compared, %zu mismatches, %zu malformed frames "
        "rejected as tshark does\n",
        what, o.packets, o.fields, o.mismatches, o.malformed_agreed);
    for (const std::string& l : o.log)
        std::printf("  mismatch: %s\n", l.c_str());
    std::fflush(stdout);
}

// ---- A capture of seeded random Map-Registers/Notifies, written with libpcap.

Bytes udp_frame(ByteView payload, bool ipv6, std::uint16_t vlan) {
    Writer w;
    for (int i = 0; i < 6; ++i)
        w.u8(0x02);
    for (int i = 0; i < 6; ++i)
        w.u8(0x04);
    if (vlan) {
        w.u16(0x8100);
        w.u16(vlan);
    }
    std::size_t udp_len = 8 + payload.size();
    if (ipv6) {
        w.u16(0x86DD);
        w.u32(0x60000000);
        w.u16(static_cast<std::uint16_t>(udp_len));
        w.u8(17);
        w.u8(64);
        for (int i = 0; i < 16; ++i)
            w.u8(i == 0 ? 0x20 : i == 1 ? 0x01 : i == 15 ? 1 : 0);
        for (int i = 0; i < 16; ++i)
            w.u8(i == 0 ? 0x20 : i == 1 ? 0x01 : i == 15 ? 2 : 0);
    } else {
        w.u16(0x0800);
        w.u8(0x45);
        w.u8(0);
        w.u16(static_cast<std::uint16_t>(20 + udp_len));
        w.u32(0);
        w.u8(64);
        w.u8(17);
        w.u16(0);
        w.u32(0xC0000201);
        w.u32(0xC0000202);
    }
    w.u16(wire::kUdpControlPort);
    w.u16(wire::kUdpControlPort);
    w.u16(static_cast<std::uint16_t>(udp_len));
    w.u16(0);
    w.bytes(payload);
    return w.take();
}

// Map-Registers as the LISP control plane sends them: plain IPv4/IPv6 or Instance-ID EIDs, IPv4/IPv6 RLOCs.
// The RTR bits are left clear: with them Wireshark expects the NAT-traversal fields, a different layout.
MapRegister plausible_map_register(test::Rng& rng) {
    MapRegister m = test::random_map_register(rng, 0, 0);
    m.word0 &= m.is_notify() ? ~wire::lisp::kNotifyR : ~wire::lisp::kRegLegacyRtr;
    m.key_id = 0;
    m.alg_id = rng.pick(std::vector<std::uint8_t>{0, 1, 2});
    m.auth_data = rng.bytes(rng.pick(test::auth_lengths()));
    std::size_t n = rng.uniform<std::size_t>(0, 4);
    for (std::size_t i = 0; i < n; ++i) {
        EidRecord r;
        r.ttl = rng.u32();
        r.act_word = static_cast<std::uint16_t>(rng.uniform(0, 7) << 13) | (rng.coin() ? 0x1000 : 0);
        r.version_word = rng.u16() & 0x0FFF;
        std::uint16_t afi = rng.coin() ? wire::afi::kIpv4 : wire::afi::kIpv6;
        Address a = test::random_address(rng, afi);
        r.eid = rng.coin() ? AddressField::plain(a) : AddressField::with_iid(rng.u32(), a, rng.u8());
        r.mask_len = rng.uniform<std::uint8_t>(0, static_cast<std::uint8_t>(a.bit_width()));
        std::size_t locs = rng.uniform<std::size_t>(0, 3);
        for (std::size_t k = 0; k < locs; ++k) {
            Locator l = test::random_locator(rng);
            l.rloc = AddressField::plain(
                test::random_address(rng, rng.coin() ? wire::afi::kIpv4 : wire::afi::kIpv6));
            r.locators.push_back(l);
        }
        m.records.push_back(r);
    }
    m.word0 = (m.word0 & ~wire::lisp::kRecordCountMask) | static_cast<std::uint32_t>(n);
    return m;
}

}  // namespace

TEST_CASE("oracle: Map-Register and Map-Notify in the shared captures match tshark's lisp dissector") {
    fs::path dir = fs::path(MSRT_PUBLIC_CAPTURES);
    INFO("captures in " << dir);
    REQUIRE(fs::is_directory(dir));
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().extension() == ".pcap" || e.path().extension() == ".pcapng") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    REQUIRE_FALSE(files.empty());
    Oracle o;
    for (const fs::path& f : files)
        compare_capture(o, f);
    report(o, "shared captures");
    for (const std::string& l : o.log)
        UNSCOPED_INFO(l);
    CHECK(o.packets > 0);
    CHECK(o.fields > 0);
    CHECK(o.mismatches == 0);
}

TEST_CASE("oracle: seeded random Map-Registers written to a capture match tshark's lisp dissector") {
    fs::path file = fs::temp_directory_path() / ("msrt-oracle-" + std::to_string(::getpid()) + ".pcap");
    test::Rng rng(4342);
    std::size_t written = 0;
    {
        pcap_t* dead = pcap_open_dead(DLT_EN10MB, 65535);
        REQUIRE(dead);
        pcap_dumper_t* d = pcap_dump_open(dead, file.c_str());
        REQUIRE(d);
        for (int i = 0; i < 200; ++i) {
            Bytes payload = encode_map_register(plausible_map_register(rng));
            Bytes frame = udp_frame(payload, i % 3 == 1, i % 5 == 2 ? 100 : 0);
            pcap_pkthdr h{};
            h.ts.tv_sec = 1700000000 + i;
            h.caplen = h.len = static_cast<bpf_u_int32>(frame.size());
            pcap_dump(reinterpret_cast<u_char*>(d), &h, frame.data());
            ++written;
        }
        pcap_dump_close(d);
        pcap_close(dead);
    }
    Oracle o;
    compare_capture(o, file);
    fs::remove(file);
    report(o, "seeded random capture");
    for (const std::string& l : o.log)
        UNSCOPED_INFO(l);
    CHECK(o.packets == written);
    CHECK(o.mismatches == 0);
}
