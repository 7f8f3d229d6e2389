// Records of plain values and byte strings, packed one after another into a buffer by one thread and read
// back in the same order by another: the hand-over format of the two-thread pipelines (PipelinedEvents,
// the event queue of `msrt events`). Only the same process reads them: values are copied as they are in
// memory, pointers to static text included.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <type_traits>
#include <vector>

#include "common/stream_events.hpp"

namespace msrt::cli {

// What an endpoint takes at most, but for a Distinguished Name's characters.
inline constexpr std::size_t kEndpointBytes = 2 + 16 + 1 + 4 + 2;

// What a session's id and endpoints take at most (Out::session).
inline std::size_t session_bytes(const SessionInfo& s) {
    return 8 + 2 * kEndpointBytes + s.etr.ip.name.size() + s.ms.ip.name.size();
}

// Writes a record's arguments, packed, into room made for them.
class Out {
  public:
    explicit Out(std::uint8_t* p) : p_(p) {}
    template <class T>
    void put(const T& v) {
        static_assert(std::is_trivially_copyable_v<T>);
        std::memcpy(p_, &v, sizeof v);
        p_ += sizeof v;
    }
    void bytes(const void* data, std::size_t size) {
        put(static_cast<std::uint32_t>(size));
        if (size) std::memcpy(p_, data, size);
        p_ += size;
    }
    void bytes(ByteView v) { bytes(v.data(), v.size()); }
    void text(const std::string& s) { bytes(s.data(), s.size()); }
    void endpoint(const Endpoint& e) {
        put(e.ip.afi);
        put(e.ip.octets);
        put(e.ip.size);
        text(e.ip.name);
        put(e.port);
    }
    void session(const SessionInfo& s) {
        put(s.id);
        endpoint(s.etr);
        endpoint(s.ms);
    }
    std::uint8_t* end() const { return p_; }

  private:
    std::uint8_t* p_;
};

// Reads a batch back, in the order it was written.
class Cursor {
  public:
    explicit Cursor(const std::vector<std::uint8_t>& b, std::size_t used)
        : p_(b.data()), end_(b.data() + used) {}
    bool more() const { return p_ < end_; }
    template <class T>
    T get() {
        static_assert(std::is_trivially_copyable_v<T>);
        T v;
        std::memcpy(&v, p_, sizeof v);
        p_ += sizeof v;
        return v;
    }
    ByteView bytes() {
        auto n = get<std::uint32_t>();
        ByteView v(p_, n);
        p_ += n;
        return v;
    }
    void text(std::string& out) {
        ByteView v = bytes();
        out.assign(reinterpret_cast<const char*>(v.data()), v.size());
    }
    void endpoint(Endpoint& e) {
        e.ip.afi = get<std::uint16_t>();
        e.ip.octets = get<std::array<std::uint8_t, 16>>();
        e.ip.size = get<std::uint8_t>();
        text(e.ip.name);
        e.port = get<std::uint16_t>();
    }
    void session(SessionInfo& s) {
        s.id = get<std::uint64_t>();
        endpoint(s.etr);
        endpoint(s.ms);
    }

  private:
    const std::uint8_t* p_;
    const std::uint8_t* end_;
};

}  // namespace msrt::cli
