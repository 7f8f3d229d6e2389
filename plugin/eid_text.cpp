#include "eid_text.hpp"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>
#include <string>

#include "decoded.hpp"

namespace lmsrt {

void EidText::add(std::string_view s) {
    std::size_t n = std::min(s.size(), sizeof buf_ - n_);
    std::memcpy(buf_ + n_, s.data(), n);
    n_ += n;
}

void EidText::add(unsigned v) {
    n_ = static_cast<std::size_t>(std::to_chars(buf_ + n_, buf_ + sizeof buf_, v).ptr - buf_);
}

bool EidText::address(const msrt::Address& a) {
    namespace afi = msrt::wire::afi;
    if (a.afi == afi::kNone) {
        add("*");
        return true;
    }
    if (a.afi != afi::kIpv4 && a.afi != afi::kIpv6) return false;
    char out[INET6_ADDRSTRLEN] = {};
    inet_ntop(a.afi == afi::kIpv4 ? AF_INET : AF_INET6, a.octets.data(), out, sizeof out);
    add(out);
    return true;
}

bool EidText::field(const msrt::AddressField& a) {
    std::size_t start = n_;
    if (a.is_iid()) {
        add("[");
        add(a.lcaf->iid);
        add("] ");
    } else if (a.lcaf) {
        return false;
    }
    if (address(a.addr)) return true;
    n_ = start;
    return false;
}

bool EidText::eid(std::uint32_t iid, const msrt::Address& prefix, unsigned len) {
    std::size_t start = n_;
    add("[");
    add(iid);
    add("] ");
    if (prefix.afi == msrt::wire::afi::kNone) {
        add("*");
        return true;
    }
    if (!address(prefix)) {
        n_ = start;
        return false;
    }
    add("/");
    add(len);
    return true;
}

bool EidText::record(const msrt::EidRecord& rec) {
    if (names_prefix(rec.eid)) return eid(rec.eid.iid(), rec.eid.addr, rec.mask_len);
    std::size_t start = n_;
    if (!field(rec.eid)) return false;
    add("/");
    add(rec.mask_len);
    if (n_ < sizeof buf_) return true;
    n_ = start;
    return false;
}

namespace {

const char* copy(wmem_allocator_t* pool, const EidText& t) {
    return wmem_strndup(pool, t.view().data(), t.view().size());
}

}  // namespace

const char* eid_text(wmem_allocator_t* pool, const msrt::Eid& eid) {
    EidText t;
    if (t.eid(eid.iid, eid.prefix, eid.len)) return copy(pool, t);
    return wmem_strdup(pool, eid.str().c_str());
}

const char* address_text(wmem_allocator_t* pool, const msrt::AddressField& a) {
    EidText t;
    if (t.field(a)) return copy(pool, t);
    return wmem_strdup(pool, a.str().c_str());
}

const char* record_eid_text(wmem_allocator_t* pool, const msrt::EidRecord& rec) {
    EidText t;
    if (t.record(rec)) return copy(pool, t);
    if (names_prefix(rec.eid)) return eid_text(pool, rec.key());
    return wmem_strdup(pool, (rec.eid.str() + "/" + std::to_string(rec.mask_len)).c_str());
}

}  // namespace lmsrt
