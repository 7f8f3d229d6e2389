#include "sessions/session_output.hpp"

namespace msrt::cli {
namespace {

// Written texts kept for their storage: enough for both renderers and a few rendered ahead.
constexpr std::size_t kSpareTexts = 4;

}  // namespace

class SessionOutputQueue::SlotSpill final : public TextSpill {
  public:
    SlotSpill(SessionOutputQueue& queue, const Slot& slot) : queue_(queue), slot_(slot) {}
    void spill(std::string& text) override { queue_.spill(slot_, text); }

  private:
    SessionOutputQueue& queue_;
    const Slot& slot_;
};

void SessionOutputQueue::push(std::unique_ptr<SessionState> s) {
    std::vector<std::unique_ptr<SessionState>> done;
    std::size_t waiting = 0;
    {
        std::lock_guard lock(mutex_);
        interpreter_ = std::this_thread::get_id();
        slots_.push_back(Slot{std::move(s), {}, false});
        waiting = slots_.size() - taken_;
        if (!written_.empty()) done.swap(written_);
    }
    done.clear();  // freed here, on the interpreting thread
    for (; waiting > max_waiting_; --waiting)
        if (!write_one()) break;
    // Texts rendered here wait behind one the other thread is still rendering: not too many of them.
    std::unique_lock lock(mutex_);
    written_cv_.wait(lock, [this] { return taken_ <= 2 * max_waiting_; });
}

bool SessionOutputQueue::write_one() {
    Slot* slot = nullptr;
    std::string text;
    unsigned renderer = 1;
    {
        std::lock_guard lock(mutex_);
        if (taken_ == slots_.size()) return false;
        slot = &slots_[taken_++];
        if (!spare_texts_.empty()) {
            text = std::move(spare_texts_.back());
            spare_texts_.pop_back();
        }
        renderer = interpreter_ == std::this_thread::get_id() ? 0 : 1;
    }
    text.clear();
    SlotSpill spill(*this, *slot);
    renderer_.render(*slot->session, text, renderer, spill);
    {
        std::lock_guard lock(mutex_);
        slot->text = std::move(text);
        slot->done = true;
    }
    written_cv_.notify_all();  // a renderer waiting to spill may now write this one out
    write_rendered();
    return true;
}

bool SessionOutputQueue::front_rendered() {
    std::lock_guard lock(mutex_);
    return !slots_.empty() && slots_.front().done;
}

// Whoever finds the writing taken leaves it to the other thread, which looks again once it is done: a text
// rendered meanwhile is not left behind.
void SessionOutputQueue::write_rendered() {
    while (front_rendered()) {
        std::unique_lock write(writing_, std::try_to_lock);
        if (!write.owns_lock()) return;
        for (;;) {
            Slot slot;
            {
                std::lock_guard lock(mutex_);
                if (slots_.empty() || !slots_.front().done) break;
                slot = std::move(slots_.front());
                slots_.pop_front();
                --taken_;
            }
            std::fwrite(slot.text.data(), 1, slot.text.size(), out_);
            {
                std::lock_guard lock(mutex_);
                written_.push_back(std::move(slot.session));
                if (spare_texts_.size() < kSpareTexts) spare_texts_.push_back(std::move(slot.text));
            }
            written_cv_.notify_all();
        }
    }
}

// The sessions before `slot` are rendered or being rendered (slots are taken in order), by threads that wait
// for nothing but earlier slots: the wait ends. Meanwhile this thread writes out what it can.
void SessionOutputQueue::spill(const Slot& slot, std::string& text) {
    for (;;) {
        write_rendered();
        std::unique_lock lock(mutex_);
        if (&slots_.front() == &slot) break;
        written_cv_.wait(lock, [&] { return &slots_.front() == &slot || slots_.front().done; });
    }
    // The other thread may be in write_rendered(), about to find this slot unfinished and leave.
    std::lock_guard write(writing_);
    std::fwrite(text.data(), 1, text.size(), out_);
    text.clear();
}

void SessionOutputQueue::finish() {
    while (write_one()) {
    }
    write_rendered();
    std::lock_guard lock(mutex_);
    written_.clear();
}

}  // namespace msrt::cli
