// Where the links of a run come from: the ETR-Map-Server pairs of a scenario file, or a procedurally
// generated population for benchmarks (`--sessions N --prefixes M`).
#pragma once

#include <vector>

#include "synth/merger.hpp"

namespace msrt::synth {

class ScenarioLinks final : public LinkSource {
  public:
    ScenarioLinks(const Scenario& s, bool keep_messages, bool keep_table);
    std::optional<Micros> next_start() override;
    std::unique_ptr<LinkSim> next() override;

  private:
    Members members_;
    std::vector<LinkSetup> setups_;  // in start order
    std::size_t next_ = 0;
};

struct ScaleParams {
    std::uint64_t sessions = 0;
    std::uint64_t prefixes = 0;
    std::uint64_t concurrency = 32;  // sessions up at once, roughly
    Micros lifetime = 10'000'000;    // from the first UDP Map-Register to the FIN
    bool ipv6 = false;
};

// Session i: ETR "etr<i>" with M prefixes (mostly IPv4, some IPv6 and MAC, about 1 % rejected), one
// Map-Server; after the initial sync one withdrawal and one rejected-only Refresh, then a FIN.
class ScaleLinks final : public LinkSource {
  public:
    ScaleLinks(const Scenario& globals, const ScaleParams& p, bool keep_messages, bool keep_table);
    std::optional<Micros> next_start() override;
    std::unique_ptr<LinkSim> next() override;

  private:
    EtrConfig make_etr(std::uint64_t i) const;
    std::vector<Action> make_actions(const EtrConfig& etr) const;

    const Scenario& globals_;
    ScaleParams p_;
    MsConfig ms_;
    Micros stagger_;
    bool keep_messages_, keep_table_;
    std::uint64_t next_ = 0;
};

}  // namespace msrt::synth
