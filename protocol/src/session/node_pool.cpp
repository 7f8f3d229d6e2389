#include "msrt/session/node_pool.hpp"

namespace msrt::session::detail {

void* new_slab(std::size_t bytes) {
    static std::mutex mutex;
    static std::vector<std::unique_ptr<char[]>>* slabs =
        new std::vector<std::unique_ptr<char[]>>;  // never freed
    std::lock_guard lock(mutex);
    slabs->push_back(std::make_unique_for_overwrite<char[]>(bytes));
    return slabs->back().get();
}

}  // namespace msrt::session::detail
