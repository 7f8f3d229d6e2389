// Per-session state: one msrt::session::Tracker per TCP conversation (the same code as `msrt sessions`), fed
// in capture order on the first pass; what it learned about each message is stored per frame so that later
// passes (and the GUI) show the same links and state without feeding it again.
//
// Memory per message is what costs time on large captures, more than instructions: the tracker runs without
// its per-message log, and each message keeps one compact MsgInfo whose forward links (the answer of a
// Registration, the notification of an ACK) are filled in when the later message arrives. Long-lived data
// sits in Wireshark's file scope (a block allocator), in chunks that never move, rather than among the C
// heap's short-lived chunks, where scattered long-lived allocations (and the copies of growing vectors)
// slowed every later malloc of the whole dissection.
#pragma once

#include <map>
#include <optional>
#include <vector>

#include "decoded.hpp"
#include "msrt/session/node_pool.hpp"
#include "msrt/session/tracker.hpp"
#include "msrt/session/udp_auth.hpp"
#include "ws.hpp"

namespace lmsrt {

// Per-session containers take their memory from protocol/'s slabs (node_pool.hpp), not the C heap: blocks
// that live as long as the file, scattered among tshark's per-packet ones, fragmented the heap and made
// glibc's consolidation cost more time than the plugin's own code.
template <class T>
using SlabAllocator = msrt::session::NodeAllocator<T>;

struct CausedBy {
    guint32 count = 0;
    msrt::session::SmallVector<guint32> frames;
};

struct Session {
    Session(const msrt::Profile& p, guint32 stream) : index(stream), tracker(p, false) {}

    guint32 index;  // lisp-msrt.session: the TCP stream index
    address ms_addr = ADDRESS_INIT_NONE, etr_addr = ADDRESS_INIT_NONE;
    guint32 ms_port = 0, etr_port = 0;
    msrt::session::Tracker tracker;
    std::optional<msrt::session::UdpAuth> udp_auth;  // the UDP authentication that preceded the session
    guint32 first_frame = 0;
    bool mid_stream = false;
    guint32 framing_error_frame[2] = {0, 0};  // first framing error per direction (0: none yet)
    wmem_array_t* messages = nullptr;         // guint32 MsgInfo number by message number (file scope)
    // Refresh message number -> the Registrations it caused
    std::map<guint32, CausedBy, std::less<guint32>, SlabAllocator<std::pair<const guint32, CausedBy>>> caused;

    const char* label_text = "";  // file scope: "ETR 192.0.2.10:40001, Map-Server 192.0.2.1:4342"

    msrt::Direction direction(const packet_info* pinfo) const;
    const char* label() const { return label_text; }
};

inline constexpr guint32 kNoIndex = 0xFFFFFFFF;

// What the first pass learned about one message (or one framing error) of a frame: 44 octets, one per message
// of the capture for the whole file. Frame links are 0 when there is none (yet). Fields a kind never uses are
// shared: `partner` and `extra` mean what the accessors below say for the message's kind.
struct MsgInfo {
    guint32 frame = 0;
    guint32 index = kNoIndex;      // message number in the session; kNoIndex for a framing error
    guint32 id = 0;                // Message ID
    guint32 response = 0;          // Registration: frame of its ACK/NACK; ACK/NACK: frame of the Registration
    guint32 partner = 0;           // see notification() and caused_by()
    guint32 extra = kNoIndex;      // see refresh() and response_time_us()
    msrt::session::Summary after;  // the registration table after this message
    msrt::Direction dir{};
    bool tracked : 1 = false;              // fed to the tracker (a decoded message, not a framing error)
    bool after_framing_error : 1 = false;  // an earlier framing error in the same direction
    bool unmatched : 1 = false;            // answer with nothing pending, notification with no ACK
    bool wrong_direction : 1 = false;
    bool has_expected_id : 1 = false;  // the Message ID was not the expected one: expected_id() says which
    bool long_response : 1 = false;    // a response time too long for `extra`: response_time_us() has it

    // ACK: frame of its Mapping Notification; Mapping Notification: frame of its ACK.
    guint32 notification() const { return partner; }
    // Registration: frame of the Refresh it answers.
    guint32 caused_by() const { return partner; }
    // Refresh: its Tracker::refreshes() index (kNoIndex: none).
    guint32 refresh() const { return extra; }
};

// ACK/NACK: microseconds since its Registration, or -1 if unknown.
gint64 response_time_us(const MsgInfo& i);
// With has_expected_id: the Message ID continuity expected.
guint32 expected_id(const MsgInfo& i);

// The session of this TCP conversation; created on the first pass by its first message (`kind` helps decide
// which side is the Map-Server when no SYN was captured). Null on a later pass if it never existed.
Session* session_for(packet_info* pinfo, msrt::Kind kind);

// First pass: feed the tracker and store the result; later passes: look it up. Null if nothing was stored.
const MsgInfo* message_info(packet_info* pinfo, Session& s, const msrt::Message& m, guint ordinal);
const MsgInfo* framing_info(packet_info* pinfo, Session& s, guint ordinal);

// The frame of the message `peer` sent with Message ID `id`, or 0 (Error Notification links).
guint32 frame_of_message(const Session& s, msrt::Direction peer, guint32 id, guint32 before_frame);
// The Registrations a Refresh (message number `index`) caused: how many, and their frames (each once).
const CausedBy* caused_by_refresh(const Session& s, guint32 index);

// UDP authentication (spec 6.1): protocol/'s UdpAuthTracker decides which authentication a session consumes;
// UdpLink keeps the frame numbers the UDP packets show as links.
struct UdpLink {
    guint32 register_frame = 0, notify_frame = 0, session_frame = 0;
};
// First pass: a Map-Register from `etr` to `ms`, or a Map-Notify from `ms` to `etr` (null if it matches no
// Map-Register). Later passes: the link stored for this frame. Only the header counts, as in `msrt sessions`
// (its UdpAuthStage): whether a Map-Register authenticated shows in the Map-Notify that answers it.
UdpLink* udp_map_register(packet_info* pinfo, const msrt::MapRegisterHeader& m);
UdpLink* udp_map_notify(packet_info* pinfo, const msrt::MapRegisterHeader& m);

// Every session of the open file, in order of creation (the statistics walk it).
const std::vector<Session*>& all_sessions();

}  // namespace lmsrt
