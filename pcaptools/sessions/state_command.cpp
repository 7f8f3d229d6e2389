// msrt state --at TIME: the Map-Server-wide registration state at a moment, merged across sessions.
#include <algorithm>
#include <cstdio>

#include "common/capture_input.hpp"
#include "common/commands.hpp"
#include "msrt/session/registry.hpp"
#include "sessions/registry_queue.hpp"
#include "sessions/run_capture.hpp"
#include "sessions/state_report.hpp"

namespace msrt::cli {
namespace {

const char* const kUsage =
    "usage: msrt state --at TIME [OPTIONS] CAPTURE...\n"
    "The Map-Server-wide registration state at TIME, merged across sessions, like `show lisp site`: per\n"
    "(MS, IID, EID prefix) its registrants and merged locator set. Registrations of sessions that ended by\n"
    "FIN/RST before TIME are shown as orphaned until they expire (180 s, or the record TTL with the T bit;\n"
    "UDP Map-Registers refresh them).\n\n"
    "  --at TIME         the moment (required): epoch seconds (1700000060.5), ISO-8601 UTC\n"
    "                    (2023-11-14T22:14:20.5Z), seconds after the first frame (+12.5, as\n"
    "                    Wireshark's frame.time_relative), end (the capture's latest frame), or end-S\n"
    "                    (S seconds before it: the captures are read twice, so files, not stdin)\n"
    "  --all             also list withdrawn registrations\n";

constexpr Micros kExpireEvery = 60'000'000;  // sweep expired orphans at most once a minute of capture time

class StateBuilder : public SessionObserver {
  public:
    explicit StateBuilder(const Options& o) : o_(o) {}
    // With two threads, the registry is changed by whichever is idle (sessions/registry_queue.hpp).
    void apply_later(RegistryQueue* queue) { queue_ = queue; }
    session::Registry& registry() { return registry_; }

    void on_session_end_owned(std::unique_ptr<SessionState> s) override {
        findings_ += s->findings;
        Micros end = s->end;
        if (s->lost()) {
            if (queue_)
                queue_->session_lost(std::move(s));
            else
                registry_.on_session_end(ref_of(*s), s->tracker, s->end);
        }
        if (end - last_sweep_ > kExpireEvery) {
            // Expired before now: no later UDP Map-Register can revive them.
            if (queue_)
                queue_->expire(end);
            else
                registry_.expire(end);
            last_sweep_ = end;
        }
    }
    bool wants_udp_registers() const override { return true; }
    void on_udp_register(const Address& etr, const Address& ms, const MapRegister& m, Micros t) override {
        if (queue_)
            queue_->udp_register(etr, ms, m, t);
        else
            registry_.on_udp_register(etr, ms, m, t);
    }
    // The sessions still open at the end, whose findings count too.
    std::vector<session::LiveSession> live_sessions(const Collector& c) {
        std::vector<session::LiveSession> live;
        for (const auto& [id, s] : c.open_sessions()) {
            findings_ += count_findings(*s);
            live.push_back({ref_of(*s), &s->tracker});
        }
        return live;
    }
    std::uint64_t findings() const { return findings_; }

  private:
    const Options& o_;
    session::Registry registry_;
    RegistryQueue* queue_ = nullptr;
    std::uint64_t findings_ = 0;
    Micros last_sweep_ = 0;
};

bool cutoff_before_end(Collector& c, Micros before, const Options& o) {
    const std::vector<std::string>& captures = o.captures;
    if (std::find(captures.begin(), captures.end(), "-") != captures.end()) {
        std::fprintf(stderr,
                     "msrt state: --at end-S reads the captures twice, and standard input can be read "
                     "only once: save it to a file\n");
        return false;
    }
    std::optional<Micros> end;
    std::string error;
    if (!latest_frame_time(captures, end, error, "msrt state (finding the end)", o.progress)) {
        std::fprintf(stderr, "msrt state: %s\n", error.c_str());
        return false;
    }
    if (end) c.set_cutoff(*end - before);  // none: no frames, and the moment is none too
    return true;
}

// A moment relative to the capture is fixed as it is read: after its first frame, or (no cutoff) its end.
// Before its end, it needs the end first: a pass over the captures that only reads their timestamps.
// False (a message printed) when that pass cannot be made.
bool set_cutoff(Collector& c, const Moment& at, const Options& o) {
    switch (at.from) {
        case Moment::From::Epoch:
            c.set_cutoff(at.offset);
            return true;
        case Moment::From::FirstFrame:
            c.set_cutoff_after_first(at.offset);
            return true;
        case Moment::From::LastFrame:
            return at.offset == 0 || cutoff_before_end(c, at.offset, o);
    }
    return true;
}

}  // namespace

int state_main(int argc, char** argv) {
    Options o;
    if (int rc = parse_or_exit(argc, argv, true, kUsage, o); rc >= 0) return rc;
    StateBuilder builder(o);
    Collector c(*o.profile, builder, false);
    if (!set_cutoff(c, *o.at, o)) return 2;
    c.hold_capture_end();
    if (thread_count(o) == 1) {
        if (run_capture(o, "msrt state", c) != 0) return 2;
    } else {
        // One thread reads, the other interprets, and the reader changes the registry while it waits.
        RegistryQueue queue(builder.registry());
        builder.apply_later(&queue);
        // Only the reader applies them while it waits: the registry then stays in one core's cache (the
        // interpreter applying them too when its queue ran empty made the whole run 7% slower).
        auto apply_one = [&queue] { return queue.apply_one(); };
        int rc = run_capture(o, "msrt state", c, apply_one);
        queue.finish();
        builder.apply_later(nullptr);
        if (rc != 0) return 2;
    }
    std::vector<session::LiveSession> live = builder.live_sessions(c);
    // Relative to captures without frames, the moment is none: their state is empty at any.
    std::optional<Micros> at = c.cutoff() ? c.cutoff() : c.capture_end();
    session::Registry::Rows state = builder.registry().rows(at.value_or(0), live, o.all);  // sorted once
    auto rows = [&state](const std::function<void(session::SiteRow&)>& f) { state.for_each(f); };
    write_state(stdout, rows, o, at);
    std::fflush(stdout);
    return builder.findings() || c.input_problems() ? 1 : 0;
}

}  // namespace msrt::cli
