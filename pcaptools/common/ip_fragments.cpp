#include "common/ip_fragments.hpp"

#include <algorithm>
#include <string>

namespace msrt::cli {
namespace {

// The largest IP payload a datagram can reassemble to (IPv4 total length and IPv6 payload length are 16
// bits).
constexpr std::uint32_t kMaxDatagram = 65535;

std::string describe(const FragmentKey& k) {
    char id[16];
    std::snprintf(id, sizeof id, "0x%x", k.id);
    return std::string(k.src.v6 ? "IPv6" : "IPv4") + " fragments of " + k.src.to_address().str() + " -> " +
           k.dst.to_address().str() + " id " + id;
}

}  // namespace

std::optional<ByteView> IpFragments::add(const FragmentKey& key, std::uint32_t offset, bool more,
                                         ByteView data, Micros now, ProblemSink& problems) {
    expire(now, problems);
    std::uint32_t end = offset + static_cast<std::uint32_t>(data.size());
    if (end > kMaxDatagram) {
        problems.problem(describe(key) + ": fragment ends at octet " + std::to_string(end) +
                         ", beyond the largest datagram (65535)");
        return std::nullopt;
    }
    std::size_t i = find_or_create(key, now, problems);
    if (!make_room(i, end, problems)) return std::nullopt;
    Set& s = sets_[i];
    if (!more) {
        if (s.total && *s.total != end) {
            drop(i, "two last fragments disagree on the length", problems);
            return std::nullopt;
        }
        s.total = end;
    }
    store(s, offset, data);
    if (!complete(s)) return std::nullopt;
    bytes_ -= std::min(bytes_, s.data.size());
    done_.swap(s.data);
    s.data.clear();
    done_.resize(*s.total);
    drop(i, nullptr, problems);
    return ByteView(done_);
}

// Evicts the oldest other datagrams until set `i` can grow to `end` octets within the byte limit.
bool IpFragments::make_room(std::size_t& i, std::uint32_t end, ProblemSink& problems) {
    std::size_t growth = end > sets_[i].data.size() ? end - sets_[i].data.size() : 0;
    while (bytes_ + growth > limits_.max_bytes && i > 0) {
        drop(0, "fragment buffer full", problems);
        --i;
    }
    if (bytes_ + growth <= limits_.max_bytes) return true;
    drop(i, "fragment buffer full", problems);
    return false;
}

std::size_t IpFragments::find_or_create(const FragmentKey& key, Micros now, ProblemSink& problems) {
    for (std::size_t i = 0; i < sets_.size(); ++i)
        if (sets_[i].key == key) return i;
    if (sets_.size() >= limits_.max_sets) drop(0, "too many datagrams in reassembly", problems);
    sets_.push_back(Set{key, now, {}, {}, std::nullopt});
    return sets_.size() - 1;
}

// Copies only the octets not held yet (first copy wins), then merges the covered ranges.
void IpFragments::store(Set& s, std::uint32_t offset, ByteView data) {
    std::uint32_t end = offset + static_cast<std::uint32_t>(data.size());
    if (end > s.data.size()) {
        bytes_ += end - s.data.size();
        s.data.resize(end);
    }
    std::uint32_t pos = offset;
    for (const auto& [b, e] : s.have) {
        if (e <= pos) continue;
        if (b >= end) break;
        if (b > pos)
            std::copy(data.begin() + (pos - offset), data.begin() + (b - offset), s.data.begin() + pos);
        pos = std::max(pos, e);
    }
    if (pos < end) std::copy(data.begin() + (pos - offset), data.end(), s.data.begin() + pos);
    s.have.emplace_back(offset, end);
    std::sort(s.have.begin(), s.have.end());
    std::vector<std::pair<std::uint32_t, std::uint32_t>> merged;
    for (const auto& r : s.have) {
        if (!merged.empty() && r.first <= merged.back().second)
            merged.back().second = std::max(merged.back().second, r.second);
        else
            merged.push_back(r);
    }
    s.have = std::move(merged);
}

bool IpFragments::complete(const Set& s) {
    return s.total && s.have.size() == 1 && s.have[0].first == 0 && s.have[0].second >= *s.total;
}

void IpFragments::expire(Micros now, ProblemSink& problems) {
    while (!sets_.empty() && now - sets_.front().first > limits_.timeout)
        drop(0, "incomplete after the reassembly timeout", problems);
}

void IpFragments::drop(std::size_t index, const char* why, ProblemSink& problems) {
    if (why) problems.problem(describe(sets_[index].key) + " dropped: " + why);
    bytes_ -= std::min(bytes_, sets_[index].data.size());
    sets_.erase(sets_.begin() + static_cast<std::ptrdiff_t>(index));
}

void IpFragments::finish(ProblemSink& problems) {
    while (!sets_.empty())
        drop(0, "incomplete at the end of the capture", problems);
}

}  // namespace msrt::cli
