// RFC 4180 rows: cells quoted only when they hold a comma, a quote or a newline.
#pragma once

#include <cstdio>
#include <initializer_list>
#include <string>
#include <string_view>

namespace msrt::cli {

// Appends `cell` to `line` as CSV (quoted if it must be), without the separator.
void append_csv_cell(std::string& line, std::string_view cell);
// The most a cell of n octets takes: every octet a quote (doubled), and the cell quoted.
constexpr std::size_t csv_cell_room(std::size_t n) {
    return 2 * n + 2;
}
// The cell as append_csv_cell appends it, written at `out`, which has room for csv_cell_room(cell.size());
// returns the end.
char* write_csv_cell(char* out, std::string_view cell);
void csv_row(std::FILE* out, std::initializer_list<std::string_view> cells);

}  // namespace msrt::cli
