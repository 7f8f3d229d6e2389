#include "sessions/csv.hpp"

#include <algorithm>

namespace msrt::cli {

namespace {

// Not string_view::find_first_of: libstdc++ runs memchr over the set for every character, which was a sixth
// of `msrt sessions --csv`.
bool needs_quotes(std::string_view cell) {
    for (char c : cell)
        if (c == ',' || c == '"' || c == '\n') return true;
    return false;
}

}  // namespace

char* write_csv_cell(char* out, std::string_view cell) {
    if (!needs_quotes(cell))
        return std::copy(cell.begin(), cell.end(), out);  // memcpy: not with a null empty view
    *out++ = '"';
    for (char c : cell) {
        if (c == '"') *out++ = '"';
        *out++ = c;
    }
    *out++ = '"';
    return out;
}

void append_csv_cell(std::string& line, std::string_view cell) {
    if (!needs_quotes(cell)) {  // nearly every cell: no room made (and zeroed) for the worst case
        line += cell;
        return;
    }
    std::size_t at = line.size();
    line.resize(at + csv_cell_room(cell.size()));
    line.resize(static_cast<std::size_t>(write_csv_cell(line.data() + at, cell) - line.data()));
}

void csv_row(std::FILE* out, std::initializer_list<std::string_view> cells) {
    std::string line;
    bool first = true;
    for (std::string_view c : cells) {
        if (!first) line += ',';
        first = false;
        append_csv_cell(line, c);
    }
    line += '\n';
    std::fwrite(line.data(), 1, line.size(), out);
}

}  // namespace msrt::cli
