#include "sessions/csv.hpp"

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

void append_csv_cell(std::string& line, std::string_view cell) {
    if (!needs_quotes(cell)) {
        line += cell;
        return;
    }
    line += '"';
    for (char c : cell) {
        if (c == '"') line += '"';
        line += c;
    }
    line += '"';
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
