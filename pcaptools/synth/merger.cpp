#include "synth/merger.hpp"

#include <algorithm>
#include <vector>

namespace msrt::synth {
namespace {

struct Pending {
    Micros time;
    std::uint64_t order;  // ties keep link creation order, so output never depends on heap internals
    LinkSim* link;
};

bool later(const Pending& a, const Pending& b) {
    return a.time != b.time ? a.time > b.time : a.order > b.order;
}

class Merger {
  public:
    Merger(LinkSource& source, CaptureWriter& out, Micros epoch, SessionSink& sink)
        : source_(source), out_(out), epoch_(epoch), sink_(sink) {}

    MergeStats run() {
        for (;;) {
            admit_links();
            if (heap_.empty()) break;
            std::pop_heap(heap_.begin(), heap_.end(), later);
            Pending p = heap_.back();
            heap_.pop_back();
            write(p.link->front());
            p.link->pop();
            requeue(p.link, p.order);
        }
        return stats_;
    }

  private:
    // A link joins once the capture has reached its start: its packets cannot come earlier.
    void admit_links() {
        while (std::optional<Micros> start = source_.next_start()) {
            if (!heap_.empty() && *start > heap_.front().time) return;
            std::unique_ptr<LinkSim> link = source_.next();
            LinkSim* raw = link.get();
            links_.push_back(std::move(link));
            requeue(raw, next_order_++);
        }
    }

    void requeue(LinkSim* link, std::uint64_t order) {
        deliver(*link);
        if (std::optional<Micros> t = link->peek()) {
            heap_.push_back(Pending{*t, order, link});
            std::push_heap(heap_.begin(), heap_.end(), later);
            return;
        }
        link->finish();
        deliver(*link);
        std::erase_if(links_, [&](const auto& l) { return l.get() == link; });
    }

    void deliver(LinkSim& link) {
        for (auto& s : link.take_finished())
            sink_.session(std::move(s));
    }

    void write(Emitted& e) {
        out_.write(epoch_ + e.time, e.frame);
        ++stats_.frames;
        stats_.frame_octets += e.frame.size();
        SessionTruth& s = *e.session;
        if (e.tcp) {
            if (!s.index) {
                s.index = stats_.sessions++;
                s.start = epoch_ + e.time;
                s.opened_by_syn = e.syn;
            }
            s.end = epoch_ + e.time;
        }
        note_events(e, s);
    }

    void note_events(const Emitted& e, SessionTruth& s) {
        Direction dir = direction_of(e.side);
        std::size_t d = static_cast<std::size_t>(dir);
        auto add = [&](const char* kind, std::uint64_t related, std::uint64_t octets) {
            s.events.push_back(ImpairmentEvent{kind, dir, stats_.frames, related, octets});
            stats_.impairments.insert(kind);
        };
        if (e.notes & kNoteRetransmission) add("retransmission", 0, 0);
        if (e.notes & kNoteDuplicate) add("duplicate", 0, 0);
        if (e.notes & kNoteOvertaking) s.overtaking_frame[d] = stats_.frames;
        if (e.notes & kNoteOutOfOrder) add("out_of_order", s.overtaking_frame[d], 0);
        if ((e.notes & kNoteAfterGap) && !(e.notes & kNoteOvertaking)) add("capture_loss", 0, e.gap_octets);
    }

    LinkSource& source_;
    CaptureWriter& out_;
    Micros epoch_;
    SessionSink& sink_;
    std::vector<std::unique_ptr<LinkSim>> links_;
    std::vector<Pending> heap_;
    std::uint64_t next_order_ = 0;
    MergeStats stats_;
};

}  // namespace

MergeStats merge(LinkSource& source, CaptureWriter& out, Micros epoch, SessionSink& sink) {
    return Merger(source, out, epoch, sink).run();
}

}  // namespace msrt::synth
