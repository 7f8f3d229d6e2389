// Bounds-checked big-endian reading and writing. Every protocol layout is read through Reader.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "msrt/result.hpp"

namespace msrt {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

inline std::uint16_t load_be16(const std::uint8_t* p) {
    return static_cast<std::uint16_t>((p[0] << 8) | p[1]);
}
inline std::uint32_t load_be32(const std::uint8_t* p) {
    return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}
inline std::uint64_t load_be64(const std::uint8_t* p) {
    return (std::uint64_t{load_be32(p)} << 32) | load_be32(p + 4);
}

// Reads of a fixed block of octets already known to be there, with Reader's signatures: a layout written
// once as a function template reads through either (Reader::block). The field names are for that symmetry.
class Unchecked {
  public:
    explicit Unchecked(const std::uint8_t* p) : p_(p) {}
    std::uint8_t u8(const char*) { return *p_++; }
    std::uint16_t u16(const char*) {
        std::uint16_t v = load_be16(p_);
        p_ += 2;
        return v;
    }
    std::uint32_t u32(const char*) {
        std::uint32_t v = load_be32(p_);
        p_ += 4;
        return v;
    }
    std::uint64_t u64(const char*) {
        std::uint64_t v = load_be64(p_);
        p_ += 8;
        return v;
    }

  private:
    const std::uint8_t* p_;
};

// A cursor over a buffer. Reads past the end set a sticky failure instead of reading; the first failing
// field is remembered so that the caller can report it.
class Reader {
  public:
    explicit Reader(ByteView data, std::size_t base = 0) : data_(data), base_(base) {}

    std::size_t pos() const { return pos_; }
    std::size_t abs() const { return base_ + pos_; }  // offset in the caller's frame of reference
    std::size_t remaining() const { return data_.size() - pos_; }
    bool failed() const { return failed_; }
    const Error& error() const { return error_; }
    ByteView data() const { return data_; }

    // Inline: the decoders call these for every field of every message; only failing is out of line.
    bool need(std::size_t n, const char* field) {
        if (failed_) return false;
        if (remaining() >= n) return true;
        short_read(n, field);
        return false;
    }
    std::uint8_t u8(const char* field) {
        if (!need(1, field)) return 0;
        return data_[pos_++];
    }
    std::uint16_t u16(const char* field) {
        if (!need(2, field)) return 0;
        std::uint16_t v = load_be16(&data_[pos_]);
        pos_ += 2;
        return v;
    }
    std::uint32_t u32(const char* field) {
        if (!need(4, field)) return 0;
        std::uint32_t v = load_be32(&data_[pos_]);
        pos_ += 4;
        return v;
    }
    std::uint64_t u64(const char* field) {
        if (!need(8, field)) return 0;
        std::uint64_t v = load_be64(&data_[pos_]);
        pos_ += 8;
        return v;
    }
    ByteView take(std::size_t n, const char* field) {
        if (!need(n, field)) return {};
        ByteView v = data_.subspan(pos_, n);
        pos_ += n;
        return v;
    }
    void skip(std::size_t n, const char* field) { take(n, field); }
    // The next n octets, consumed, when all of them are there: a fixed run of fields is then read without a
    // check per field. Otherwise nothing happens, and the caller reads field by field through the Reader,
    // so that a short read names the field it stopped at.
    std::optional<Unchecked> block(std::size_t n) {
        if (failed_ || remaining() < n) return std::nullopt;
        const std::uint8_t* p = data_.data() + pos_;
        pos_ += n;
        return Unchecked(p);
    }
    template <std::size_t N>
    std::array<std::uint8_t, N> array(const char* field) {
        std::array<std::uint8_t, N> out{};
        ByteView v = take(N, field);
        if (v.size() == N) std::copy(v.begin(), v.end(), out.begin());
        return out;
    }
    // Record a semantic failure (not a short read) at the current position.
    void fail(const char* field, std::string what);
    void fail_at(std::size_t abs_offset, const char* field, std::string what);

  private:
    void short_read(std::size_t n, const char* field);

    ByteView data_;
    std::size_t base_ = 0;
    std::size_t pos_ = 0;
    bool failed_ = false;
    Error error_;
};

class Writer {
  public:
    Bytes& out() { return out_; }
    std::size_t size() const { return out_.size(); }
    void u8(std::uint8_t v) { out_.push_back(v); }
    void u16(std::uint16_t v);
    void u32(std::uint32_t v);
    void u64(std::uint64_t v);
    void bytes(ByteView v) { out_.insert(out_.end(), v.begin(), v.end()); }
    void patch_u16(std::size_t at, std::uint16_t v);
    Bytes take() { return std::move(out_); }

  private:
    Bytes out_;
};

std::string to_hex(ByteView v);
void append_hex(std::string& out, ByteView v);  // the same, appended

}  // namespace msrt
