// Aligned human-readable tables: columns sized to their widest cell, numbers right-aligned.
#pragma once

#include <cstdio>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace msrt::cli {

class Table {
  public:
    explicit Table(std::vector<std::string> headers, std::vector<bool> right_aligned = {});
    // The cells are copied: missing ones are empty, extra ones dropped.
    void row(std::initializer_list<std::string_view> cells);
    void print(std::FILE* out, const std::string& indent = "") const;    // written a chunk at a time
    void print(std::string& out, const std::string& indent = "") const;  // appended
    bool empty() const { return rows_ == 0; }

  private:
    std::vector<std::size_t> widths() const;  // of each column: its widest cell or header
    // Appends the lines to `out`, calling `after_line(out)` after each.
    template <class AfterLine>
    void lay_out(std::string& out, const std::string& indent, AfterLine after_line) const;

    std::vector<std::string> headers_;
    std::vector<char> right_;  // per column: right-aligned (not vector<bool>: read for every cell)
    // Every cell's characters in one buffer: `msrt sessions` prints a row per registration of a large
    // capture, and a string per cell (and a vector per row) made the allocator its largest cost.
    std::string text_;
    std::vector<std::size_t> ends_;  // where each cell ends in text_, row after row
    std::size_t rows_ = 0;
};

// The same layout for a table too large to hold: the rows are given twice, first to measure the columns, then
// to be laid out one by one as they come (the caller produces the cells twice, but holds none of them).
class StreamedTable {
  public:
    explicit StreamedTable(std::vector<std::string> headers, std::vector<bool> right_aligned = {});
    void measure(std::initializer_list<std::string_view> cells);  // first pass, every row
    std::size_t rows() const { return rows_; }                    // measured
    void header(std::string& out, const std::string& indent) const;
    // Second pass, the same rows in the same order: appended to `out`.
    void row(std::string& out, const std::string& indent,
             std::initializer_list<std::string_view> cells) const;

  private:
    std::vector<std::string> headers_;
    std::vector<char> right_;
    std::vector<std::size_t> widths_;
    std::size_t rows_ = 0;
};

}  // namespace msrt::cli
