// RFC 4180 rows: cells quoted only when they hold a comma, a quote or a newline.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

namespace msrt::cli {

void csv_row(std::FILE* out, const std::vector<std::string>& cells);

}  // namespace msrt::cli
