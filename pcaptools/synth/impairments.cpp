#include "synth/impairments.hpp"

#include "common/frame.hpp"

namespace msrt::synth {

namespace {

bool first_data(const Segment& seg) {
    return !seg.payload.empty() && !seg.retransmission && !(seg.flags & (tcpflag::kSyn | tcpflag::kRst));
}

}  // namespace

bool can_reorder(const Segment& seg) {
    return first_data(seg) && seg.aligned;
}

// One draw per kind, in a fixed order, so that turning one impairment on does not move the others' choices
// more than necessary.
Impairment choose_impairment(const Impairments& cfg, Rng& rng, const Segment& seg, int side) {
    if (!first_data(seg)) return Impairment::None;
    bool lose = rng.chance(cfg.retransmission) && side == 1 && seg.aligned;
    bool dup = rng.chance(cfg.duplicate) && seg.aligned;
    bool miss = rng.chance(cfg.capture_loss) && seg.at_boundary;
    bool hold = rng.chance(cfg.out_of_order) && seg.aligned;
    if (lose) return Impairment::LoseAfterTap;
    if (dup) return Impairment::Duplicate;
    if (miss) return Impairment::CaptureLoss;
    if (hold) return Impairment::Hold;
    return Impairment::None;
}

Micros impairment_spacing(Micros rtt) {
    return 600'000 + 4 * rtt;
}

}  // namespace msrt::synth
