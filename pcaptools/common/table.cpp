#include "common/table.hpp"

#include <algorithm>

#include "common/text_spill.hpp"

namespace msrt::cli {

namespace {

std::vector<char> alignment(const std::vector<bool>& right, std::size_t columns) {
    std::vector<char> out(right.begin(), right.end());
    out.resize(columns, false);
    return out;
}

}  // namespace

Table::Table(std::vector<std::string> headers, std::vector<bool> right_aligned)
    : headers_(std::move(headers)), right_(alignment(right_aligned, headers_.size())) {}

void Table::row(std::initializer_list<std::string_view> cells) {
    auto given = cells.begin();
    for (std::size_t c = 0; c < headers_.size(); ++c) {
        if (given != cells.end()) text_ += *given++;
        ends_.push_back(text_.size());
    }
    ++rows_;
}

// Row by row, in the order the cells are stored: column by column strode through all of them per column.
std::vector<std::size_t> Table::widths() const {
    std::vector<std::size_t> width(headers_.size());
    for (std::size_t c = 0; c < width.size(); ++c)
        width[c] = headers_[c].size();
    std::size_t begin = 0, c = 0;
    for (std::size_t end : ends_) {
        width[c] = std::max(width[c], end - begin);
        begin = end;
        if (++c == width.size()) c = 0;
    }
    return width;
}

namespace {

// One line, in room filled with spaces so that padding costs nothing. The last column is not padded on the
// left-aligned side: no trailing spaces.
template <class CellOf>
void append_line(std::string& out, const std::string& indent, const std::vector<std::size_t>& width,
                 const std::vector<char>& right, CellOf cell_of) {
    std::size_t columns = width.size();
    std::size_t line_max = indent.size() + 1;
    for (std::size_t c = 0; c < columns; ++c)
        line_max += width[c] + (c + 1 < columns ? 2 : 0);
    std::size_t start = out.size();
    out.append(line_max, ' ');
    char* p = std::copy(indent.begin(), indent.end(), out.data() + start);
    for (std::size_t c = 0; c < columns; ++c) {
        std::string_view text = cell_of(c);
        bool last = c + 1 == columns;
        std::size_t pad = width[c] - text.size();
        std::copy(text.begin(), text.end(), right[c] ? p + pad : p);
        p += last ? (right[c] ? width[c] : text.size()) : width[c] + 2;
    }
    *p++ = '\n';
    out.resize(static_cast<std::size_t>(p - out.data()));
}

// The given cells of a row by column: missing ones are empty, extra ones dropped.
std::string_view given_cell(std::initializer_list<std::string_view> cells, std::size_t c) {
    return c < cells.size() ? cells.begin()[c] : std::string_view();
}

}  // namespace

template <class AfterLine>
void Table::lay_out(std::string& out, const std::string& indent, AfterLine after_line) const {
    std::vector<std::size_t> width = widths();
    append_line(out, indent, width, right_, [this](std::size_t c) { return std::string_view(headers_[c]); });
    after_line(out);
    // The cells in the order they are stored (append_line asks for them column by column).
    std::size_t n = 0, begin = 0;
    auto next_cell = [&](std::size_t) {
        std::size_t end = ends_[n++];
        std::string_view text = std::string_view(text_).substr(begin, end - begin);
        begin = end;
        return text;
    };
    for (std::size_t r = 0; r < rows_; ++r) {
        append_line(out, indent, width, right_, next_cell);
        after_line(out);
    }
}

void Table::print(std::string& out, const std::string& indent) const {
    lay_out(out, indent, [](std::string&) {});
}

// A chunk at a time: a table of every registration of a large capture need not be held whole, and a write
// per line spent more time in fwrite's locking than in layout.
void Table::print(std::FILE* out, const std::string& indent) const {
    FileSpill file(out);
    std::string text;
    lay_out(text, indent, [&file](std::string& lines) { spill_if_large(&file, lines); });
    file.spill(text);
}

StreamedTable::StreamedTable(std::vector<std::string> headers, std::vector<bool> right_aligned)
    : headers_(std::move(headers)), right_(alignment(right_aligned, headers_.size())) {
    for (const std::string& h : headers_)
        widths_.push_back(h.size());
}

void StreamedTable::measure(std::initializer_list<std::string_view> cells) {
    for (std::size_t c = 0; c < widths_.size(); ++c)
        widths_[c] = std::max(widths_[c], given_cell(cells, c).size());
    ++rows_;
}

void StreamedTable::header(std::string& out, const std::string& indent) const {
    append_line(out, indent, widths_, right_,
                [this](std::size_t c) { return std::string_view(headers_[c]); });
}

// A row wider than measured would overrun its room: it is cut to the measured width (a caller's mistake,
// never a crash).
void StreamedTable::row(std::string& out, const std::string& indent,
                        std::initializer_list<std::string_view> cells) const {
    append_line(out, indent, widths_, right_,
                [&](std::size_t c) { return given_cell(cells, c).substr(0, widths_[c]); });
}

}  // namespace msrt::cli
