// CSV cells and rows (sessions/csv.hpp): RFC 4180 quoting only where a cell needs it.
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "sessions/csv.hpp"

using msrt::cli::append_csv_cell;

namespace {

std::string cell(std::string_view v) {
    std::string line = "x";  // appends
    append_csv_cell(line, v);
    return line.substr(1);
}

}  // namespace

TEST_CASE("CSV cells: quoted only with a comma, a quote or a newline, quotes doubled") {
    CHECK(cell("") == "");
    CHECK(cell("192.0.2.10 1/100 255/0 0x5; 192.0.2.11 2/50 255/0 0x5") ==
          "192.0.2.10 1/100 255/0 0x5; 192.0.2.11 2/50 255/0 0x5");
    CHECK(cell("a,b") == "\"a,b\"");
    CHECK(cell("say \"hi\"") == "\"say \"\"hi\"\"\"");
    CHECK(cell("two\nlines") == "\"two\nlines\"");
}

TEST_CASE("CSV rows: cells joined by commas, empty ones kept, one line each") {
    char* text = nullptr;
    std::size_t size = 0;
    std::FILE* f = open_memstream(&text, &size);
    msrt::cli::csv_row(f, {"", "a,b", "", "c"});
    msrt::cli::csv_row(f, {"only"});
    std::fclose(f);
    std::string out(text, size);
    std::free(text);
    CHECK(out == ",\"a,b\",,c\nonly\n");
}
