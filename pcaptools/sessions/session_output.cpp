#include "sessions/session_output.hpp"

namespace msrt::cli {

void SessionOutputQueue::push(std::unique_ptr<SessionState> s) {
    std::vector<std::unique_ptr<SessionState>> done;
    std::size_t waiting = 0;
    {
        std::lock_guard lock(mutex_);
        interpreter_ = std::this_thread::get_id();
        waiting_.push_back(std::move(s));
        waiting = waiting_.size();
        if (!written_.empty()) done.swap(written_);
    }
    done.clear();  // freed here, on the interpreting thread
    for (; waiting > max_waiting_; --waiting)
        if (!write_one()) break;  // the reader is writing one
}

bool SessionOutputQueue::write_one() {
    std::unique_lock write(writing_, std::try_to_lock);
    if (!write.owns_lock()) return false;
    std::unique_ptr<SessionState> s;
    bool on_interpreter = false;
    {
        std::lock_guard lock(mutex_);
        if (waiting_.empty()) return false;
        s = std::move(waiting_.front());
        waiting_.pop_front();
        on_interpreter = interpreter_ == std::this_thread::get_id();
    }
    writer_.on_session_end(*s);
    if (!on_interpreter) {
        std::lock_guard lock(mutex_);
        written_.push_back(std::move(s));
    }
    return true;
}

void SessionOutputQueue::finish() {
    while (write_one()) {
    }
    std::lock_guard lock(mutex_);
    written_.clear();
}

}  // namespace msrt::cli
