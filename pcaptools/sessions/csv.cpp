#include "sessions/csv.hpp"

namespace msrt::cli {

void append_csv_cell(std::string& line, std::string_view cell) {
    if (cell.find_first_of(",\"\n") == std::string_view::npos) {
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
