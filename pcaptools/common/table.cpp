#include "common/table.hpp"

#include <algorithm>

namespace msrt::cli {

Table::Table(std::vector<std::string> headers, std::vector<bool> right_aligned)
    : headers_(std::move(headers)), right_(std::move(right_aligned)) {
    right_.resize(headers_.size(), false);
}

void Table::row(std::vector<std::string> cells) {
    cells.resize(headers_.size());
    rows_.push_back(std::move(cells));
}

void Table::print(std::FILE* out, const std::string& indent) const {
    std::vector<std::size_t> width(headers_.size());
    for (std::size_t c = 0; c < headers_.size(); ++c) {
        width[c] = headers_[c].size();
        for (const auto& r : rows_)
            width[c] = std::max(width[c], r[c].size());
    }
    // One buffer for every line: `msrt sessions` prints a row per registration of a large capture.
    std::string s;
    auto line = [&](const std::vector<std::string>& cells) {
        s.assign(indent);
        for (std::size_t c = 0; c < cells.size(); ++c) {
            std::size_t pad = width[c] - cells[c].size();
            bool last = c + 1 == cells.size();
            if (right_[c]) s.append(pad, ' ');
            s += cells[c];
            if (!right_[c] && !last) s.append(pad, ' ');
            if (!last) s += "  ";
        }
        std::fputs(s.c_str(), out);
        std::fputc('\n', out);
    };
    line(headers_);
    for (const auto& r : rows_)
        line(r);
}

}  // namespace msrt::cli
