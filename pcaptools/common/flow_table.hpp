// The per-packet lookup from a connection's addresses and ports to its state: open addressing with linear
// probing, keys and hashes stored in the slots, so that a lookup costs one cache miss, not a chain walk.
#pragma once

#include <cstdint>
#include <vector>

#include "common/packet.hpp"

namespace msrt::cli {

struct FlowKey {
    IpAddr a;
    IpAddr b;
    std::uint16_t port_a = 0;
    std::uint16_t port_b = 0;
    friend bool operator==(const FlowKey& x, const FlowKey& y) {
        return x.port_a == y.port_a && x.port_b == y.port_b && same_ip(x.a, y.a) && same_ip(x.b, y.b);
    }
};

std::uint64_t flow_hash(const FlowKey& k);

template <class Value>
class FlowTable {
  public:
    explicit FlowTable(std::size_t initial = 4096) : slots_(round_up(initial)) {}

    Value* find(const FlowKey& key) {
        std::uint64_t h = flow_hash(key);
        for (std::size_t i = h & mask();; i = (i + 1) & mask()) {
            Slot& s = slots_[i];
            if (!s.used) return nullptr;
            if (s.hash == h && s.key == key) return &s.value;
        }
    }

    // The value for `key`, default-constructed if the key is new.
    Value& insert(const FlowKey& key) {
        if ((size_ + 1) * 10 > slots_.size() * 7) grow();
        std::uint64_t h = flow_hash(key);
        std::size_t i = h & mask();
        for (; slots_[i].used; i = (i + 1) & mask())
            if (slots_[i].hash == h && slots_[i].key == key) return slots_[i].value;
        slots_[i] = Slot{h, key, Value{}, true};
        ++size_;
        return slots_[i].value;
    }

    void erase(const FlowKey& key) {
        std::uint64_t h = flow_hash(key);
        std::size_t i = h & mask();
        for (; slots_[i].used; i = (i + 1) & mask())
            if (slots_[i].hash == h && slots_[i].key == key) return remove(i);
    }

    template <class F>
    void for_each(F f) {
        for (Slot& s : slots_)
            if (s.used) f(s.key, s.value);
    }

    void clear() {
        for (Slot& s : slots_)
            s = Slot{};
        size_ = 0;
    }
    std::size_t size() const { return size_; }

  private:
    struct Slot {
        std::uint64_t hash = 0;
        FlowKey key;
        Value value{};
        bool used = false;
    };

    static std::size_t round_up(std::size_t n) {
        std::size_t c = 16;
        while (c < n)
            c *= 2;
        return c;
    }
    std::size_t mask() const { return slots_.size() - 1; }

    // Backward-shift deletion: later members of the probe run move up, so no tombstones accumulate.
    void remove(std::size_t hole) {
        for (std::size_t j = (hole + 1) & mask(); slots_[j].used; j = (j + 1) & mask()) {
            std::size_t home = slots_[j].hash & mask();
            bool movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
            if (!movable) continue;
            slots_[hole] = std::move(slots_[j]);
            hole = j;
        }
        slots_[hole] = Slot{};
        --size_;
    }

    void grow() {
        std::vector<Slot> old(slots_.size() * 2);
        old.swap(slots_);
        size_ = 0;
        for (Slot& s : old) {
            if (!s.used) continue;
            std::size_t i = s.hash & mask();
            while (slots_[i].used)
                i = (i + 1) & mask();
            slots_[i] = std::move(s);
            ++size_;
        }
    }

    std::vector<Slot> slots_;
    std::size_t size_ = 0;
};

}  // namespace msrt::cli
