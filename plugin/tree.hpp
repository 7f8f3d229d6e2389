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
    proto_item* item;      // the message's subtree item: expert infos of skipped detail land here
    bool detail;           // details_wanted(): build the full tree, not only the summary fields
    const char* eid_text;  // the one EID the message names, already formatted (null: format when needed)
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

// Text costs more than a faked tree item: build it only for a tree someone will look at (visible), or for a
// field a filter, a column or -e asks for (referenced). Otherwise the item gets "" and is faked anyway.
inline bool visible(proto_tree* t) {
    return t && PTREE_DATA(t)->visible;
}
inline bool wanted(proto_tree* t, int hf) {
    return proto_field_is_referenced(t, hf);
}
// Mirror fields (a number already shown in a text, like the state counts or the normalised IID) cost a tree
// node per message in every tree, tshark -T fields included: they are added only when a filter, a column
// or -e names them, the way hidden fields serve filters.
inline bool referenced(int hf) {
    return proto_registrar_get_nth(static_cast<guint>(hf))->ref_type != HF_REF_TYPE_NONE;
}
// Reserved and unused bits are shown when they are set (an anomaly worth seeing) or asked for.
inline bool shown_reserved(guint64 value, int hf) {
    return value != 0 || referenced(hf);
}

// tree_address.cpp
// `own_item`: the address text gets an item of its own with the fields below it; otherwise the fields go
// straight into `tree`, whose item already names the address (an EID: lisp-msrt.eid).
void add_address(const Ctx& c, proto_tree* tree, const AddressHf& h, const msrt::AddressField& a,
                 bool own_item = true);
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
