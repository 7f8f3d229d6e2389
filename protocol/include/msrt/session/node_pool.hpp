// An allocator for the nodes of the registration tables. A table entry is a map node of 104 octets and a
// capture tool holds hundreds of thousands at once (bench/sessions.sh: 20k sessions x 10 prefixes): malloc
// would add 8 octets of header to each and round it to 112. Here nodes are cut from 64 KiB slabs, and a freed
// node goes on a free list for the next node of its size (one list per size and thread).
//
// Slabs are never returned: a table's memory is reused by later tables, so the high-water mark is the most
// entries alive at once, as with malloc. They stay reachable from a process-wide list, so that a node freed
// on another thread than the one that made it is still valid memory, and leak checkers see no leak.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <vector>

namespace msrt::session {
namespace detail {

void* new_slab(std::size_t bytes);  // process-wide, never freed

template <std::size_t Size, std::size_t Align>
class NodeSlabs {
  public:
    static void* take() {
        State& s = state();
        if (s.free) {
            void* p = s.free;
            s.free = *static_cast<void**>(p);
            return p;
        }
        if (s.next == s.end) {
            s.next = static_cast<char*>(new_slab(kSlab));
            s.end = s.next + kSlab / kStride * kStride;
        }
        void* p = s.next;
        s.next += kStride;
        return p;
    }
    static void give(void* p) {
        State& s = state();
        *static_cast<void**>(p) = s.free;
        s.free = p;
    }

  private:
    static constexpr std::size_t kAlign = Align > alignof(void*) ? Align : alignof(void*);
    static constexpr std::size_t kStride =
        (Size > sizeof(void*) ? Size : sizeof(void*)) + kAlign - 1 & ~(kAlign - 1);
    static constexpr std::size_t kSlab = 64 * 1024;
    static_assert(kAlign <= alignof(std::max_align_t), "slabs come from operator new");

    struct State {
        void* free = nullptr;
        char* next = nullptr;
        char* end = nullptr;
    };
    static State& state() {
        thread_local State s;
        return s;
    }
};

}  // namespace detail

template <class T>
class NodeAllocator {
  public:
    using value_type = T;

    NodeAllocator() = default;
    template <class U>
    NodeAllocator(const NodeAllocator<U>&) noexcept {}  // NOLINT(google-explicit-constructor)

    T* allocate(std::size_t n) {
        if (n != 1) return std::allocator<T>().allocate(n);
        return static_cast<T*>(detail::NodeSlabs<sizeof(T), alignof(T)>::take());
    }
    void deallocate(T* p, std::size_t n) {
        if (n != 1) return std::allocator<T>().deallocate(p, n);
        detail::NodeSlabs<sizeof(T), alignof(T)>::give(p);
    }

    template <class U>
    friend bool operator==(const NodeAllocator&, const NodeAllocator<U>&) {
        return true;
    }
};

}  // namespace msrt::session
