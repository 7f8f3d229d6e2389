// The bridge between Wireshark's packet data and protocol/: bytes are read once, decoded by protocol/ into
// storage that no stack frame owns, and turned into packet-scope C strings for display.
//
// Why static storage: Wireshark's packet-data exceptions longjmp, which skips C++ destructors. Functions that
// call Wireshark's tree/tvb API therefore hold no C++ objects with destructors; they only look at these
// slots.
#pragma once

#include "msrt/address.hpp"
#include "msrt/eid.hpp"
#include "msrt/map_register.hpp"
#include "msrt/message.hpp"
#include "ws.hpp"

namespace lmsrt {

struct Decoded {
    const msrt::Message* message = nullptr;  // on failure: the header, Kind from the profile, an UnknownBody
    bool ok = false;
    const char* error = nullptr;  // packet-scope text of the decode error (field, offset, what)
    std::size_t error_offset = 0;
};

// Decodes one well-framed message. The result stays valid until the next call.
const Decoded& decode_message(msrt::ByteView bytes, const msrt::Profile& profile, wmem_allocator_t* pool);

struct DecodedMapRegister {
    msrt::MapRegister value;
    bool ok = false;
};
// Decodes a UDP Map-Register / Map-Notify. The result stays valid until the next call.
const DecodedMapRegister& decode_udp_map_register(msrt::ByteView bytes);

// Packet-scope strings (freed with the packet, never on a C++ stack); EIDs and addresses: eid_text.hpp.
const char* plain_text(wmem_allocator_t* pool, const msrt::Address& a);
const char* auth_status_text(wmem_allocator_t* pool, const msrt::MapRegister& m, msrt::ByteView bytes,
                             const char* key, bool* ok);

// A plain address or an Instance-ID LCAF: something an (IID, prefix, length) key can describe.
inline bool names_prefix(const msrt::AddressField& a) {
    return !a.lcaf || a.is_iid();
}

// A Wireshark address (IPv4/IPv6) as a protocol/ Address; AFI 0 for anything else.
msrt::Address to_msrt(const address& a);

}  // namespace lmsrt

namespace lmsrt {

// A message's texts, built together so that its EID is formatted once: the subtree label "Message N: ...",
// the Info-column summary inside it ("Registration ACK id=1 [1000] 10.1.0.0/16"), and the one EID the message
// names (null if none or several).
struct MessageTexts {
    const char* label = "";
    const char* info = "";
    const char* eid = nullptr;
};
MessageTexts message_texts(wmem_allocator_t* pool, const msrt::Message& m, const msrt::Profile& p,
                           guint ordinal);

}  // namespace lmsrt
