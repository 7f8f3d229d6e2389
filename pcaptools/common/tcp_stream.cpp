#include "common/tcp_stream.hpp"

#include <algorithm>
#include <cstring>
#include <iterator>

namespace msrt::cli {

// A fast non-cryptographic hash: four independent lanes of 8 octets, so that the multiplications overlap.
// Enough to tell a retransmission's content from the first copy's without keeping the first copy.
namespace {
constexpr std::uint64_t kMul = 0xFF51AFD7ED558CCDull;
inline std::uint64_t load64(const std::uint8_t* p) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    return w;
}
inline std::uint64_t step(std::uint64_t h, std::uint64_t w) {
    h = (h ^ w) * kMul;
    return h ^ (h >> 31);
}
}  // namespace

std::uint64_t fingerprint(ByteView bytes) {
    const std::uint8_t* p = bytes.data();
    std::size_t n = bytes.size();
    std::uint64_t a = 0x9E3779B97F4A7C15ull ^ n, b = 0xC2B2AE3D27D4EB4Full, c = 0x165667B19E3779F9ull,
                  d = 0x27D4EB2F165667C5ull;
    for (; n >= 32; p += 32, n -= 32) {
        a = step(a, load64(p));
        b = step(b, load64(p + 8));
        c = step(c, load64(p + 16));
        d = step(d, load64(p + 24));
    }
    std::uint64_t h = a ^ (b * 3) ^ (c * 5) ^ (d * 7);
    for (; n >= 8; p += 8, n -= 8)
        h = step(h, load64(p));
    if (n > 0) {
        std::uint64_t tail = 0;
        std::memcpy(&tail, p, n);
        h = step(h, tail);
    }
    return h ^ (h >> 29);
}

namespace {
std::uint32_t fold(std::uint64_t hash) {
    return static_cast<std::uint32_t>(hash ^ (hash >> 32));
}
std::string range(std::uint64_t begin, std::uint64_t end) {
    return std::to_string(begin) + "-" + std::to_string(end - 1);
}
}  // namespace

TcpDirection::~TcpDirection() {
    budget_->used -= std::min(budget_->used, held_);
}

void TcpDirection::start(std::uint32_t first_seq) {
    started_ = true;
    next_seq_ = first_seq;
    next_ = 0;
}

void TcpDirection::segment(std::uint32_t seq, ByteView payload, std::uint32_t missing, Micros now,
                           StreamOut& out) {
    if (!started_) start(seq);
    std::int64_t start = offset_of(seq);
    std::int64_t end = start + static_cast<std::int64_t>(payload.size());
    auto next = static_cast<std::int64_t>(next_);
    if (end <= next) {
        if (start >= 0) check_retransmission(static_cast<std::uint64_t>(start), payload, out);
        return;
    }
    if (start < next) {  // partly old: compare what we can, keep the new tail
        auto overlap = static_cast<std::size_t>(next - start);
        if (start >= 0) check_retransmission(static_cast<std::uint64_t>(start), payload.first(overlap), out);
        payload = payload.subspan(overlap);
        start = next;
    }
    auto begin = static_cast<std::uint64_t>(start);
    if (!holding() && begin == next_) {  // the usual case: in order, handed on without a copy
        remember(begin, payload);
        deliver(begin, payload, out);
        if (missing) skip_to(next_ + missing, out);  // the octets the snapshot length cut are lost for good
        return;
    }
    // Without the peer's ACKs nothing says whether a hole will be filled; waiting has to end somewhere.
    if (holding() && !peer_acks_ && now - held_since_ > limits_->hole_timeout) {
        flush_held(out);
        if (begin + payload.size() <= next_) return;
        if (begin < next_) {
            payload = payload.subspan(static_cast<std::size_t>(next_ - begin));
            begin = next_;
        }
        if (begin == next_) {
            remember(begin, payload);
            return deliver(begin, payload, out);
        }
    }
    // Fingerprinted as it arrived, not as the pieces it is later delivered in: a retransmission repeats the
    // segment, and under reordering those pieces are many and small (only when no earlier copy conflicted).
    if (hold(begin, payload, now, out)) remember(begin, payload);
    drain(out);
    resolve_acked(out);
}

void TcpDirection::acked(std::uint32_t ack, StreamOut& out) {
    if (!started_) return;
    std::int64_t at = offset_of(ack);
    if (at <= 0) return;
    auto offset = static_cast<std::uint64_t>(at);
    if (fin_ && offset > *fin_) offset = *fin_;  // the FIN takes one sequence number, not a stream octet
    peer_acks_ = true;
    acked_ = std::max(acked_, offset);
    resolve_acked(out);
}

void TcpDirection::fin(std::uint32_t fin_seq) {
    std::int64_t at = offset_of(fin_seq);
    if (!fin_ && at >= 0) fin_ = static_cast<std::uint64_t>(at);
}

void TcpDirection::flush(StreamOut& out) {
    flush_held(out);
    skip_to(std::max(fin_.value_or(0), acked_), out);
}

void TcpDirection::advance_to(std::uint64_t offset) {
    next_seq_ += static_cast<std::uint32_t>(offset - next_);
    next_ = offset;
}

