#include <charconv>
#include <cstdio>

#include "common/address_text.hpp"
#include "sessions/session_report.hpp"

namespace msrt::cli {

void append_address(std::string& out, const session::PackedAddress& a) {
    // Nearly every address of a large capture is IPv4, IPv6 or MAC: formatted without a temporary Address.
    if (!append_address_text(out, a.afi(), a.octets.data())) out += a.str();
}

char* eid_chars(char* out, const session::Key& k) {
    char* end = address_chars(out, k.prefix.afi(), k.prefix.octets.data());
    if (!end) return nullptr;
    *end++ = '/';
    return std::to_chars(end, end + 3, k.len).ptr;
}

void append_eid(std::string& out, const session::Key& k) {
    char text[kEidChars];
    if (char* end = eid_chars(text, k)) return void(out.append(text, end));
    out += k.prefix.str();
    out += '/';
    append_json_uint(out, k.len);
}

// Address text needs no escaping; a Distinguished Name may.
void append_eid_json(std::string& out, const session::Key& k) {
    char text[kEidChars];
    if (char* end = eid_chars(text, k)) {
        out += '"';
        out.append(text, end);
        out += '"';
        return;
    }
    append_json_string(out, eid_text(k));
}

void append_iid_eid(std::string& out, const session::Key& k) {
    if (!append_iid_prefix_text(out, k.iid, k.prefix.afi(), k.prefix.octets.data(), k.len)) out += k.str();
}

const std::string& SharedCells::rlocs(std::uint32_t n) {
    return shared_text(rlocs_, n, [&] { return rlocs_text(tracker_.rlocs(n)); });
}

const std::string& SharedCells::xtr_id(std::uint32_t n) {
    return shared_text(xtr_ids_, n, [&] {
        const session::SiteIds& ids = tracker_.ids(n);
        return ids.present ? xtr_id_str(ids.xtr_id) : std::string();
    });
}

std::string eid_text(const session::Key& k) {
    std::string s;
    append_eid(s, k);
    return s;
}

std::string nonce_text(std::uint64_t nonce) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "0x%016llx", static_cast<unsigned long long>(nonce));
    return buf;
}

const char* end_reason_key(SessionEnd e) {
    switch (e) {
        case SessionEnd::Fin:
            return "fin";
        case SessionEnd::Rst:
            return "rst";
        case SessionEnd::CaptureEnd:
            break;
    }
    return "capture_end";
}

std::string reason_key(const Profile& p, std::optional<std::uint8_t> code) {
    if (!code) return "";
    const auto* r = p.reason(*code);
    return r ? r->key : "unknown_" + std::to_string(*code);
}

void write_rlocs(Json& j, const session::RlocSet& rlocs) {
    append_rlocs_json(j.raw_value(), rlocs);
}

// State tables print one per registrant: appended piece by piece, without printf.
std::string rlocs_text(const session::RlocSet& rlocs) {
    std::string s;
    for (const session::Rloc& r : rlocs) {
        if (&r != &rlocs.front()) s += "; ";
        append_address(s, r.address);
        const std::pair<char, unsigned> numbers[] = {
            {' ', r.priority}, {'/', r.weight}, {' ', r.m_priority}, {'/', r.m_weight}};
        for (const auto& [separator, value] : numbers) {
            s += separator;
            append_json_uint(s, value);
        }
        char hex[8];
        s += " 0x";
        s.append(hex, std::to_chars(hex, hex + sizeof hex, r.flags, 16).ptr);
    }
    return s;
}

}  // namespace msrt::cli
