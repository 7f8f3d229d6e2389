#include "conversation_state.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "file_array.hpp"
#include "plugin.hpp"

namespace lmsrt {
namespace {

constexpr std::size_t kErrorLinkSearch = 1 << 16;  // how far back an Error Notification link is looked for

using UdpKey = std::tuple<msrt::session::PackedAddress, msrt::session::PackedAddress, std::uint64_t>;

struct FrameFirst {
    guint32 frame = 0, first = 0;
};

template <class K, class V>
using SlabMap = std::map<K, V, std::less<K>, SlabAllocator<std::pair<const K, V>>>;

// Sessions are made and freed through the slabs too (see CausedBy).
struct FreeSession {
    void operator()(Session* s) const {
        s->~Session();
        SlabAllocator<Session>().deallocate(s, 1);
    }
};
using SessionPtr = std::unique_ptr<Session, FreeSession>;

SessionPtr new_session(const msrt::Profile& p, guint32 stream) {
    Session* raw = SlabAllocator<Session>().allocate(1);
    return SessionPtr(new (raw) Session(p, stream));
}

struct State {
    std::vector<SessionPtr> sessions;
    std::vector<Session*> view;
    msrt::session::UdpAuthTracker udp;
    SlabMap<UdpKey, UdpLink*> udp_by_nonce;         // (ETR, MS, nonce): the latest Map-Register
    SlabMap<std::uint64_t, UdpLink*> udp_by_frame;  // Map-Register frame
    Session* cached = nullptr;  // the session of the last message, for the next one of the same segment
    guint32 cached_frame = 0, cached_ports = 0;
    // Every MsgInfo in first-pass order, and for each frame with any, (frame, number of its first) in
    // ascending frame order: 8 octets a frame, where Wireshark's per-frame proto data costs about 100.
    FileArray<MsgInfo> infos;
    FileArray<FrameFirst> frame_first;
    // What few messages need and MsgInfo has no room for: a Message-ID gap, a response after 71 minutes.
    std::unordered_map<const MsgInfo*, guint32> expected_ids;
    std::unordered_map<const MsgInfo*, gint64> long_responses;
};
State* g_state = nullptr;

State& state() {
    if (!g_state) g_state = new State;
    return *g_state;
}

msrt::Micros time_of(const packet_info* pinfo) {
    return static_cast<msrt::Micros>(pinfo->abs_ts.secs) * 1'000'000 + pinfo->abs_ts.nsecs / 1000;
}

// Which end is the Map-Server: the side that received the SYN, else the port we were registered on, else
// the receiver of a message only an ETR sends (or the sender of one only a Map-Server sends).
bool destination_is_ms(packet_info* pinfo, msrt::Kind kind) {
    struct tcp_analysis* tcpd = get_tcp_conversation_data(nullptr, pinfo);
    if (tcpd && tcpd->server_port != 0) return pinfo->destport == tcpd->server_port;
    if (pinfo->match_uint == pinfo->destport && pinfo->match_uint != pinfo->srcport) return true;
    if (pinfo->match_uint == pinfo->srcport && pinfo->match_uint != pinfo->destport) return false;
    const msrt::TypeEntry* e = profile().type(profile().code_of(kind));
    return !(e && e->sender == msrt::Sender::MapServer);
}

// "192.0.2.1:4342" or "[2001:db8::1]:4342", as `msrt` and the manifests write endpoints.
const char* endpoint(wmem_allocator_t* pool, const address& a, guint32 port) {
    char* text = address_to_str(pool, &a);
    return a.type == AT_IPv6 ? wmem_strdup_printf(pool, "[%s]:%u", text, port)
                             : wmem_strdup_printf(pool, "%s:%u", text, port);
}

Session* create_session(packet_info* pinfo, msrt::Kind kind, conversation_t* conv) {
    struct tcp_analysis* tcpd = get_tcp_conversation_data(conv, pinfo);
    SessionPtr s = new_session(profile(), tcpd ? tcpd->stream : 0);
    bool dst_ms = destination_is_ms(pinfo, kind);
    copy_address_wmem(wmem_file_scope(), &s->ms_addr, dst_ms ? &pinfo->dst : &pinfo->src);
    copy_address_wmem(wmem_file_scope(), &s->etr_addr, dst_ms ? &pinfo->src : &pinfo->dst);
    s->ms_port = dst_ms ? pinfo->destport : pinfo->srcport;
    s->etr_port = dst_ms ? pinfo->srcport : pinfo->destport;
    s->first_frame = pinfo->num;
    s->label_text = wmem_strdup_printf(wmem_file_scope(), "ETR %s, Map-Server %s",
                                       endpoint(pinfo->pool, s->etr_addr, s->etr_port),
                                       endpoint(pinfo->pool, s->ms_addr, s->ms_port));
    s->mid_stream = !tcpd || tcpd->server_port == 0;  // no SYN: Message IDs need not start at 0
    if (s->mid_stream) s->tracker.start_mid_stream();
    s->udp_auth = state().udp.take(to_msrt(s->etr_addr), to_msrt(s->ms_addr));
    if (s->udp_auth) {
        auto it = state().udp_by_frame.find(s->udp_auth->register_frame);
        if (it != state().udp_by_frame.end() && it->second->session_frame == 0)
            it->second->session_frame = pinfo->num;
    }
    Session* raw = s.get();
    state().sessions.push_back(std::move(s));
    state().view.push_back(raw);
    conversation_add_proto_data(conv, proto, raw);
    return raw;
}

MsgInfo* store(packet_info* pinfo, guint ordinal, const Session& s, msrt::Direction d, guint32* number) {
    State& st = state();
    guint32 count = st.frame_first.size();
    if (ordinal == 0) {
        // The first pass goes through the frames in order; anything else would break the lookup below.
        if (count && st.frame_first.back().frame >= pinfo->num) return nullptr;
        st.frame_first.push() = FrameFirst{pinfo->num, st.infos.size()};
    } else if (!count || st.frame_first.back().frame != pinfo->num ||
               st.frame_first.back().first + ordinal != st.infos.size()) {
        return nullptr;
    }
    MsgInfo& info = st.infos.push(number);
    info.frame = pinfo->num;
    info.dir = d;
    info.after_framing_error = s.framing_error_frame[static_cast<int>(d)] != 0;
    return &info;
}

// Binary search of the frame index (later passes only).
const MsgInfo* stored(packet_info* pinfo, guint ordinal) {
    const State& st = state();
    guint32 lo = 0, hi = st.frame_first.size();
    while (lo < hi) {
        guint32 mid = lo + (hi - lo) / 2;
        if (st.frame_first[mid].frame < pinfo->num)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == st.frame_first.size() || st.frame_first[lo].frame != pinfo->num) return nullptr;
    guint32 end = lo + 1 == st.frame_first.size() ? st.infos.size() : st.frame_first[lo + 1].first;
    guint32 at = st.frame_first[lo].first + ordinal;
    return at < end ? &st.infos[at] : nullptr;
}

MsgInfo* by_index(Session& s, std::optional<std::uint32_t> index) {
    if (!index || !s.messages || *index >= wmem_array_get_count(s.messages)) return nullptr;
    return &state().infos[*static_cast<guint32*>(wmem_array_index(s.messages, *index))];
}

// The tracker's Note, folded into the compact MsgInfo, and the forward links of earlier messages filled in.
void record_note(Session& s, MsgInfo& info, msrt::Kind kind, const msrt::session::Note& n, msrt::Micros now) {
    State& st = state();
    info.index = n.index;
    info.after = s.tracker.summary();
    info.unmatched = n.unmatched;
    info.wrong_direction = n.wrong_direction;
    if (n.expected_id) {
        info.has_expected_id = true;
        st.expected_ids[&info] = *n.expected_id;
    }
    if (kind == msrt::Kind::RegistrationRefresh) info.extra = n.refresh.value_or(kNoIndex);
    if (MsgInfo* reg = by_index(s, n.answers)) {
        reg->response = info.frame;
        info.response = reg->frame;
        if (n.request_time) {
            msrt::Micros us = now - *n.request_time;
            if (us >= 0 && us < kNoIndex) {
                info.extra = static_cast<guint32>(us);
            } else {
                info.long_response = true;
                st.long_responses[&info] = us;
            }
        }
    }
    if (MsgInfo* ack = by_index(s, n.follows_ack)) {
        ack->partner = info.frame;
        info.partner = ack->frame;
    }
    if (MsgInfo* refresh = by_index(s, n.caused_by)) {
        info.partner = refresh->frame;
        CausedBy& c = s.caused[refresh->index];
        ++c.count;
        if (c.frames.empty() || c.frames.back() != info.frame)
            c.frames.push_back(info.frame);  // once per frame
    }
}

Session* lookup_session(packet_info* pinfo, msrt::Kind kind) {
    conversation_t* conv = find_or_create_conversation(pinfo);
    auto* s = static_cast<Session*>(conversation_get_proto_data(conv, proto));
    if (s || PINFO_FD_VISITED(pinfo)) return s;
    return create_session(pinfo, kind, conv);
}

}  // namespace

msrt::Direction Session::direction(const packet_info* pinfo) const {
    bool to_ms = pinfo->destport == ms_port && addresses_equal(&pinfo->dst, &ms_addr);
    return to_ms ? msrt::Direction::EtrToMs : msrt::Direction::MsToEtr;
}

Session* session_for(packet_info* pinfo, msrt::Kind kind) {
    // Several messages of one segment share the lookup.
    State& st = state();
    guint32 ports = (pinfo->srcport << 16) | pinfo->destport;
    if (st.cached && st.cached_frame == pinfo->num && st.cached_ports == ports) return st.cached;
    st.cached = lookup_session(pinfo, kind);
    st.cached_frame = pinfo->num;
    st.cached_ports = ports;
    return st.cached;
}

const MsgInfo* message_info(packet_info* pinfo, Session& s, const msrt::Message& m, guint ordinal) {
    if (PINFO_FD_VISITED(pinfo)) return stored(pinfo, ordinal);
    msrt::Direction d = s.direction(pinfo);
    guint32 number = 0;
    MsgInfo* info = store(pinfo, ordinal, s, d, &number);
    if (!info) return nullptr;
    info->tracked = true;
    info->id = m.header.id;
    msrt::Micros now = time_of(pinfo);
    msrt::session::Note note = s.tracker.on_message(m, d, now, pinfo->num);
    record_note(s, *info, m.kind, note, now);
    if (!s.messages) s.messages = wmem_array_new(wmem_file_scope(), sizeof(guint32));
    if (note.index == wmem_array_get_count(s.messages)) wmem_array_append_one(s.messages, number);
    return info;
}

const MsgInfo* framing_info(packet_info* pinfo, Session& s, guint ordinal) {
    if (PINFO_FD_VISITED(pinfo)) return stored(pinfo, ordinal);
    msrt::Direction d = s.direction(pinfo);
    MsgInfo* info = store(pinfo, ordinal, s, d, nullptr);
    guint32& first = s.framing_error_frame[static_cast<int>(d)];
    if (first == 0) first = pinfo->num;
    return info;
}

guint32 frame_of_message(const Session& s, msrt::Direction peer, guint32 id, guint32 before_frame) {
    std::size_t count = s.messages ? wmem_array_get_count(s.messages) : 0;
    std::size_t stop = count > kErrorLinkSearch ? count - kErrorLinkSearch : 0;
    for (std::size_t i = count; i-- > stop;) {
        const MsgInfo* m =
            &state().infos[*static_cast<guint32*>(wmem_array_index(s.messages, static_cast<guint>(i)))];
        if (m->frame <= before_frame && m->dir == peer && m->id == id) return m->frame;
    }
    return 0;
}

gint64 response_time_us(const MsgInfo& i) {
    if (i.long_response) return state().long_responses[&i];
    return i.extra == kNoIndex ? -1 : i.extra;
}

guint32 expected_id(const MsgInfo& i) {
    return i.has_expected_id ? state().expected_ids[&i] : 0;
}

const CausedBy* caused_by_refresh(const Session& s, guint32 index) {
    auto it = s.caused.find(index);
    return it == s.caused.end() ? nullptr : &it->second;
}

UdpLink* udp_map_register(packet_info* pinfo, const msrt::MapRegisterHeader& m) {
    if (PINFO_FD_VISITED(pinfo))
        return static_cast<UdpLink*>(p_get_proto_data(wmem_file_scope(), pinfo, proto, 0));
    msrt::Address etr = to_msrt(pinfo->src), ms = to_msrt(pinfo->dst);
    state().udp.on_map_register(etr, ms, m, time_of(pinfo), pinfo->num);
    auto* link = wmem_new0(wmem_file_scope(), UdpLink);
    link->register_frame = pinfo->num;
    state().udp_by_nonce[UdpKey{msrt::session::PackedAddress::of(etr), msrt::session::PackedAddress::of(ms),
                                m.nonce}] = link;
    state().udp_by_frame[pinfo->num] = link;
    p_add_proto_data(wmem_file_scope(), pinfo, proto, 0, link);
    return link;
}

UdpLink* udp_map_notify(packet_info* pinfo, const msrt::MapRegisterHeader& m) {
    if (PINFO_FD_VISITED(pinfo))
        return static_cast<UdpLink*>(p_get_proto_data(wmem_file_scope(), pinfo, proto, 0));
    msrt::Address ms = to_msrt(pinfo->src), etr = to_msrt(pinfo->dst);
    state().udp.on_map_notify(ms, etr, m, time_of(pinfo));
    auto it = state().udp_by_nonce.find(
        UdpKey{msrt::session::PackedAddress::of(etr), msrt::session::PackedAddress::of(ms), m.nonce});
    if (it == state().udp_by_nonce.end()) return nullptr;
    if (it->second->notify_frame == 0) it->second->notify_frame = pinfo->num;
    p_add_proto_data(wmem_file_scope(), pinfo, proto, 0, it->second);
    return it->second;
}

const std::vector<Session*>& all_sessions() {
    return state().view;
}

void state_init() {
    state();
}

void state_cleanup() {
    delete g_state;
    g_state = nullptr;
}

}  // namespace lmsrt
