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

TEST_CASE("Table: empty until a row is added; headers alone set the widths") {
    msrt::cli::Table t({"IID", "EID-prefix"});
    CHECK(t.empty());
    t.row({"", ""});
    CHECK_FALSE(t.empty());
    CHECK(printed(t, "") == "IID  EID-prefix\n     \n");
}
