// Timestamps as the tools print and accept them: epoch seconds with 6 decimals (JSON, CSV, manifests) and
// ISO-8601 UTC (tables, --at).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "msrt/session/types.hpp"

namespace msrt::cli {

std::string epoch_text(Micros t);  // "1700000000.000000"
// The same text without a temporary (JSON output writes several per registration): into `out`, which has
// room for 28 characters, returning the end; or appended to a string.
char* epoch_chars(char* out, Micros t);
void append_epoch(std::string& out, Micros t);
std::string iso_text(Micros t);  // "2023-11-14T22:13:20.000000Z"
// The same at `out`, which has room for kIsoChars, returning the end: `msrt events` writes one per line.
inline constexpr std::size_t kIsoChars = 72;  // date_time's buffer (64), the micros and the Z
char* iso_chars(char* out, Micros t);
// A signed duration in seconds with 6 decimals ("0.000427", "-1.500000"), appended to `out`.
void append_seconds(std::string& out, Micros duration);
inline constexpr std::size_t kSecondsChars = 28;  // "-9223372036854.775808"
char* seconds_chars(char* out, Micros duration);  // the same at `out` (room for kSecondsChars); the end
std::string clock_text(Micros t);                 // "22:13:20.000000" (table cells)
// "1700000000", "1700000000.25", "2023-11-14T22:13:20Z", "2023-11-14T22:13:20.5", "2023-11-14 22:13:20".
std::optional<Micros> parse_time(std::string_view text);
// A duration in seconds, not negative: "12", "12.5".
std::optional<Micros> parse_seconds(std::string_view text);

}  // namespace msrt::cli
