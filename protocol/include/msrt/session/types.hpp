// Vocabulary shared by everything that follows a session: the plugin, the capture tools, the emulator.
#pragma once

#include <cstdint>

namespace msrt {

using Micros = std::int64_t;  // a timestamp, microseconds since the epoch

enum class Direction : std::uint8_t { EtrToMs, MsToEtr };

inline const char* direction_key(Direction d) { return d == Direction::EtrToMs ? "etr_to_ms" : "ms_to_etr"; }

}  // namespace msrt
