// Writes text through a pointer into room made beforehand (std::string::resize): a registration or an event
// line is some twenty short pieces, and std::string's length and capacity checks on each were a third of
// what writing it cost. The caller sizes the room for the most any piece can take.
#pragma once

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.hpp"
#include "sessions/csv.hpp"
#include "sessions/time_text.hpp"

namespace msrt::cli {

class Chars {
  public:
    explicit Chars(char* p) : p_(p) {}
    template <std::size_t N>
    Chars& lit(const char (&s)[N]) {
        std::memcpy(p_, s, N - 1);
        p_ += N - 1;
        return *this;
    }
    Chars& text(std::string_view s) {
        std::memcpy(p_, s.data(), s.size());
        p_ += s.size();
        return *this;
    }
    Chars& csv(std::string_view s) {  // a CSV cell, quoted if it must be: csv_cell_room(s.size()) at most
        p_ = write_csv_cell(p_, s);
        return *this;
    }
    Chars& string(std::string_view s) {  // quoted and escaped: json_string_room(s.size()) at most
        p_ = write_json_string(p_, s);
        return *this;
    }
    Chars& uint(std::uint64_t v) {
        p_ = std::to_chars(p_, p_ + 20, v).ptr;
        return *this;
    }
    Chars& boolean(bool b) { return b ? lit("true") : lit("false"); }
    Chars& time(Micros t) {
        p_ = epoch_chars(p_, t);
        return *this;
    }
    Chars& time_or_null(Micros t) { return t ? time(t) : lit("null"); }
    Chars& seconds(Micros duration) {
        p_ = seconds_chars(p_, duration);
        return *this;
    }
    Chars& iso(Micros t) {  // kIsoChars at most
        p_ = iso_chars(p_, t);
        return *this;
    }
    // Aligned in a column of `width` as printf's "%-*s" and "%*s" would: never cut, padded with spaces.
    Chars& left(std::string_view s, std::size_t width) {
        char* from = p_;
        text(s);
        return pad(from, width);
    }
    Chars& right(std::string_view s, std::size_t width) {
        spaces(width, s.size());
        return text(s);
    }
    // Spaces after what was written since `from`, up to `width` characters in all: a column of several
    // pieces.
    Chars& pad(const char* from, std::size_t width) {
        return spaces(width, static_cast<std::size_t>(p_ - from));
    }
    char* end() const { return p_; }

  private:
    Chars& spaces(std::size_t width, std::size_t used) {
        if (used < width) {
            std::memset(p_, ' ', width - used);
            p_ += width - used;
        }
        return *this;
    }

    char* p_;
};

// A line (or a registration) written through Chars into reused scratch room, then appended to its output.
// Room made in the output string itself is zeroed first (C++20's std::string has no resize that leaves it
// unfilled): for `msrt sessions --json` that zeroing was half of all first writes to fresh memory, and
// appending the finished text, in cache, took 1-3% less wall time (1 GB bench capture).
class Scratch {
  public:
    Chars room(std::size_t n) {  // room for n characters, valid until the next call
        if (buffer_.size() < n) buffer_.resize(std::max(n, 2 * buffer_.size()));
        return Chars(buffer_.data());
    }
    void append_to(std::string& out, const Chars& written) const {
        out.append(buffer_.data(), static_cast<std::size_t>(written.end() - buffer_.data()));
    }

  private:
    std::vector<char> buffer_;
};

}  // namespace msrt::cli
