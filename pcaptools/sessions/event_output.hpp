// Writes events as they come: fixed-width text lines (streamed, so no column sizing), JSON Lines, or CSV.
#pragma once

#include <cstdio>

#include "sessions/events.hpp"
#include "sessions/options.hpp"

namespace msrt::cli {

class EventWriter {
  public:
    EventWriter(std::FILE* out, const Options& o);
    void write(const Event& e);

  private:
    void text(const Event& e);
    void json(const Event& e);
    void csv(const Event& e);

    std::FILE* out_;
    Format format_;
};

}  // namespace msrt::cli
