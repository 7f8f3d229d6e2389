#include "common/table.hpp"

#include <algorithm>
#include <cstring>

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

std::vector<std::size_t> Table::widths() const {
    std::vector<std::size_t> width(headers_.size());
    for (std::size_t c = 0; c < width.size(); ++c) {
        width[c] = headers_[c].size();
        for (std::size_t r = 0; r < rows_; ++r)
            width[c] = std::max(width[c], cell(r, c).size());
    }
    return width;
}

// Lines are laid out in a buffer of spaces, so padding costs nothing, and written a chunk at a time: a
// session of many registrations printed line by line spent more time in fwrite's locking than in layout.
void Table::print(std::FILE* out, const std::string& indent) const {
    constexpr std::size_t kChunk = 64 * 1024;
    std::size_t columns = headers_.size();
    std::vector<std::size_t> width = widths();
    std::size_t line_max = indent.size() + 1;
    for (std::size_t c = 0; c < columns; ++c)
        line_max += width[c] + (c + 1 < columns ? 2 : 0);
    std::string buffer(kChunk + line_max, ' ');
    char* p = buffer.data();
    auto flush = [&] {
        auto used = static_cast<std::size_t>(p - buffer.data());
        std::fwrite(buffer.data(), 1, used, out);
        std::memset(buffer.data(), ' ', used);
        p = buffer.data();
    };
    auto line = [&](auto cell_of) {
        p = std::copy(indent.begin(), indent.end(), p);
        for (std::size_t c = 0; c < columns; ++c) {
            std::string_view text = cell_of(c);
            bool last = c + 1 == columns;
            std::size_t pad = width[c] - text.size();
            std::copy(text.begin(), text.end(), right_[c] ? p + pad : p);
            // The last column is not padded on the left-aligned side: no trailing spaces.
            p += last ? (right_[c] ? width[c] : text.size()) : width[c] + 2;
        }
        *p++ = '\n';
        if (static_cast<std::size_t>(p - buffer.data()) >= kChunk) flush();
    };
    line([this](std::size_t c) { return std::string_view(headers_[c]); });
    for (std::size_t r = 0; r < rows_; ++r)
        line([this, r](std::size_t c) { return cell(r, c); });
    flush();
}

}  // namespace msrt::cli
