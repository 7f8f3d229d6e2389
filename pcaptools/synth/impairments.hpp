// Which impairment, if any, a data segment suffers (first transmissions only). Impaired segments start and
// end on message boundaries (a capture-loss run may span several segments between two boundaries): a TCP
// reassembler then never has to splice a retransmitted or missing piece into a message, and every tool sees
// the same messages around an impairment (docs/scenario.md).
#pragma once

#include "synth/rng.hpp"
#include "synth/scenario.hpp"
#include "synth/tcp_model.hpp"

namespace msrt::synth {

enum class Impairment {
    None,
    LoseAfterTap,  // the tap records it, the receiver never gets it: the sender retransmits
    Duplicate,     // the network delivers it twice, and the tap sees both copies
    CaptureLoss,   // the receiver gets it and those after it up to a message boundary; the tap misses them
    Hold,          // held back until the next segment has overtaken it (out-of-order)
};

// Whether `seg` may overtake a held segment, or be held itself.
bool can_reorder(const Segment& seg);
// `side` is the sender: 0 the ETR, 1 the Map-Server. Only the Map-Server's segments are lost after the tap:
// the tap sits on its access link, so loss downstream of it is loss on the way to the ETR.
Impairment choose_impairment(const Impairments& cfg, Rng& rng, const Segment& seg, int side);

// After an impairment a direction is left alone for this long, so that each recovery is seen on its own.
Micros impairment_spacing(Micros rtt);

}  // namespace msrt::synth
