// Aligned tables (common/table.hpp): column widths, alignment, missing and extra cells.
#include <catch2/catch.hpp>
#include <cstdio>
#include <string>

#include "common/table.hpp"

namespace {

std::string printed(const msrt::cli::Table& t, const std::string& indent) {
    char* text = nullptr;
    std::size_t size = 0;
    std::FILE* f = open_memstream(&text, &size);
    t.print(f, indent);
    std::fclose(f);
    std::string out(text, size);
    std::free(text);
    return out;
}

}  // namespace

TEST_CASE("Table: columns as wide as their widest cell, numbers right-aligned, the last column unpadded") {
    msrt::cli::Table t({"Name", "N", "Note"}, {false, true, false});
    t.row({"alpha", "7", "first"});
    t.row({"b", "1234", ""});
    t.row({"c"});                               // missing cells are empty
    t.row({"d", "5", "x", "dropped", "more"});  // extra cells are dropped
    CHECK(printed(t, "  ") ==
          "  Name      N  Note\n"
          "  alpha     7  first\n"
          "  b      1234  \n"
          "  c            \n"
          "  d         5  x\n");
}

TEST_CASE("Table: empty until a row is added, headers alone set the widths") {
    msrt::cli::Table t({"IID", "EID-prefix"});
    CHECK(t.empty());
    t.row({"", ""});
    CHECK_FALSE(t.empty());
    CHECK(printed(t, "") == "IID  EID-prefix\n     \n");
}

// Printed a chunk at a time: lines of every length, across many chunk boundaries, come out as a plain
// line-by-line layout would write them (short last cells leave no spaces behind from longer lines before).
TEST_CASE("Table: a table larger than the print buffer keeps every line intact") {
    msrt::cli::Table t({"Row", "Count", "Text"}, {false, true, false});
    std::string expected = "> Row    Count  Text\n";
    for (int i = 0; i < 5000; ++i) {
        std::string row = "r" + std::to_string(i), count = std::to_string(i * 7 % 1000);
        std::string text(static_cast<std::size_t>(i % 13), static_cast<char>('a' + i % 26));
        t.row({row, count, text});
        expected += "> " + row + std::string(5 - row.size(), ' ') + "  " +
                    std::string(5 - count.size(), ' ') + count + "  " + text + "\n";
    }
    std::string out = printed(t, "> ");
    CHECK(out.size() > 64 * 1024);
    CHECK(out == expected);
}

// The two-pass table of large sessions lays out exactly what the held table does, missing and extra cells
// included; a row wider than measured is cut to its column instead of overrunning the line.
TEST_CASE("StreamedTable: the same rows given twice give the held table's text") {
    using Cells = std::initializer_list<std::string_view>;
    const std::vector<std::string> headers = {"Name", "N", "Note"};
    const std::vector<bool> right = {false, true, false};
    msrt::cli::Table held(headers, right);
    msrt::cli::StreamedTable streamed(headers, right);
    auto rows = [](auto each) {
        each(Cells{"alpha", "7", "first"});
        each(Cells{"b", "1234", ""});
        each(Cells{"c"});
        each(Cells{"d", "5", "x", "dropped"});
        for (int i = 0; i < 300; ++i)
            each(Cells{std::to_string(i), std::to_string(i * i),
                       std::string(static_cast<std::size_t>(i % 9), 'z')});
    };
    rows([&](Cells c) { held.row(c); });
    rows([&](Cells c) { streamed.measure(c); });
    CHECK(streamed.rows() == 304);
    std::string out;
    streamed.header(out, "  ");
    rows([&](Cells c) { streamed.row(out, "  ", c); });
    CHECK(out == printed(held, "  "));

    std::string wide;
    streamed.row(wide, "", {"a-name-longer-than-measured", "123456789", "note"});
    CHECK(wide == "a-nam  12345  note\n");  // Name and N measured 5 wide
}
