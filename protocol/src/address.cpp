#include "msrt/address.hpp"

#include "address_read.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>

#include "msrt/constants.hpp"

namespace msrt {
namespace {

namespace afi = wire::afi;
using detail::store_octets;

// A Distinguished Name is NUL-terminated; this bound keeps a hostile one from eating a whole message.
constexpr std::size_t kMaxNameLength = 1024;

void clear(Address& a) {
    a.afi = 0;
    a.octets = {};
    a.size = 0;
    a.name.clear();
}

// Into `a`, which may hold an earlier address: every field is set.
void read_plain(Reader& r, std::uint16_t family, const char* field, Address& a) {
    clear(a);
    a.afi = family;
    if (family == afi::kDistinguishedName) {
        ByteView rest = r.data().subspan(r.pos());
        std::size_t n = 0;
        while (n < rest.size() && n < kMaxNameLength && rest[n] != 0)
            ++n;
        if (n == rest.size() || n == kMaxNameLength) {
            r.fail(field, "distinguished name has no terminating NUL");
            return;
        }
        a.name.assign(rest.begin(), rest.begin() + static_cast<std::ptrdiff_t>(n));
        r.skip(n + 1, field);
        return;
    }
    // IPv4 and IPv6 first: nearly every address of a capture is one of them.
    std::optional<std::size_t> size;
    if (family == afi::kIpv4)
        size = 4;
    else if (family == afi::kIpv6)
        size = 16;
    else
        size = fixed_address_size(family);
    if (!size) {
        // Callers have just read the AFI: the error points at it rather than at the octets after it.
        r.fail_at(r.abs() - 2, field, "unsupported AFI " + std::to_string(family));
        return;
    }
    ByteView v = r.take(*size, field);
    a.size = static_cast<std::uint8_t>(v.size());
    store_octets(a, v);
}

// An LCAF's header after its AFI, through a Reader or unchecked (Reader::block).
struct LcafWords {
    std::uint8_t rsvd1, flags, type, rsvd2;
    std::uint16_t length;
};

template <class In>
LcafWords read_lcaf_words(In& in, const char* field) {
    LcafWords w{};
    w.rsvd1 = in.u8(field);
    w.flags = in.u8(field);
    w.type = in.u8(field);
    w.rsvd2 = in.u8(field);
    w.length = in.u16(field);
    return w;
}

Address read_plain(Reader& r, std::uint16_t family, const char* field) {
    Address a;
    read_plain(r, family, field, a);
    return a;
}

void write_plain(Writer& w, const Address& a) {
    w.u16(a.afi);
    if (a.afi == afi::kDistinguishedName) {
        w.bytes(ByteView(reinterpret_cast<const std::uint8_t*>(a.name.data()), a.name.size()));
        w.u8(0);
        return;
    }
    w.bytes(a.bytes());
}

std::size_t plain_size(const Address& a) {
    return 2 + (a.afi == afi::kDistinguishedName ? a.name.size() + 1 : a.size);
}

std::size_t lcaf_payload_size(const Lcaf& l, const Address& inner) {
    switch (l.type) {
        case wire::lcaf::kTypeInstanceId:
            return 4 + plain_size(inner);
        case wire::lcaf::kTypeAfiList: {
            std::size_t n = 0;
            for (const Address& a : l.afi_list)
                n += plain_size(a);
            return n;
        }
        default:
            return l.raw.size();
    }
}

void read_lcaf_payload(Reader& p, AddressField& out, const char* field) {
    Lcaf& l = *out.lcaf;
    if (l.type == wire::lcaf::kTypeInstanceId) {
        l.iid = p.u32(field);
        std::uint16_t inner = p.u16(field);
        if (inner == afi::kLcaf) {
            p.fail_at(p.abs() - 2, field, "nested LCAF inside an Instance-ID LCAF is not supported");
            return;
        }
        if (!p.failed()) read_plain(p, inner, field, out.addr);
    } else if (l.type == wire::lcaf::kTypeAfiList) {
        while (!p.failed() && p.remaining() > 0) {
            std::uint16_t member = p.u16(field);
            if (member == afi::kLcaf) {
                p.fail_at(p.abs() - 2, field, "nested LCAF inside an AFI-list LCAF is not supported");
                return;
            }
            l.afi_list.push_back(read_plain(p, member, field));
        }
    } else {
        ByteView raw = p.take(p.remaining(), field);
        l.raw.assign(raw.begin(), raw.end());
    }
    if (!p.failed() && p.remaining() != 0)
        p.fail(field, "LCAF length " + std::to_string(l.length) + " leaves " + std::to_string(p.remaining()) +
                          " octets unused");
}

}  // namespace

std::string_view afi_name(std::uint16_t family) {
    switch (family) {
        case afi::kNone:
            return "none";
        case afi::kIpv4:
            return "IPv4";
        case afi::kIpv6:
            return "IPv6";
        case afi::kMac802:
            return "802";
        case afi::kDistinguishedName:
            return "DN";
        case afi::kLcaf:
            return "LCAF";
        case afi::kMac48:
            return "MAC";
        default:
            return "unknown";
    }
}

Address Address::ipv4(std::uint32_t host_order) {
    Address a;
    a.afi = afi::kIpv4;
    a.size = 4;
    for (int i = 0; i < 4; ++i)
        a.octets[i] = static_cast<std::uint8_t>(host_order >> (24 - 8 * i));
    return a;
}

Address Address::from_octets(std::uint16_t family, ByteView v) {
    Address a;
    a.afi = family;
    // A fixed-size family always gets its full size, zero-filled: short input must never encode a field whose
    // length disagrees with its AFI.
    std::size_t size = std::min(fixed_address_size(family).value_or(v.size()), a.octets.size());
    a.size = static_cast<std::uint8_t>(size);
    std::copy_n(v.begin(), std::min(v.size(), size), a.octets.begin());
    return a;
}

std::optional<Address> Address::parse(std::string_view text) {
    if (text.empty() || text == "*") return Address{};
    std::string s(text);
    std::uint8_t buf[16];
    if (inet_pton(AF_INET, s.c_str(), buf) == 1) return from_octets(afi::kIpv4, ByteView(buf, 4));
    if (inet_pton(AF_INET6, s.c_str(), buf) == 1) return from_octets(afi::kIpv6, ByteView(buf, 16));
    unsigned m[6];
    char tail;
    if (s.size() == 17 && std::sscanf(s.c_str(), "%2x:%2x:%2x:%2x:%2x:%2x%c", &m[0], &m[1], &m[2], &m[3],
                                      &m[4], &m[5], &tail) == 6) {
        for (int i = 0; i < 6; ++i)
            buf[i] = static_cast<std::uint8_t>(m[i]);
        return from_octets(afi::kMac48, ByteView(buf, 6));
    }
    return std::nullopt;
}

std::string Address::str() const {
    char out[INET6_ADDRSTRLEN] = {};
    switch (afi) {
        case afi::kNone:
            return "*";
        case afi::kIpv4:
            inet_ntop(AF_INET, octets.data(), out, sizeof out);
            return out;
        case afi::kIpv6:
            inet_ntop(AF_INET6, octets.data(), out, sizeof out);
            return out;
        case afi::kMac802:
        case afi::kMac48:
            std::snprintf(out, sizeof out, "%02x:%02x:%02x:%02x:%02x:%02x", octets[0], octets[1], octets[2],
                          octets[3], octets[4], octets[5]);
            return out;
        case afi::kDistinguishedName:
            return name;
        default:
            return "afi" + std::to_string(afi) + ":" + to_hex(bytes());
    }
}

std::string AddressField::str() const {
    if (is_iid()) return "[" + std::to_string(lcaf->iid) + "] " + addr.str();
    if (lcaf && lcaf->type == wire::lcaf::kTypeAfiList) {
        std::string s = "(";
        for (std::size_t i = 0; i < lcaf->afi_list.size(); ++i)
            s += (i ? ", " : "") + lcaf->afi_list[i].str();
        return s + ")";
    }
    if (lcaf) return "LCAF type " + std::to_string(lcaf->type);
    return addr.str();
}

AddressField AddressField::plain(Address a) {
    AddressField f;
    f.addr = std::move(a);
    f.size = plain_size(f.addr);
    return f;
}

AddressField AddressField::with_iid(std::uint32_t iid, Address inner, std::uint8_t iid_mask_len) {
    AddressField f;
    Lcaf l;
    l.type = wire::lcaf::kTypeInstanceId;
    l.rsvd2 = iid_mask_len;
    l.iid = iid;
    l.length = static_cast<std::uint16_t>(lcaf_payload_size(l, inner));
    f.addr = std::move(inner);
    f.lcaf = l;
    f.size = 2 + wire::lcaf::kHeaderSize + l.length;
    return f;
}

AddressField read_address(Reader& r, const char* field) {
    AddressField out;
    read_address(r, field, out);
    return out;
}

namespace detail {

void read_any_address(Reader& r, const char* field, AddressField& out) {
    out.offset = r.abs();
    out.size = 0;
    std::size_t start = r.pos();
    std::uint16_t family = r.u16(field);
    if (family != afi::kLcaf || r.failed()) {
        out.lcaf.reset();
        if (r.failed()) return clear(out.addr);
        read_plain(r, family, field, out.addr);
        out.size = r.pos() - start;
        return;
    }
    clear(out.addr);
    auto b = r.block(wire::lcaf::kHeaderSize);
    LcafWords w = b ? read_lcaf_words(*b, field) : read_lcaf_words(r, field);
    auto [rsvd1, flags, type, rsvd2, length] = w;
    if (r.failed()) return out.lcaf.reset();
    std::size_t payload_at = r.abs();
    if (r.remaining() < length) {
        r.fail(field, "LCAF length " + std::to_string(length) + " runs past the end (" +
                          std::to_string(r.remaining()) + " octets left)");
        return out.lcaf.reset();
    }
    Reader p(r.take(length, field), payload_at);
    Lcaf& l = out.lcaf ? *out.lcaf : out.lcaf.emplace();
    l.rsvd1 = rsvd1;
    l.flags = flags;
    l.type = type;
    l.rsvd2 = rsvd2;
    l.length = length;
    l.iid = 0;
    l.afi_list.clear();
    l.raw.clear();
    read_lcaf_payload(p, out, field);
    if (p.failed()) {
        r.fail_at(p.error().offset, field, p.error().what);
        return;
    }
    out.size = r.pos() - start;
}

}  // namespace detail

void read_address(Reader& r, const char* field, AddressField& out) {
    detail::read_address_inline(r, field, out);
}

void write_address(Writer& w, const AddressField& a) {
    if (!a.lcaf) {
        write_plain(w, a.addr);
        return;
    }
    const Lcaf& l = *a.lcaf;
    w.u16(afi::kLcaf);
    w.u8(l.rsvd1);
    w.u8(l.flags);
    w.u8(l.type);
    w.u8(l.rsvd2);
    w.u16(static_cast<std::uint16_t>(lcaf_payload_size(l, a.addr)));
    if (l.type == wire::lcaf::kTypeInstanceId) {
        w.u32(l.iid);
        write_plain(w, a.addr);
    } else if (l.type == wire::lcaf::kTypeAfiList) {
        for (const Address& m : l.afi_list)
            write_plain(w, m);
    } else {
        w.bytes(l.raw);
    }
}

std::size_t encoded_size(const AddressField& a) {
    if (!a.lcaf) return plain_size(a.addr);
    return 2 + wire::lcaf::kHeaderSize + lcaf_payload_size(*a.lcaf, a.addr);
}

}  // namespace msrt
