// Work handed over by one thread (the producer) and done one item at a time, in the order given, by whichever
// thread takes it: the reader of a two-thread pipeline while it would otherwise wait, or the producer itself
// when more than a few items wait (so that memory stays flat). Done items go back to the producer, which
// reuses their storage or frees them on its own thread.
#pragma once

#include <cstddef>
#include <deque>
#include <mutex>
#include <vector>

namespace msrt::cli {

template <class Item>
class SerialQueue {
  public:
    explicit SerialQueue(std::size_t max_waiting) : max_waiting_(max_waiting) {}

    // The producer: adds an item; while more than `max_waiting` wait, does the oldest itself with `work`
    // (after the other thread's, if it is doing one).
    template <class Work>
    void push(Item item, Work work) {
        std::size_t n = 0;
        {
            std::lock_guard lock(mutex_);
            waiting_.push_back(std::move(item));
            n = waiting_.size();
        }
        for (; n > max_waiting_; --n)
            do_one(true, work);
    }
    // Either thread: does the oldest item with `work(Item&)`, unless none waits or the other thread is doing
    // one (with `wait`: after it). Returns whether it did one.
    template <class Work>
    bool do_one(bool wait, Work work) {
        std::unique_lock doing(doing_, std::defer_lock);
        if (wait)
            doing.lock();
        else if (!doing.try_lock())
            return false;
        Item item;
        {
            std::lock_guard lock(mutex_);
            if (waiting_.empty()) return false;
            item = std::move(waiting_.front());
            waiting_.pop_front();
        }
        work(item);
        std::lock_guard lock(mutex_);
        done_.push_back(std::move(item));
        return true;
    }
    // The producer: the items done since it last asked.
    std::vector<Item> take_done() {
        std::vector<Item> out;
        std::lock_guard lock(mutex_);
        out.swap(done_);
        return out;
    }
    std::size_t waiting() {
        std::lock_guard lock(mutex_);
        return waiting_.size();
    }

  private:
    std::size_t max_waiting_;
    std::mutex doing_;  // held while an item is done: one at a time, in order
    std::mutex mutex_;  // the members below
    std::deque<Item> waiting_;
    std::vector<Item> done_;
};

}  // namespace msrt::cli
