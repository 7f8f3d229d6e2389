#include "common/rlocs_json.hpp"

#include <string_view>
#include <utility>

#include "common/address_text.hpp"
#include "common/json.hpp"

namespace msrt::cli {

void append_address_json(std::string& out, const session::PackedAddress& a) {
    out += '"';
    if (append_address_text(out, a.afi(), a.octets.data())) {
        out += '"';
        return;
    }
    out.pop_back();
    append_json_string(out, a.str());
}

void append_rlocs_json(std::string& out, const session::RlocSet& rlocs) {
    out += '[';
    for (const session::Rloc& r : rlocs) {
        if (&r != &rlocs.front()) out += ',';
        out += "{\"address\":";
        append_address_json(out, r.address);
        const std::pair<std::string_view, unsigned> numbers[] = {{",\"priority\":", r.priority},
                                                                 {",\"weight\":", r.weight},
                                                                 {",\"m_priority\":", r.m_priority},
                                                                 {",\"m_weight\":", r.m_weight},
                                                                 {",\"flags\":", r.flags}};
        for (const auto& [key, value] : numbers) {
            out += key;
            append_json_uint(out, value);
        }
        out += '}';
    }
    out += ']';
}

}  // namespace msrt::cli
