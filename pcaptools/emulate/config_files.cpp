#include "emulate/config_files.hpp"

#include <fstream>
#include <sstream>

namespace msrt::cli {
namespace {

Result<std::string> read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error{path, 0, "cannot be read"};
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

template <class T>
Result<T> named(Result<T> r, const std::string& path) {
    if (r) return r;
    Error e = r.error();
    e.field = path + ": " + e.field;
    return e;
}

}  // namespace

Result<emulation::Policy> load_policy(const std::string& path) {
    Result<std::string> text = read_text(path);
    if (!text) return text.error();
    return named(emulation::parse_policy(*text), path);
}

Result<std::vector<emulation::TimedPolicy>> load_policy_schedule(const std::string& path) {
    Result<std::string> text = read_text(path);
    if (!text) return text.error();
    return named(emulation::parse_policy_schedule(*text), path);
}

Result<emulation::EtrConfig> load_etr_config(const std::string& path) {
    Result<std::string> text = read_text(path);
    if (!text) return text.error();
    return named(emulation::parse_etr_config(*text), path);
}

}  // namespace msrt::cli
