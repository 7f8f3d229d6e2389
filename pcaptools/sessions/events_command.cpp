// msrt events: the timeline of protocol events, one line per event, streamed in capture order.
#include <cstdio>

#include "common/commands.hpp"
#include "sessions/event_output.hpp"
#include "sessions/event_queue.hpp"
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
    // With two threads, events are written by whichever is idle (sessions/event_queue.hpp).
    void write_later(EventQueue* queue) { queue_ = queue; }
    EventWriter& writer() { return out_; }
    void on_event(const Event& e) override {
        if (e.session && !o_.filters.session(*e.session)) return;
        if (!e.session && (o_.filters.ms || o_.filters.etr) && !udp_matches(e)) return;
        if (o_.filters.by_eid() && !eid_matches(e)) return;
        if (queue_)
            queue_->push(e);
        else
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
        if (e.address.empty()) return false;
        for (const auto* f : {&o_.filters.ms, &o_.filters.etr})
            if (*f && e.address.find((*f)->ip.str()) == std::string::npos) return false;
        return true;
    }
    bool eid_matches(const Event& e) const {
        std::string_view n = e.name;
        if (n == "session_open" || n == "session_close") return true;
        if (e.eid.empty()) return false;
        std::optional<Eid> k = Eid::parse(e.eid);
        return k && o_.filters.key(*k);
    }

    const Options& o_;
    EventWriter out_;
    EventQueue* queue_ = nullptr;
    std::uint64_t findings_ = 0;
};

}  // namespace

int events_main(int argc, char** argv) {
    Options o;
    if (int rc = parse_or_exit(argc, argv, false, kUsage, o); rc >= 0) return rc;
    EventPrinter printer(o);
    Collector c(*o.profile, printer, true);
    if (thread_count(o) == 1 || printer.writer().interactive()) {
        // On a terminal each line goes out as it comes, rather than in batches.
        if (run_capture(o, "msrt events", c) != 0) return 2;
        c.finish();
    } else {
        // One thread reads, the other interprets, and whichever would wait for the other writes the lines.
        EventQueue queue(printer.writer());
        printer.write_later(&queue);
        auto write_one = [&queue] { return queue.write_one(); };
        int rc = run_capture(o, "msrt events", c, write_one, write_one);
        if (rc == 0) c.finish();  // the sessions still open end on this thread, the interpreting one done
        queue.finish();           // what was read is written, even when an input could not be
        printer.write_later(nullptr);
        if (rc != 0) return 2;
    }
    printer.flush();
    std::fflush(stdout);
    return printer.findings() || c.input_problems() ? 1 : 0;
}

}  // namespace msrt::cli
