// Expert info: every anomaly the plugin can see, each with its own filter name under lisp-msrt.
#pragma once

#include "msrt/framer.hpp"
#include "ws.hpp"

namespace lmsrt {

struct Ei {
    // Framing (errors: the stream is not what the protocol says)
    expert_field length_too_small = EI_INIT, short_form = EI_INIT, length_underflow = EI_INIT;
    expert_field length_too_large = EI_INIT, bad_end_marker = EI_INIT, truncated = EI_INIT;
    expert_field skipped = EI_INIT, malformed = EI_INIT;
    // Contents
    expert_field unknown_type = EI_INIT, unknown_scope = EI_INIT, unknown_reason = EI_INIT;
    expert_field reserved_set = EI_INIT, auth_mismatch = EI_INIT, error_notification = EI_INIT;
    // Session semantics
    expert_field nack = EI_INIT, unanswered = EI_INIT, refresh_unanswered = EI_INIT, unmatched = EI_INIT;
    expert_field id_gap = EI_INIT, id_repeat = EI_INIT, after_framing_error = EI_INIT;
    expert_field wrong_direction = EI_INIT, offending_not_found = EI_INIT, no_udp_auth = EI_INIT;
    expert_field udp_not_notified = EI_INIT;
};

extern Ei ei;

// The expert entry that reports a framing problem.
expert_field* framing_expert(msrt::FramingProblem p);

}  // namespace lmsrt
