// Registration of the expert infos. Severity rule: Error for what breaks the protocol (framing, undecodable
// bodies), Warning for what a user investigating a session wants to see (NACKs, unanswered registrations,
// capture loss), Note for context.
#include "expert.hpp"

#include <iterator>

#include "plugin.hpp"

namespace lmsrt {

Ei ei;

expert_field* framing_expert(msrt::FramingProblem p) {
    using P = msrt::FramingProblem;
    switch (p) {
        case P::LengthTooSmall:
            return &ei.length_too_small;
        case P::ShortForm:
            return &ei.short_form;
        case P::LengthUnderflow:
            return &ei.length_underflow;
        case P::LengthTooLarge:
            return &ei.length_too_large;
        case P::BadEndMarker:
            return &ei.bad_end_marker;
        case P::Truncated:
            return &ei.truncated;
    }
    return &ei.truncated;
}

void register_expert() {
    static ei_register_info kInfo[] = {
        {&ei.length_too_small,
         {"lisp-msrt.framing.length_too_small", PI_MALFORMED, PI_ERROR, "Length below 8: framing lost",
          EXPFILL}},
        {&ei.short_form,
         {"lisp-msrt.framing.short_form", PI_MALFORMED, PI_ERROR,
          "Length 8: short form without a Message ID (senders must use 12 or more)", EXPFILL}},
        {&ei.length_underflow,
         {"lisp-msrt.framing.length_underflow", PI_MALFORMED, PI_ERROR,
          "Length 9-11: the body length would be negative", EXPFILL}},
        {&ei.length_too_large,
         {"lisp-msrt.framing.length_too_large", PI_MALFORMED, PI_ERROR, "Length above the configured bound",
          EXPFILL}},
        {&ei.bad_end_marker,
         {"lisp-msrt.framing.bad_end_marker", PI_MALFORMED, PI_ERROR,
          "End marker is not 0x9FACADE9: framing lost", EXPFILL}},
        {&ei.truncated,
         {"lisp-msrt.framing.truncated", PI_MALFORMED, PI_ERROR, "Truncated message", EXPFILL}},
        {&ei.skipped,
         {"lisp-msrt.framing.skipped", PI_PROTOCOL, PI_WARN, "Octets skipped to find the next message header",
          EXPFILL}},
        {&ei.malformed,
         {"lisp-msrt.malformed", PI_MALFORMED, PI_ERROR, "Message body does not decode", EXPFILL}},
        {&ei.unknown_type,
         {"lisp-msrt.unknown_type", PI_UNDECODED, PI_WARN, "Unknown message type: body shown raw", EXPFILL}},
        {&ei.unknown_scope,
         {"lisp-msrt.unknown_scope", PI_PROTOCOL, PI_WARN, "Unassigned refresh scope", EXPFILL}},
        {&ei.unknown_reason,
         {"lisp-msrt.unknown_reason", PI_PROTOCOL, PI_WARN, "Unassigned NACK reason", EXPFILL}},
        {&ei.reserved_set,
         {"lisp-msrt.reserved_set", PI_PROTOCOL, PI_NOTE, "Reserved bits are not zero", EXPFILL}},
        {&ei.auth_mismatch,
         {"lisp-msrt.auth_mismatch", PI_SECURITY, PI_WARN,
          "Map-Register authentication does not verify with the configured key", EXPFILL}},
        {&ei.error_notification,
         {"lisp-msrt.error_notification", PI_RESPONSE_CODE, PI_WARN, "Error Notification", EXPFILL}},
        {&ei.nack, {"lisp-msrt.nack", PI_RESPONSE_CODE, PI_WARN, "Registration rejected", EXPFILL}},
        {&ei.unanswered,
         {"lisp-msrt.unanswered", PI_SEQUENCE, PI_WARN, "Registration never answered in this capture",
          EXPFILL}},
        {&ei.refresh_unanswered,
         {"lisp-msrt.refresh_unanswered", PI_SEQUENCE, PI_WARN,
          "Refresh not answered: registrations it asked for were never re-sent", EXPFILL}},
        {&ei.unmatched,
         {"lisp-msrt.unmatched", PI_SEQUENCE, PI_WARN, "Answer with no pending Registration of the same EID",
          EXPFILL}},
        {&ei.id_gap,
         {"lisp-msrt.id_gap", PI_SEQUENCE, PI_WARN, "Message ID gap: messages missing from the capture",
          EXPFILL}},
        {&ei.id_repeat,
         {"lisp-msrt.id_repeat", PI_SEQUENCE, PI_WARN, "Message ID repeated or out of order", EXPFILL}},
        {&ei.after_framing_error,
         {"lisp-msrt.after_framing_error", PI_SEQUENCE, PI_WARN,
          "Message after a framing error in this direction (a compliant peer would "
          "have closed the session)",
          EXPFILL}},
        {&ei.wrong_direction,
         {"lisp-msrt.wrong_direction", PI_PROTOCOL, PI_WARN,
          "Message sent by the side that never sends this type", EXPFILL}},
        {&ei.offending_not_found,
         {"lisp-msrt.offending_not_found", PI_SEQUENCE, PI_NOTE,
          "The message this Error Notification names is not in the capture", EXPFILL}},
        {&ei.no_udp_auth,
         {"lisp-msrt.no_udp_auth", PI_SEQUENCE, PI_NOTE,
          "No UDP authentication of this ETR precedes the session in the capture", EXPFILL}},
        {&ei.udp_not_notified,
         {"lisp-msrt.udp.not_notified", PI_SEQUENCE, PI_NOTE, "No Map-Notify with this nonce in the capture",
          EXPFILL}},
    };
    expert_module_t* module = expert_register_protocol(proto);
    expert_register_field_array(module, kInfo, static_cast<int>(std::size(kInfo)));
}

}  // namespace lmsrt
