// An allocator for the long-lived small objects of session state: the storage of small registration tables
// (a capture tool holds tens of thousands at once, bench/sessions.sh), and the small vectors and maps each
// session keeps for as long as it lasts. Blocks up to kMaxSmall octets come from 64 KiB slabs mapped outside
// the C heap, one free list per size class and thread; larger ones from operator new.
//
// Why not malloc: it would add 8 octets of header to each block, most of them a few dozen octets; and in
// the Wireshark plugin, per-session blocks scattered among tshark's short-lived ones fragmented the C heap,
// and glibc's consolidation of it cost more time than the plugin's own code (bench/plugin.sh).
//
// Slabs are never returned: memory freed by one table is reused by later ones, so the high-water mark is the
// most state alive at once, as with malloc. A block freed on another thread than the one that made it goes
// on that thread's list: a pipeline must free session state on the thread that built it.
#pragma once

#include <array>
#include <cstddef>
#include <memory>
#include <vector>

namespace msrt::session {
namespace detail {

// Size classes 8 octets apart: a 40-octet block takes 40, not 48. A class's blocks sit at multiples
// of its size from the slab's (page-aligned) start, and a 16-aligned type's size is a multiple of 16, so
// its blocks are 16-aligned too.
inline constexpr std::size_t kGrain = 8;
inline constexpr std::size_t kMaxSmall = 2048;
inline constexpr std::size_t kClasses = kMaxSmall / kGrain;

void* new_slab(std::size_t bytes);  // mapped, never unmapped

struct SizeClass {
    void* free = nullptr;
    char* next = nullptr;
    char* end = nullptr;
};

inline SizeClass& size_class(std::size_t index) {
    thread_local std::array<SizeClass, kClasses> classes{};
    return classes[index];
}

constexpr std::size_t class_of(std::size_t bytes) {
    return bytes == 0 ? 0 : (bytes - 1) / kGrain;
}

inline void* take(std::size_t index) {
    constexpr std::size_t kSlab = 64 * 1024;
    SizeClass& s = size_class(index);
    if (s.free) {
        void* p = s.free;
        s.free = *static_cast<void**>(p);
        return p;
    }
    std::size_t stride = (index + 1) * kGrain;
    if (static_cast<std::size_t>(s.end - s.next) < stride) {
        s.next = static_cast<char*>(new_slab(kSlab));
        s.end = s.next + kSlab;
    }
    void* p = s.next;
    s.next += stride;
    return p;
}

inline void give(void* p, std::size_t index) {
    SizeClass& s = size_class(index);
    *static_cast<void**>(p) = s.free;
    s.free = p;
}

}  // namespace detail

template <class T>
class NodeAllocator {
  public:
    using value_type = T;
    static_assert(alignof(T) <= 16, "slab blocks are aligned to at most 16 (see kGrain)");

    NodeAllocator() = default;
    template <class U>
    NodeAllocator(const NodeAllocator<U>&) noexcept {}  // NOLINT(google-explicit-constructor)

    T* allocate(std::size_t n) {
        if (n > detail::kMaxSmall / sizeof(T)) return std::allocator<T>().allocate(n);
        return static_cast<T*>(detail::take(detail::class_of(n * sizeof(T))));
    }
    void deallocate(T* p, std::size_t n) {
        if (n > detail::kMaxSmall / sizeof(T)) return std::allocator<T>().deallocate(p, n);
        detail::give(p, detail::class_of(n * sizeof(T)));
    }

    template <class U>
    friend bool operator==(const NodeAllocator&, const NodeAllocator<U>&) {
        return true;
    }
};

// A vector whose buffer, while small, comes from the slabs.
template <class T>
using SmallVector = std::vector<T, NodeAllocator<T>>;

}  // namespace msrt::session
