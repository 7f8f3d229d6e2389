// A growing array in Wireshark's file scope, in fixed chunks that never move: elements keep their address,
// growth copies nothing, and everything is freed with the file. For the per-message records the first pass
// keeps for the whole file, where a std::vector would copy megabytes on each growth and leave the copies'
// holes in the C heap.
#pragma once

#include <new>
#include <type_traits>
#include <vector>

#include "ws.hpp"

namespace lmsrt {

template <class T>
class FileArray {
    static_assert(std::is_trivially_destructible_v<T>, "file scope frees without destructors");
    static constexpr guint32 kShift = 12;  // 4096 elements a chunk
    static constexpr guint32 kMask = (1u << kShift) - 1;

  public:
    // A new value-initialised element at the end, and its number.
    T& push(guint32* number = nullptr) {
        if ((size_ & kMask) == 0)
            chunks_.push_back(static_cast<T*>(wmem_alloc(wmem_file_scope(), sizeof(T) << kShift)));
        T* p = new (&chunks_.back()[size_ & kMask]) T{};
        if (number) *number = size_;
        ++size_;
        return *p;
    }
    T& operator[](guint32 i) { return chunks_[i >> kShift][i & kMask]; }
    const T& operator[](guint32 i) const { return chunks_[i >> kShift][i & kMask]; }
    guint32 size() const { return size_; }
    const T& back() const { return (*this)[size_ - 1]; }

  private:
    std::vector<T*> chunks_;
    guint32 size_ = 0;
};

}  // namespace lmsrt
