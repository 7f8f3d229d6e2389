#include "sessions/session_output.hpp"

namespace msrt::cli {

void SessionOutputQueue::push(std::unique_ptr<SessionState> s) {
    std::vector<std::unique_ptr<SessionState>> done;
    {
        std::lock_guard lock(mutex_);
        waiting_.push_back(std::move(s));
        if (!written_.empty()) done.swap(written_);
    }
    // `done` is freed here, on this thread.
}

void SessionOutputQueue::write() {
    {
        std::lock_guard lock(mutex_);
        if (waiting_.empty()) return;
        writing_.swap(waiting_);
    }
    for (const auto& s : writing_)
        writer_.on_session_end(*s);
    std::lock_guard lock(mutex_);
    for (auto& s : writing_)
        written_.push_back(std::move(s));
    writing_.clear();
}

void SessionOutputQueue::finish() {
    write();
    std::lock_guard lock(mutex_);
    written_.clear();
}

}  // namespace msrt::cli
