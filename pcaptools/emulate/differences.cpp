#include "emulate/differences.hpp"

#include <algorithm>

#include "common/json.hpp"
#include "emulate/describe.hpp"

namespace msrt::cli {

const char* difference_key(Difference::Kind k) {
    switch (k) {
        case Difference::Kind::Missing:
            return "missing";
        case Difference::Kind::Extra:
            return "extra";
        case Difference::Kind::Different:
            return "different";
    }
    return "?";
}

Difference difference_at(const SessionInfo& info, Difference::Kind k, const PacketRef& at,
                         const Message* actual, const Profile& profile) {
    Difference d;
    d.kind = k;
    d.session = info.id;
    d.etr = info.etr.str();
    d.ms = info.ms.str();
    d.frame = at.frame;
    if (actual) {
        d.id = actual->header.id;
        d.actual = describe(*actual, profile);
    }
    return d;
}

void DifferenceReport::add_session(std::vector<Difference>& found, bool extra_unverifiable,
                                   bool missing_unverifiable) {
    for (Difference& d : found)
        if ((d.kind == Difference::Kind::Extra && extra_unverifiable) ||
            (d.kind == Difference::Kind::Missing && missing_unverifiable))
            d.verifiable = false;
    std::stable_sort(found.begin(), found.end(), [](const Difference& a, const Difference& b) {
        return (a.frame ? a.frame : a.trigger_frame) < (b.frame ? b.frame : b.trigger_frame);
    });
    for (Difference& d : found)
        add(std::move(d));
    found.clear();
}

void DifferenceReport::add(Difference d) {
    if (d.verifiable) {
        ++verifiable_;
        ++by_kind_[static_cast<int>(d.kind)];
    } else {
        ++unverifiable_;
    }
    if (json_) {
        Json j;
        j.begin_object().field("session", d.session).field("etr", d.etr).field("ms", d.ms);
        j.field("difference", difference_key(d.kind)).field("verifiable", d.verifiable);
        j.field("what", d.what);
        j.key("eid");
        if (d.eid.empty())
            j.null();
        else
            j.value(d.eid);
        j.key("frame");
        if (d.frame)
            j.value(d.frame);
        else
            j.null();
        if (d.frame) j.field("id", std::uint64_t{d.id});
        j.key("trigger_frame");
        if (d.trigger_frame)
            j.value(d.trigger_frame);
        else
            j.null();
        if (d.trigger_frame) j.field("trigger_id", std::uint64_t{d.trigger_id});
        j.field("expected", d.expected).field("actual", d.actual);
        j.end_object();
        std::printf("%s\n", j.str().c_str());
        return;
    }
    std::string where = d.frame ? "frame " + std::to_string(d.frame) : "no frame";
    if (d.trigger_frame)
        where +=
            " (after frame " + std::to_string(d.trigger_frame) + ", id " + std::to_string(d.trigger_id) + ")";
    std::printf("session %llu %s -> %s, %s: %s%s %s\n", static_cast<unsigned long long>(d.session),
                d.etr.c_str(), d.ms.c_str(), where.c_str(), d.verifiable ? "" : "unverifiable ",
                difference_key(d.kind), d.what.c_str());
    if (!d.expected.empty()) std::printf("    model:   %s\n", d.expected.c_str());
    if (!d.actual.empty()) std::printf("    capture: %s\n", d.actual.c_str());
}

void DifferenceReport::note(std::uint64_t session, const std::string& text) {
    ++notes_;
    if (json_) return;
    std::printf("session %llu: note: %s\n", static_cast<unsigned long long>(session), text.c_str());
}

void DifferenceReport::print_summary(std::FILE* out, std::uint64_t sessions, std::uint64_t compared) const {
    if (json_) {
        Json j;
        j.begin_object()
            .field("summary", true)
            .field("sessions", sessions)
            .field("messages_compared", compared);
        j.field("differences", std::uint64_t{verifiable_}).field("missing", std::uint64_t{by_kind_[0]});
        j.field("extra", std::uint64_t{by_kind_[1]}).field("different", std::uint64_t{by_kind_[2]});
        j.field("unverifiable", std::uint64_t{unverifiable_}).field("notes", std::uint64_t{notes_});
        j.end_object();
        std::fprintf(out, "%s\n", j.str().c_str());
        return;
    }
    std::fprintf(out,
                 "%llu session(s), %llu message(s) compared: %zu difference(s) (%zu missing, %zu extra, %zu "
                 "different), %zu unverifiable, %zu note(s)\n",
                 static_cast<unsigned long long>(sessions), static_cast<unsigned long long>(compared),
                 verifiable_, by_kind_[0], by_kind_[1], by_kind_[2], unverifiable_, notes_);
}

}  // namespace msrt::cli
