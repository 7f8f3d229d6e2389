// Interleaves any number of links into one capture in timestamp order. Links are created only when the
// capture reaches their start and dropped when done, so memory follows the sessions up at once, not the
// capture size.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "common/capture_writer.hpp"
#include "synth/link_sim.hpp"

namespace msrt::synth {

// Yields the links of a run in order of their start time.
class LinkSource {
  public:
    virtual ~LinkSource() = default;
    virtual std::optional<Micros> next_start() = 0;  // nullopt: no more links
    virtual std::unique_ptr<LinkSim> next() = 0;
};

// Receives each session's ground truth once all its packets are written.
class SessionSink {
  public:
    virtual ~SessionSink() = default;
    virtual void session(std::unique_ptr<SessionTruth> s) = 0;
};

struct MergeStats {
    std::uint64_t frames = 0;
    std::uint64_t frame_octets = 0;
    std::uint64_t sessions = 0;  // sessions with at least one captured TCP packet
    std::set<std::string> impairments;
};

// `epoch` (microseconds since 1970) is added to every simulated time.
MergeStats merge(LinkSource& source, CaptureWriter& out, Micros epoch, SessionSink& sink);

}  // namespace msrt::synth
