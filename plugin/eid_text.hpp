// The text of an address or EID, in protocol/'s wording ("[1000] 10.1.0.0/16"), without the C heap. str() in
// protocol/ builds each from several std::string temporaries: a few mallocs a message on the hot path, since
// a visible tree (tshark -V, -T fields, the GUI) shows an EID in every message label. The common families (no
// address, IPv4, IPv6) are written here into a fixed buffer with the same inet_ntop that protocol/ uses;
// others fall back to str().
#pragma once

#include <cstddef>
#include <string_view>

#include "msrt/address.hpp"
#include "msrt/eid.hpp"
#include "msrt/map_register.hpp"
#include "ws.hpp"

namespace lmsrt {

class EidText {
  public:
    // False (and nothing written) for an address family not written here.
    bool address(const msrt::Address& a);
    bool field(const msrt::AddressField& a);                                 // AddressField::str()
    bool eid(std::uint32_t iid, const msrt::Address& prefix, unsigned len);  // Eid::str()
    bool record(const msrt::EidRecord& rec);  // a record's EID: its key, or field + "/len"
    std::string_view view() const { return {buf_, n_}; }
    void clear() { n_ = 0; }

  private:
    void add(std::string_view s);
    void add(unsigned v);

    char buf_[128];  // the longest: "[4294967295] " + an IPv6 address + "/255"
    std::size_t n_ = 0;
};

// Packet-scope copies, falling back to protocol/'s str() for other families.
const char* eid_text(wmem_allocator_t* pool, const msrt::Eid& eid);
const char* address_text(wmem_allocator_t* pool, const msrt::AddressField& a);
const char* record_eid_text(wmem_allocator_t* pool, const msrt::EidRecord& rec);

}  // namespace lmsrt
