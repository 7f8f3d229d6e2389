// The frame builder moved to common/frame.hpp (shared with `msrt emulate --write`); this forward keeps
// existing includes working.
#pragma once

#include "common/frame.hpp"
