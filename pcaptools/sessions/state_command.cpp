// msrt state --at TIME: the Map-Server-wide registration state at a moment, merged across sessions.
#include <cstdio>

#include "common/commands.hpp"
#include "msrt/session/registry.hpp"
#include "sessions/run_capture.hpp"
#include "sessions/state_report.hpp"

namespace msrt::cli {
namespace {

const char* const kUsage =
    "usage: msrt state --at TIME [OPTIONS] CAPTURE...\n"
    "The Map-Server-wide registration state at TIME (epoch seconds, or ISO-8601 UTC such as\n"
    "2023-11-14T22:13:20.5Z), merged across sessions, like `show lisp site`: per (MS, IID, EID prefix) its\n"
    "registrants and merged locator set. Registrations of sessions that ended by FIN/RST before TIME are "
    "shown\n"
    "as orphaned until they expire (180 s, or the record TTL with the T bit; UDP Map-Registers refresh "
    "them).\n\n"
    "  --at TIME         the moment (required)\n"
    "  --all             also list withdrawn registrations\n";

constexpr Micros kExpireEvery = 60'000'000;  // sweep expired orphans at most once a minute of capture time

session::SessionRef ref_of(const SessionState& s) {
    return session::SessionRef{s.id, s.etr_ip, s.ms_ip, s.etr_port, s.ms_port};
}

class StateBuilder : public SessionObserver {
  public:
    explicit StateBuilder(const Options& o) : o_(o) {}
    void on_session_end(const SessionState& s) override {
        if (s.lost()) registry_.on_session_end(ref_of(s), s.tracker, s.end);
        findings_ += s.findings;
        if (s.end - last_sweep_ > kExpireEvery) {
            registry_.expire(s.end);  // expired before now: no later UDP Map-Register can revive them
            last_sweep_ = s.end;
        }
    }
    bool wants_udp_registers() const override { return true; }
    void on_udp_register(const Address& etr, const Address& ms, const MapRegister& m, Micros t) override {
        registry_.on_udp_register(etr, ms, m, t);
    }
    std::vector<session::SiteRow> rows(const Collector& c) const {
        std::vector<session::LiveSession> live;
        for (const auto& [id, s] : c.open_sessions()) {
            findings_ += count_findings(*s);
            live.push_back({ref_of(*s), &s->tracker});
        }
        return registry_.snapshot(*o_.at, live, o_.all);
    }
    std::uint64_t findings() const { return findings_; }

  private:
    const Options& o_;
    session::Registry registry_;
    mutable std::uint64_t findings_ = 0;
    Micros last_sweep_ = 0;
};

}  // namespace

int state_main(int argc, char** argv) {
    Options o;
    if (int rc = parse_or_exit(argc, argv, true, kUsage, o); rc >= 0) return rc;
    StateBuilder builder(o);
    Collector c(*o.profile, builder, false);
    c.set_cutoff(*o.at);
    c.hold_capture_end();
    if (run_capture(o, "msrt state", c) != 0) return 2;
    std::vector<session::SiteRow> rows = builder.rows(c);
    write_state(stdout, rows, o);
    std::fflush(stdout);
    return builder.findings() || c.input_problems() ? 1 : 0;
}

}  // namespace msrt::cli
