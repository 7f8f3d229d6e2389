#include "msrt/framer.hpp"

#include "msrt/codec.hpp"

namespace msrt {

std::string_view framing_problem_name(FramingProblem p) {
    switch (p) {
        case FramingProblem::LengthTooSmall:
            return "length below 8";
        case FramingProblem::ShortForm:
            return "short form (length 8, no message ID)";
        case FramingProblem::LengthUnderflow:
            return "length 9-11 (body length negative)";
        case FramingProblem::LengthTooLarge:
            return "length above the bound";
        case FramingProblem::BadEndMarker:
            return "bad end marker";
        case FramingProblem::Truncated:
            return "truncated message";
    }
    return "?";
}

void Framer::push(ByteView chunk, FrameSink& sink) {
    if (buffer_.empty()) {
        // Fast path: whole messages are handed out straight from the caller's chunk.
        std::size_t n = drain(chunk, consumed_, sink);
        consumed_ += n;
        buffer_.assign(chunk.begin() + static_cast<std::ptrdiff_t>(n), chunk.end());
        return;
    }
    buffer_.insert(buffer_.end(), chunk.begin(), chunk.end());
    std::size_t n = drain(buffer_, consumed_, sink);
    buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(n));
    consumed_ += n;
    release_if_empty();
}

// A framer is idle most of its life, and a capture tool holds two per session (tens of thousands): an empty
// buffer gives its capacity back rather than keeping the largest message it ever held.
void Framer::release_if_empty() {
    if (buffer_.empty() && buffer_.capacity() > 0) Bytes().swap(buffer_);
}

void Framer::gap(std::uint64_t count, FrameSink& sink) {
    flush(sink);
    consumed_ += count;
    resyncing_ = true;
    skip_start_ = consumed_;
    skipped_ = 0;
}

void Framer::finish(FrameSink& sink) {
    flush(sink);
    resyncing_ = false;
    skipped_ = 0;
}

// Whatever is buffered can no longer be completed by later octets: a partial message is truncated, and a
// header candidate that was waiting for more octets is no candidate. Whole messages behind such a candidate
// are still delivered rather than dropped with the rest of the buffer.
void Framer::flush(FrameSink& sink) {
    final_ = true;
    std::size_t n = drain(buffer_, consumed_, sink);
    final_ = false;
    consumed_ += n;
    buffer_.clear();
    release_if_empty();
    if (resyncing_ && skipped_ > 0) sink.on_skipped(skip_start_, skipped_);
    skipped_ = 0;
}

// A message that has started but not ended: wait for more octets, unless none will come.
std::size_t Framer::truncated(ByteView data, std::uint64_t at, FrameSink& sink, bool& progress) {
    if (!final_) return 0;
    fail(at, FramingProblem::Truncated, data.size() >= 4 ? load_be16(&data[2]) : 0, sink);
    progress = true;
    return 0;
}

void Framer::fail(std::uint64_t at, FramingProblem p, std::uint32_t value, FrameSink& sink) {
    sink.on_error(FramingError{at, p, value});
    resyncing_ = true;
    skip_start_ = at;
    skipped_ = 0;
}

std::size_t Framer::drain(ByteView data, std::uint64_t base, FrameSink& sink) {
    std::size_t pos = 0;
    bool progress = true;
    while (progress && pos < data.size()) {
        progress = false;
        pos += step(data.subspan(pos), base + pos, sink, progress);
    }
    return pos;
}

// Consumes what it can at the front of `data`: one message, one skipped octet, or nothing (needs more).
std::size_t Framer::step(ByteView data, std::uint64_t at, FrameSink& sink, bool& progress) {
    if (resyncing_) {
        std::size_t p = 0;
        for (; p < data.size(); ++p) {
            HeaderCheck c = check_message_at(data.subspan(p), max_length_);
            if (c == HeaderCheck::Bad || (c == HeaderCheck::NeedMore && final_)) continue;
            if (c == HeaderCheck::Ok) {
                skipped_ += p;
                if (skipped_ > 0) sink.on_skipped(skip_start_, skipped_);
                resyncing_ = false;
                skipped_ = 0;
                progress = true;
            }
            break;
        }
        if (resyncing_) skipped_ += p;
        return p;
    }
    if (data.size() < 4) return truncated(data, at, sink, progress);
    std::uint32_t len = load_be16(&data[2]);
    if (len == wire::kShortFormLength) {
        if (data.size() < len) return truncated(data, at, sink, progress);
        std::uint32_t marker = load_be32(&data[4]);
        if (marker != wire::kEndMarker) {
            fail(at, FramingProblem::BadEndMarker, marker, sink);
        } else {
            sink.on_error(FramingError{at, FramingProblem::ShortForm, len});
            sink.on_message(at, data.first(len));
            progress = true;
            return len;
        }
        progress = true;
        return 0;
    }
    if (len < wire::kShortFormLength || len < wire::kMinLength || len > max_length_) {
        FramingProblem p = len < wire::kShortFormLength ? FramingProblem::LengthTooSmall
                           : len < wire::kMinLength     ? FramingProblem::LengthUnderflow
                                                        : FramingProblem::LengthTooLarge;
        fail(at, p, len, sink);
        progress = true;
        return 0;
    }
    if (data.size() < len) return truncated(data, at, sink, progress);
    std::uint32_t marker = load_be32(&data[len - wire::kMarkerSize]);
    if (marker != wire::kEndMarker) {
        fail(at, FramingProblem::BadEndMarker, marker, sink);
        progress = true;
        return 0;
    }
    sink.on_message(at, data.first(len));
    progress = true;
    return len;
}

}  // namespace msrt
