#include "synth/truth.hpp"

namespace msrt::synth {

void ByteRanges::add(std::uint64_t begin, std::uint64_t end) {
    if (begin >= end) return;
    auto it = r_.upper_bound(begin);
    if (it != r_.begin() && std::prev(it)->second >= begin) {
        --it;
        begin = it->first;
        end = std::max(end, it->second);
        it = r_.erase(it);
    }
    while (it != r_.end() && it->first <= end) {
        end = std::max(end, it->second);
        it = r_.erase(it);
    }
    r_.emplace(begin, end);
}

bool ByteRanges::covers(std::uint64_t begin, std::uint64_t end) const {
    auto it = r_.upper_bound(begin);
    if (it == r_.begin()) return false;
    --it;
    return it->first <= begin && it->second >= end;
}

const char* end_reason_key(EndReason r) {
    switch (r) {
        case EndReason::Fin:
            return "fin";
        case EndReason::Rst:
            return "rst";
        case EndReason::CaptureEnd:
            return "capture_end";
    }
    return "capture_end";
}

std::uint32_t SessionTruth::record(MessageTruth m) {
    ++counts[static_cast<std::size_t>(m.dir)][static_cast<std::size_t>(m.kind)];
    if (!keep_messages) return kNoIndex;
    messages.push_back(std::move(m));
    return static_cast<std::uint32_t>(messages.size() - 1);
}

MessageTruth* SessionTruth::message(std::uint32_t index) {
    return index < messages.size() ? &messages[index] : nullptr;
}

// A later Registration of the same key replaces the earlier state (docs/manifest.md).
void SessionTruth::registration_sent(const Eid& eid, std::uint32_t ttl, const std::vector<Locator>& rlocs) {
    if (!keep_table) return;
    TableEntry& e = table[eid];
    e.status = Status::Pending;
    e.reason.reset();
    e.ttl = ttl;
    e.rlocs = rlocs;
}

void SessionTruth::answered(const Eid& eid, bool accepted, std::optional<NackReason> reason) {
    if (!keep_table) return;
    auto it = table.find(eid);
    if (it == table.end()) return;
    TableEntry& e = it->second;
    if (accepted)
        e.status = e.ttl == 0 ? Status::Withdrawn : Status::Registered;
    else
        e.status = Status::Rejected;
    e.reason = accepted ? std::nullopt : reason;
}

void SessionTruth::settle_capture() {
    for (MessageTruth& m : messages)
        m.in_capture = captured[static_cast<std::size_t>(m.dir)].covers(m.begin, m.end);
}

}  // namespace msrt::synth
