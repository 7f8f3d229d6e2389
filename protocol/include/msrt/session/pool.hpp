// Interned values shared by many table entries: an ETR usually registers every EID with the same locator
// set and the same xTR-ID/Site-ID, so entries hold a 32-bit number instead of a copy. Reference-counted,
// so values no entry uses any more are freed (long sessions with churning locators stay bounded).
// A session usually holds one or two distinct values: they are searched linearly, and an index is built
// only when more are alive, so an idle pool costs a few dozen octets.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <vector>

#include "msrt/session/node_pool.hpp"

namespace msrt::session {

template <class T>
class Pool {
  public:
    std::uint32_t acquire(const T& value) {
        std::uint32_t n = find(value);
        if (n == kAbsent) n = insert(value);
        ++slots_[n].refs;
        return n;
    }
    void release(std::uint32_t n) {
        Slot& s = slots_[n];
        if (--s.refs != 0) return;
        if (index_) index_->erase(s.value);
        s.value = T{};
        s.next_free = free_head_;
        free_head_ = n;
        --live_;
    }
    const T& get(std::uint32_t n) const { return slots_[n].value; }
    // Whether value n is in use; and one more use of a value in use, without searching for it.
    bool alive(std::uint32_t n) const { return n < slots_.size() && slots_[n].refs != 0; }
    void retain(std::uint32_t n) { ++slots_[n].refs; }
    std::size_t live() const { return live_; }

  private:
    static constexpr std::uint32_t kAbsent = 0xFFFFFFFF;
    static constexpr std::size_t kLinear = 8;  // distinct live values searched without an index
    struct Slot {
        T value{};
        std::uint32_t refs = 0;
        std::uint32_t next_free = kAbsent;  // free slots form a list through this field
    };

    std::uint32_t find(const T& value) const {
        if (index_) {
            auto it = index_->find(value);
            return it == index_->end() ? kAbsent : it->second;
        }
        for (std::size_t i = 0; i < slots_.size(); ++i)
            if (slots_[i].refs && slots_[i].value == value) return static_cast<std::uint32_t>(i);
        return kAbsent;
    }
    std::uint32_t insert(const T& value) {
        std::uint32_t n;
        if (free_head_ == kAbsent) {
            n = static_cast<std::uint32_t>(slots_.size());
            slots_.push_back(Slot{value, 0, kAbsent});
        } else {
            n = free_head_;
            free_head_ = slots_[n].next_free;
            slots_[n].value = value;
        }
        ++live_;
        if (index_)
            index_->emplace(value, n);
        else if (live_ > kLinear)
            build_index(n);
        return n;
    }
    void build_index(std::uint32_t just_added) {  // its refs are still 0
        index_ = std::make_unique<typename decltype(index_)::element_type>();
        for (std::uint32_t i = 0; i < slots_.size(); ++i)
            if (slots_[i].refs || i == just_added) index_->emplace(slots_[i].value, i);
    }

    std::vector<Slot, NodeAllocator<Slot>> slots_;
    std::unique_ptr<
        std::map<T, std::uint32_t, std::less<T>, NodeAllocator<std::pair<const T, std::uint32_t>>>>
        index_;
    std::uint32_t live_ = 0;
    std::uint32_t free_head_ = kAbsent;
};

}  // namespace msrt::session
