#include "sessions/udp_auth_stage.hpp"

namespace msrt::cli {

void UdpAuthStage::on_udp_lisp(const UdpLisp& u, const PacketRef& at) {
    MapRegisterHeader h;
    Error error;
    // Only the header (type 3 or 4): whether a Map-Register authenticated shows in the Map-Notify that
    // answers it.
    if (decode_map_register_header(u.payload, h, error)) {
        if (h.is_notify())
            tracker_.on_map_notify(u.src.ip, u.dst.ip, h, at.time);
        else
            tracker_.on_map_register(u.src.ip, u.dst.ip, h, at.time, at.frame);
    }
    if (forward_udp_) next_.on_udp_lisp(u, at);
}

void UdpAuthStage::on_session_open(const SessionInfo& s, SessionStart how, const PacketRef& at) {
    if (auto auth = tracker_.take(s.etr.ip, s.ms.ip)) next_.on_session_auth(s, *auth);
    next_.on_session_open(s, how, at);
}

}  // namespace msrt::cli
