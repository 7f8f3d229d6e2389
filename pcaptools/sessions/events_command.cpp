// msrt events: the timeline of protocol events, one line per event, streamed in capture order.
#include <cstdio>

#include "common/commands.hpp"
#include "sessions/event_output.hpp"
#include "sessions/run_capture.hpp"

namespace msrt::cli {
namespace {

const char* const kUsage =
    "usage: msrt events [OPTIONS] CAPTURE...\n"
    "The timeline of protocol events: UDP Map-Register/Map-Notify, session open and close, every message "
    "with\n"
    "what it did (pairing, latency, refresh scope), Message-ID gaps, unmatched answers, capture gaps, "
    "framing\n"
    "errors, unanswered Registrations and Refresh requests, and the entries orphaned when a session is "
    "lost.\n"
    "With --iid/--eid only events naming a matching EID are listed, plus session open and close.\n\n";

class EventPrinter : public SessionObserver {
  public:
    explicit EventPrinter(const Options& o) : o_(o), out_(stdout, o) {}
    void on_event(const Event& e) override {
        if (e.session && !o_.filters.session(e.session->info())) return;
        if (!e.session && (o_.filters.ms || o_.filters.etr) && !udp_matches(e)) return;
        if (o_.filters.by_eid() && !eid_matches(e)) return;
        out_.write(e);
    }
    void on_session_end(const SessionState& s) override {
        if (o_.filters.session(s.info())) findings_ += s.findings;
    }
    std::uint64_t findings() const { return findings_; }
    void flush() { out_.flush(); }

  private:
    bool udp_matches(const Event& e) const {
        // UDP events carry "src -> dst"; match the filter's address text in it.
        if (!e.address) return false;
        for (const auto* f : {&o_.filters.ms, &o_.filters.etr})
            if (*f && e.address->find((*f)->ip.str()) == std::string::npos) return false;
        return true;
    }
    bool eid_matches(const Event& e) const {
        std::string_view n = e.name;
        if (n == "session_open" || n == "session_close") return true;
        if (!e.eid) return false;
        std::optional<Eid> k = Eid::parse(*e.eid);
        return k && o_.filters.key(*k);
    }

    const Options& o_;
    EventWriter out_;
    std::uint64_t findings_ = 0;
};

}  // namespace

int events_main(int argc, char** argv) {
    Options o;
    if (int rc = parse_or_exit(argc, argv, false, kUsage, o); rc >= 0) return rc;
    EventPrinter printer(o);
    Collector c(*o.profile, printer, true);
    if (run_capture(o, "msrt events", c) != 0) return 2;
    c.finish();
    printer.flush();
    std::fflush(stdout);
    return printer.findings() || c.input_problems() ? 1 : 0;
}

}  // namespace msrt::cli
