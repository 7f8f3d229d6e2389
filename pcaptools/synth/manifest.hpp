// The ground-truth manifest beside the capture (docs/manifest.md), written session by session so that its
// size never has to fit in memory.
#pragma once

#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "msrt/profile.hpp"
#include "synth/merger.hpp"

namespace msrt::synth {

// How much of each session the manifest lists: everything, no per-message log, or only counts.
enum class Detail { Full, Tables, Counts };
std::optional<Detail> detail_from_name(std::string_view name);

struct ManifestHeader {
    std::string generator;
    std::string scenario;
    std::uint64_t seed = 0;
    const Profile* profile = nullptr;
    std::string capture;  // file name, without directories
    std::string format;
    std::optional<Micros> capture_start;  // mid-stream: where the capture begins (epoch microseconds)
};

class ManifestWriter final : public SessionSink {
  public:
    ManifestWriter(std::FILE* out, const ManifestHeader& header, Detail detail);
    void session(std::unique_ptr<SessionTruth> s) override;
    // Writes what is still buffered and the closing fields; false if the file could not be written.
    bool finish(const MergeStats& stats);

  private:
    void write_ready();
    void write_session(const SessionTruth& s);

    std::FILE* out_;
    const Profile& profile_;
    Detail detail_;
    std::map<std::uint64_t, std::unique_ptr<SessionTruth>> waiting_;  // finished early, written in order
    std::uint64_t next_ = 0;
    bool first_ = true;
};

// Re-indents compact JSON: the outer two levels of containers whose compact form exceeds `width` get one
// element per line; deeper ones stay on one line.
std::string pretty_json(std::string_view compact, int indent, std::size_t width = 100);

}  // namespace msrt::synth
