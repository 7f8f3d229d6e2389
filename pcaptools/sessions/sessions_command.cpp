// msrt sessions: every reliable-transport session of the captures and its registration table.
#include <cstdio>

#include "common/commands.hpp"
#include "sessions/run_capture.hpp"
#include "sessions/session_output.hpp"
#include "sessions/session_report.hpp"

namespace msrt::cli {
namespace {

const char* const kUsage =
    "usage: msrt sessions [OPTIONS] CAPTURE...\n"
    "Rebuilds every reliable-transport session (TCP 4342) of the captures: endpoints, start and end, how it\n"
    "ended, the UDP authentication before it, message counts per type and direction, octets, capture gaps,\n"
    "and its registration table. A session is printed when it ends (FIN, RST, or the end of the "
    "captures).\n\n";

// Larger hand-overs than the default, as large as fits well within a core's 2 MB L2 cache: on the 1 GB bench
// capture, two queued, 512 kB batches took 6% less wall time than 128 kB, four queued, and 768 kB another
// 3.5% less (median of 8 interleaved runs 0.878 s against 0.909 s); 1 MB was as fast and 2 MB 8% slower.
// Each step costs memory at 20k concurrent sessions: 768 kB keeps that at 60 MiB, 1 MB would pass 64.
// Measured for this command alone: msrt state, whose output waits for the end, showed no gain.
constexpr PipelineLimits kPipeline{768u << 10, 2};

class SessionsPrinter : public SessionObserver, public SessionRenderer {
  public:
    explicit SessionsPrinter(const Options& o) : o_(o) {}
    // With two threads, sessions are rendered by whichever is idle (sessions/session_output.hpp).
    void write_later(SessionOutputQueue* queue) { queue_ = queue; }
    void on_session_end_owned(std::unique_ptr<SessionState> s) override {
        if (!shown(*s)) return;
        if (queue_)
            queue_->push(std::move(s));
        else
            write(*s);
    }
    void render(const SessionState& s, std::string& out, unsigned renderer, TextSpill& spill) override {
        switch (o_.format) {
            case Format::Json:
                json_[renderer].write(out, s, o_, &spill);
                break;
            case Format::Csv:
                write_session_csv(out, s, o_, &spill);
                break;
            case Format::Table:
                write_session_table(out, s, o_, &spill);
                break;
        }
    }
    std::uint64_t findings() const { return findings_; }

  private:
    // Whether the filters show the session; its findings count if so.
    bool shown(const SessionState& s) {
        if (!o_.filters.session(s.info()) || !has_matching_key(s)) return false;
        findings_ += s.findings;
        return true;
    }
    // One thread: each part straight out.
    void write(const SessionState& s) {
        text_.clear();
        FileSpill spill(stdout);
        render(s, text_, 0, spill);
        spill.spill(text_);
    }
    // With --iid/--eid a session is shown only if it holds a matching registration.
    bool has_matching_key(const SessionState& s) const {
        if (!o_.filters.by_eid()) return true;
        for (const auto& [key, e] : s.tracker.table())
            if (o_.filters.key(key)) return true;
        return false;
    }

    const Options& o_;
    SessionOutputQueue* queue_ = nullptr;
    SessionJsonWriter json_[2];  // one per renderer
    std::string text_;           // a session's text, when written at once
    std::uint64_t findings_ = 0;
};

}  // namespace

int sessions_main(int argc, char** argv) {
    Options o;
    if (int rc = parse_or_exit(argc, argv, false, kUsage, o); rc >= 0) return rc;
    if (o.format == Format::Csv) write_session_csv_header(stdout);
    SessionsPrinter printer(o);
    Collector c(*o.profile, printer, false);
    if (thread_count(o) == 1) {
        if (run_capture(o, "msrt sessions", c) != 0) return 2;
    } else {
        // One thread reads, the other interprets, and whichever would wait for the other writes the sessions.
        SessionOutputQueue queue(printer, stdout);
        printer.write_later(&queue);
        auto write_one = [&queue] { return queue.write_one(); };
        if (run_capture(o, "msrt sessions", c, write_one, write_one, kPipeline) != 0) return 2;
        queue.finish();
        printer.write_later(nullptr);
    }
    c.finish();
    std::fflush(stdout);
    return printer.findings() || c.input_problems() ? 1 : 0;
}

}  // namespace msrt::cli
