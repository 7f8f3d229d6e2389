#include <cstdio>

#include "sessions/session_report.hpp"

namespace msrt::cli {

std::string eid_text(const session::Key& k) {
    return k.prefix.str() + "/" + std::to_string(k.len);
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
    j.begin_array();
    for (const session::Rloc& r : rlocs) {
        j.begin_object()
            .field("address", r.address.str())
            .field("priority", unsigned{r.priority})
            .field("weight", unsigned{r.weight})
            .field("m_priority", unsigned{r.m_priority})
            .field("m_weight", unsigned{r.m_weight})
            .field("flags", unsigned{r.flags})
            .end_object();
    }
    j.end_array();
}

std::string rlocs_text(const session::RlocSet& rlocs) {
    std::string s;
    for (const session::Rloc& r : rlocs) {
        char buf[64];
        std::snprintf(buf, sizeof buf, " %u/%u %u/%u 0x%x", r.priority, r.weight, r.m_priority, r.m_weight,
                      r.flags);
        s += (s.empty() ? "" : "; ") + r.address.str() + buf;
    }
    return s;
}

}  // namespace msrt::cli
