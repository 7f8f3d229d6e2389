#include "msrt/bytes.hpp"

namespace msrt {

void Reader::short_read(std::size_t n, const char* field) {
    fail(field, "needs " + std::to_string(n) + " octets, " + std::to_string(remaining()) + " left");
}

void Reader::fail(const char* field, std::string what) {
    fail_at(abs(), field, std::move(what));
}

void Reader::fail_at(std::size_t abs_offset, const char* field, std::string what) {
    if (failed_) return;  // the first failure is the one worth reporting
    failed_ = true;
    error_ = Error{field, abs_offset, std::move(what)};
}

void Writer::u16(std::uint16_t v) {
    out_.push_back(static_cast<std::uint8_t>(v >> 8));
    out_.push_back(static_cast<std::uint8_t>(v));
}

void Writer::u32(std::uint32_t v) {
    u16(static_cast<std::uint16_t>(v >> 16));
    u16(static_cast<std::uint16_t>(v));
}

void Writer::u64(std::uint64_t v) {
    u32(static_cast<std::uint32_t>(v >> 32));
    u32(static_cast<std::uint32_t>(v));
}

void Writer::patch_u16(std::size_t at, std::uint16_t v) {
    out_[at] = static_cast<std::uint8_t>(v >> 8);
    out_[at + 1] = static_cast<std::uint8_t>(v);
}

std::string to_hex(ByteView v) {
    std::string s;
    append_hex(s, v);
    return s;
}

void append_hex(std::string& out, ByteView v) {
    static const char* digits = "0123456789abcdef";
    std::size_t at = out.size();
    out.resize(at + 2 * v.size());
    for (std::uint8_t b : v) {
        out[at++] = digits[b >> 4];
        out[at++] = digits[b & 15];
    }
}

}  // namespace msrt
