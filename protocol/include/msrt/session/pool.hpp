// Interned values shared by many table entries: an ETR usually registers every EID with the same locator
// set and the same xTR-ID/Site-ID, so entries hold a 32-bit number instead of a copy. Reference-counted,
// so sets that no entry uses any more are freed (long sessions with churning locators stay bounded).
#pragma once

#include <cstdint>
#include <map>
#include <vector>

namespace msrt::session {

template <class T>
class Pool {
  public:
    std::uint32_t acquire(const T& value) {
        auto it = index_.find(value);
        if (it == index_.end()) it = index_.emplace(value, allocate()).first;
        Slot& s = slots_[it->second];
        s.value = &it->first;
        ++s.refs;
        return it->second;
    }
    void release(std::uint32_t n) {
        Slot& s = slots_[n];
        if (--s.refs != 0) return;
        index_.erase(*s.value);
        s.value = nullptr;
        free_.push_back(n);
    }
    const T& get(std::uint32_t n) const { return *slots_[n].value; }
    std::size_t live() const { return index_.size(); }

  private:
    struct Slot {
        const T* value = nullptr;
        std::uint32_t refs = 0;
    };
    std::uint32_t allocate() {
        if (free_.empty()) {
            slots_.push_back({});
            return static_cast<std::uint32_t>(slots_.size() - 1);
        }
        std::uint32_t n = free_.back();
        free_.pop_back();
        return n;
    }

    std::map<T, std::uint32_t> index_;  // map nodes do not move, so slots may point at the keys
    std::vector<Slot> slots_;
    std::vector<std::uint32_t> free_;
};

}  // namespace msrt::session
