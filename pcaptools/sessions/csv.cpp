#include "sessions/csv.hpp"

namespace msrt::cli {
namespace {

std::string csv_cell(const std::string& v) {
    if (v.find_first_of(",\"\n") == std::string::npos) return v;
    std::string q = "\"";
    for (char c : v)
        q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}

}  // namespace

void csv_row(std::FILE* out, const std::vector<std::string>& cells) {
    std::string line;
    for (std::size_t i = 0; i < cells.size(); ++i)
        line += (i ? "," : "") + csv_cell(cells[i]);
    std::fprintf(out, "%s\n", line.c_str());
}

}  // namespace msrt::cli
