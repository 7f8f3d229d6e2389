// Tree building from decoded values: every item shows a value protocol/ decoded, placed on the octets the
// decoder's offsets (plus msrt/layout.hpp) point at. Nothing here reads packet bytes through Wireshark.
//
// These functions call Wireshark's tree API, which may longjmp: they hold no C++ objects with destructors
// (temporaries that end within one statement before any Wireshark call are fine).
#pragma once

#include "fields.hpp"
#include "msrt/layout.hpp"
#include "msrt/message.hpp"
#include "ws.hpp"

namespace lmsrt {

struct Ctx {
    tvbuff_t* tvb;
    packet_info* pinfo;
    msrt::ByteView bytes;  // the message (or UDP Map-Register) the decoded offsets refer to
};

inline gint at(std::size_t base, msrt::layout::Span s) {
    return static_cast<gint>(base + s.at);
}
inline gint len(msrt::layout::Span s) {
    return static_cast<gint>(s.size);
}
inline gint gi(std::size_t v) {
    return static_cast<gint>(v);
}

proto_item* add_generated(proto_item* item);

// tree_address.cpp
void add_address(const Ctx& c, proto_tree* tree, const AddressHf& h, const msrt::AddressField& a);
// The compact EID prefix of ACK/NACK/Refresh, with lisp-msrt.eid and lisp-msrt.iid.
void add_eid_prefix(const Ctx& c, proto_tree* tree, const msrt::EidPrefix& p);
// lisp-msrt.eid / lisp-msrt.iid for an EID a message names.
void add_message_eid(const Ctx& c, proto_tree* tree, const char* text, guint32 iid, std::size_t offset,
                     std::size_t size);

// tree_map_register.cpp
enum class Place { Registration, MappingNotification, Udp };
void add_record(const Ctx& c, proto_tree* tree, const msrt::EidRecord& rec, unsigned number, Place place);
void add_map_register(const Ctx& c, proto_tree* tree, const msrt::MapRegister& m, Place place);

// tree_bodies.cpp: one message body, by kind.
void add_body(const Ctx& c, proto_tree* tree, proto_item* item, const msrt::Message& m);

}  // namespace lmsrt
