#include "msrt/session/node_pool.hpp"

#include <sys/mman.h>

#include <new>

namespace msrt::session::detail {

// Slabs are mapped, not malloc'd: a 64 KiB request from the C heap is a large-bin request, which makes glibc
// consolidate its fast bins each time, and the slab then pins the heap among short-lived chunks. In the
// Wireshark plugin both showed as allocator time all through tshark's own dissection.
void* new_slab(std::size_t bytes) {
    void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) throw std::bad_alloc();
    return p;
}

}  // namespace msrt::session::detail
