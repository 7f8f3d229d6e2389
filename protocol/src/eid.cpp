#include "msrt/eid.hpp"

#include "address_read.hpp"

#include <charconv>

namespace msrt {

std::string Eid::str() const {
    std::string s = "[" + std::to_string(iid) + "] ";
    if (prefix.afi == wire::afi::kNone) return s + "*";
    return s + prefix.str() + "/" + std::to_string(len);
}

std::optional<Eid> Eid::parse(std::string_view text) {
    Eid e;
    if (!text.empty() && text.front() == '[') {
        std::size_t close = text.find(']');
        if (close == std::string_view::npos) return std::nullopt;
        auto [p, ec] = std::from_chars(text.data() + 1, text.data() + close, e.iid);
        if (ec != std::errc{} || p != text.data() + close) return std::nullopt;
        text.remove_prefix(close + 1);
        while (!text.empty() && text.front() == ' ')
            text.remove_prefix(1);
    }
    std::string_view addr = text;
    std::optional<unsigned> len;
    if (std::size_t slash = text.find('/'); slash != std::string_view::npos) {
        addr = text.substr(0, slash);
        unsigned v = 0;
        auto [p, ec] = std::from_chars(text.data() + slash + 1, text.data() + text.size(), v);
        if (ec != std::errc{} || p != text.data() + text.size()) return std::nullopt;
        len = v;
    }
    std::optional<Address> a = Address::parse(addr);
    if (!a) return std::nullopt;
    e.prefix = *a;
    std::size_t width = e.prefix.bit_width();
    if (len && *len > width) return std::nullopt;
    e.len = static_cast<std::uint8_t>(len.value_or(static_cast<unsigned>(width)));
    return e;
}

bool Eid::covers(const Eid& other) const {
    if (iid != other.iid) return false;
    if (prefix.afi == wire::afi::kNone) return true;  // "any prefix in this instance"
    if (prefix.afi != other.prefix.afi || other.len < len) return false;
    if (prefix.afi == wire::afi::kDistinguishedName) return len == 0 || prefix.name == other.prefix.name;
    std::size_t full = len / 8;
    for (std::size_t i = 0; i < full && i < prefix.size; ++i)
        if (prefix.octets[i] != other.prefix.octets[i]) return false;
    std::size_t rest = len % 8;
    if (rest == 0 || full >= prefix.size) return true;
    auto mask = static_cast<std::uint8_t>(0xFF << (8 - rest));
    return (prefix.octets[full] & mask) == (other.prefix.octets[full] & mask);
}

EidPrefix EidPrefix::of(const Eid& eid, bool as_lcaf) {
    EidPrefix p;
    p.mask_len = eid.len;
    p.field = as_lcaf ? AddressField::with_iid(eid.iid, eid.prefix) : AddressField::plain(eid.prefix);
    return p;
}

EidPrefix read_eid_prefix(Reader& r) {
    EidPrefix p;
    read_eid_prefix(r, p);
    return p;
}

// Every field is set: `p` may hold an earlier prefix.
void read_eid_prefix(Reader& r, EidPrefix& p) {
    p.offset = r.abs();
    p.mask_len = r.u8("eid.mask_len");
    detail::read_address_inline(r, "eid.prefix", p.field);
    if (!r.failed() && p.field.lcaf && !p.field.is_iid())
        r.fail_at(p.field.offset, "eid.prefix",
                  "LCAF type " + std::to_string(p.field.lcaf->type) + " cannot name an EID prefix");
    if (!r.failed() && p.mask_len > p.field.addr.bit_width() &&
        p.field.addr.afi != wire::afi::kDistinguishedName)
        r.fail_at(p.offset, "eid.mask_len",
                  "mask length " + std::to_string(p.mask_len) + " exceeds the address width");
}

void write_eid_prefix(Writer& w, const EidPrefix& p) {
    w.u8(p.mask_len);
    write_address(w, p.field);
}

}  // namespace msrt
