#include "common/table.hpp"

#include <algorithm>

namespace msrt::cli {

Table::Table(std::vector<std::string> headers, std::vector<bool> right_aligned)
    : headers_(std::move(headers)), right_(std::move(right_aligned)) {
    right_.resize(headers_.size(), false);
}

void Table::row(std::initializer_list<std::string_view> cells) {
    auto given = cells.begin();
    for (std::size_t c = 0; c < headers_.size(); ++c) {
        if (given != cells.end()) text_ += *given++;
        ends_.push_back(text_.size());
    }
    ++rows_;
}

std::string_view Table::cell(std::size_t row, std::size_t column) const {
    std::size_t n = row * headers_.size() + column;
    std::size_t begin = n == 0 ? 0 : ends_[n - 1];
    return std::string_view(text_).substr(begin, ends_[n] - begin);
}

void Table::print(std::FILE* out, const std::string& indent) const {
    std::size_t columns = headers_.size();
    std::vector<std::size_t> width(columns);
    for (std::size_t c = 0; c < columns; ++c) {
        width[c] = headers_[c].size();
        for (std::size_t r = 0; r < rows_; ++r)
            width[c] = std::max(width[c], cell(r, c).size());
    }
    std::string s;  // one buffer for every line
    auto line = [&](auto cell_of) {
        s.assign(indent);
        for (std::size_t c = 0; c < columns; ++c) {
            std::string_view text = cell_of(c);
            std::size_t pad = width[c] - text.size();
            bool last = c + 1 == columns;
            if (right_[c]) s.append(pad, ' ');
            s += text;
            if (!right_[c] && !last) s.append(pad, ' ');
            if (!last) s += "  ";
        }
        s += '\n';
        std::fwrite(s.data(), 1, s.size(), out);
    };
    line([this](std::size_t c) { return std::string_view(headers_[c]); });
    for (std::size_t r = 0; r < rows_; ++r)
        line([this, r](std::size_t c) { return cell(r, c); });
}

}  // namespace msrt::cli
