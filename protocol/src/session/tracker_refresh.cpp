// Registration Refresh: mark what it asks for, and link the ETR's re-sends to it (spec 6.6, 7.3).
#include "msrt/session/tracker.hpp"

namespace msrt::session {

void Tracker::on_refresh(const RegistrationRefresh& r, const Context& c) {
    auto n = static_cast<std::uint32_t>(refreshes_.size());
    RefreshRecord rec{RefreshScope::of(r, *profile_), c.t, c.frame, c.note.index, 0, 0, 0};
    for (auto& [key, e] : table_.entries()) {  // marks need no order
        if (!rec.scope.covers(key)) continue;
        e.last_refresh = n;
        // The ETR holds nothing to re-send for a withdrawn key; with R only rejected keys are asked for.
        bool asked = rec.scope.rejected_only ? e.status == Status::Rejected : e.status != Status::Withdrawn;
        if (!asked) continue;
        e.refresh_mark = n;  // a newer Refresh supersedes an older mark
        ++rec.marked;
    }
    // Only a full Refresh invites keys the table does not hold yet; R re-sends only known rejected keys.
    burst_refresh_ = rec.scope.rejected_only ? std::nullopt : std::optional<std::uint32_t>(n);
    refreshes_.push_back(std::move(rec));
    c.note.refresh = n;
    burst_last_ = c.t;
}

void Tracker::link_refresh(const Key& key, Entry& e, const Context& c) {
    std::optional<std::uint32_t> cause;
    if (e.refresh_mark != kNone) {
        cause = e.refresh_mark;
        ++refreshes_[*cause].answered;
        e.refresh_mark = kNone;
    }
    bool in_burst = burst_refresh_ && c.t - burst_last_ <= kRefreshBurstGap &&
                    refreshes_[*burst_refresh_].scope.covers(key);
    if (in_burst) {
        burst_last_ = c.t;
        // A key the Refresh did not cover when it came (it was not in the table) answers it once.
        if (!cause && e.last_refresh != *burst_refresh_) cause = burst_refresh_;
    } else {
        burst_refresh_.reset();  // a pause or an out-of-scope Registration ends the answer burst
    }
    if (!cause) return;
    RefreshRecord& rec = refreshes_[*cause];
    ++rec.caused;
    if (e.last_refresh == kNone || e.last_refresh < *cause) e.last_refresh = *cause;
    c.note.caused_by = rec.index;
    c.note.refresh = *cause;
    if (keep_log_) log_[rec.index].caused.push_back(c.note.index);
}

}  // namespace msrt::session
