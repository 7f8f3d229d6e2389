// Stream framer: TCP payload bytes in arrival order in, whole messages out (spec 2.1, 9 items 3 and 23).
// The result does not depend on how the stream is cut into chunks.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string_view>

#include "msrt/bytes.hpp"
#include "msrt/constants.hpp"

namespace msrt {

enum class FramingProblem {
    LengthTooSmall,   // Length 0-7
    ShortForm,        // Length 8: Type, Length, marker, no Message ID (delivered, flagged)
    LengthUnderflow,  // Length 9-11: the body length would be negative
    LengthTooLarge,   // over the configured bound
    BadEndMarker,
    Truncated,  // the stream ended (or lost bytes) inside a message
};
std::string_view framing_problem_name(FramingProblem p);

struct FramingError {
    std::uint64_t offset = 0;  // stream offset of the offending header
    FramingProblem problem{};
    std::uint32_t value = 0;  // the Length, or the marker found
};

class FrameSink {
  public:
    virtual ~FrameSink() = default;
    // `bytes` is one whole message (Length octets); valid only during the call.
    virtual void on_message(std::uint64_t offset, ByteView bytes) = 0;
    virtual void on_error(const FramingError& error) = 0;
    // Octets passed over while looking for the next good header, reported once resynchronised.
    virtual void on_skipped(std::uint64_t offset, std::uint64_t count) = 0;
};

class Framer {
  public:
    explicit Framer(std::size_t max_length = wire::kMaxLength)
        : max_length_(static_cast<std::uint32_t>(std::min<std::size_t>(max_length, UINT32_MAX))) {}

    void push(ByteView chunk, FrameSink& sink);
    // Capture loss: `count` octets of the stream are missing here. Any partial message is dropped as
    // truncated and the framer resynchronises on the next good header.
    void gap(std::uint64_t count, FrameSink& sink);
    // End of stream: a partial message left over is reported as truncated.
    void finish(FrameSink& sink);

    std::uint64_t offset() const { return consumed_ + buffer_.size(); }  // octets seen so far
    bool resyncing() const { return resyncing_; }
    std::size_t buffered() const { return buffer_.size(); }

  private:
    std::size_t drain(ByteView data, std::uint64_t base, FrameSink& sink);
    std::size_t step(ByteView data, std::uint64_t base, FrameSink& sink, bool& progress);
    std::size_t truncated(ByteView data, std::uint64_t at, FrameSink& sink, bool& progress);
    void flush(FrameSink& sink);
    void release_if_empty();
    void fail(std::uint64_t at, FramingProblem p, std::uint32_t value, FrameSink& sink);

    Bytes buffer_;
    std::uint64_t consumed_ = 0;  // stream offset of buffer_[0]
    std::uint64_t skip_start_ = 0;
    std::uint64_t skipped_ = 0;
    std::uint32_t max_length_;  // small fields last: two framers per session, tens of thousands of sessions
    bool resyncing_ = false;
    bool final_ = false;  // no octets will follow the buffered ones (end of stream, or a gap)
};

}  // namespace msrt