void TcpDirection::remember(std::uint64_t start, ByteView bytes) {
    if (bytes.empty()) return;
    recent_[recent_next_++ % kRecent] = Recent{fold(fingerprint(bytes)), static_cast<std::uint32_t>(start),
                                               static_cast<std::uint32_t>(bytes.size())};
}

void TcpDirection::deliver(std::uint64_t start, ByteView bytes, StreamOut& out) {
    if (bytes.empty()) return;
    advance_to(start + bytes.size());
    out.data(start, bytes);
}

void TcpDirection::skip_to(std::uint64_t offset, StreamOut& out) {
    if (offset <= next_) return;
    std::uint64_t from = next_;
    advance_to(offset);
    out.gap(from, offset - from);
}

// A segment entirely before next_: only its fingerprint can be checked against the first copy's.
void TcpDirection::check_retransmission(std::uint64_t start, ByteView bytes, StreamOut& out) {
    for (const Recent& r : recent_) {
        std::uint32_t rel =
            r.start - static_cast<std::uint32_t>(start);  // modulo 2^32, like sequence numbers
        if (r.length == 0 || std::uint64_t{rel} + r.length > bytes.size()) continue;
        if (fold(fingerprint(bytes.subspan(rel, r.length))) != r.hash) {
            out.note("retransmitted octets " + range(start + rel, start + rel + r.length) +
                     " differ from the first copy (first copy kept)");
            return;
        }
    }
}

// Stores the octets not held yet (the first copy of an octet wins) and reports conflicting overlaps. True
// when every octet of `bytes` is now held as given (no conflict), so that its fingerprint stands for them.
bool TcpDirection::hold(std::uint64_t start, ByteView bytes, Micros now, StreamOut& out) {
    if (held_ + bytes.size() > limits_->direction_cap || budget_->used + bytes.size() > budget_->cap) {
        out.note("out-of-order buffer full (" + std::to_string(held_) +
                 " octets held): octets from stream offset " + std::to_string(next_) + " given up as lost");
        flush_held(out);
        skip_to(start, out);
        if (start + bytes.size() > next_) {
            ByteView rest = bytes.subspan(static_cast<std::size_t>(next_ - start));
            remember(next_, rest);
            deliver(next_, rest, out);
        }
        return false;
    }
    if (!holding()) held_since_ = now;
    std::uint64_t end = start + bytes.size();
    std::uint64_t pos = start;
    bool conflict = false;
    auto it = held().lower_bound(start);
    if (it != held().begin()) {
        auto prev = std::prev(it);
        std::uint64_t prev_end = prev->first + prev->second.size();
        if (prev_end > start) {
            pos = std::min(end, prev_end);
            conflict |= !same(prev, start, bytes, start, pos);
        }
    }
    while (pos < end) {
        it = held().lower_bound(pos);
        std::uint64_t piece_end = it == held().end() ? end : std::min(end, it->first);
        if (piece_end > pos) keep(pos, bytes.subspan(static_cast<std::size_t>(pos - start), piece_end - pos));
        if (it == held().end() || it->first >= end) break;
        std::uint64_t overlap_end = std::min(end, it->first + it->second.size());
        conflict |= !same(it, start, bytes, it->first, overlap_end);
        pos = overlap_end;
    }
    if (conflict)
        out.note("overlapping segments disagree on octets in " + range(start, end) + " (first copy kept)");
    return !conflict;
}

bool TcpDirection::same(Held::iterator it, std::uint64_t start, ByteView bytes, std::uint64_t begin,
                        std::uint64_t end) const {
    auto mine = bytes.subspan(static_cast<std::size_t>(begin - start), end - begin);
    auto theirs = ByteView(it->second).subspan(static_cast<std::size_t>(begin - it->first), end - begin);
    return std::equal(mine.begin(), mine.end(), theirs.begin());
}

void TcpDirection::keep(std::uint64_t start, ByteView bytes) {
    held().emplace(start, Bytes(bytes.begin(), bytes.end()));
    held_ += bytes.size();
    budget_->used += bytes.size();
}

void TcpDirection::release(Held::iterator it) {
    held_ -= it->second.size();
    budget_->used -= std::min(budget_->used, it->second.size());
    held().erase(it);
    if (held_segments_->empty())
        held_segments_.reset();  // most connections never hold anything: keep them small
}

// Delivers held octets that have become contiguous with what was delivered.
void TcpDirection::drain(StreamOut& out) {
    while (holding()) {
        auto it = held().begin();
        if (it->first > next_) return;
        if (it->first + it->second.size() > next_)
            deliver(next_, ByteView(it->second).subspan(static_cast<std::size_t>(next_ - it->first)), out);
        release(it);
    }
}

// Octets the peer acknowledged were received by it: if the capture does not have them, they never will be.
void TcpDirection::resolve_acked(StreamOut& out) {
    while (holding() && acked_ > next_) {
        skip_to(std::min(held().begin()->first, acked_), out);
        drain(out);
    }
    if (fin_ && acked_ >= *fin_) skip_to(*fin_, out);
}

void TcpDirection::flush_held(StreamOut& out) {
    while (holding()) {
        skip_to(held().begin()->first, out);
        drain(out);
    }
}

}  // namespace msrt::cli
