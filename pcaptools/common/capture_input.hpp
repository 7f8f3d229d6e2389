// Capture files (pcap or pcapng, through libpcap) read as one sequence of packets in timestamp order.
#pragma once

#include <pcap/pcap.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/packet.hpp"
#include "msrt/session/types.hpp"

namespace msrt::cli {

struct RawPacket {
    std::size_t input = 0;  // index into the paths given to open()
    int linktype = 0;
    Micros time = 0;
    ByteView data;  // captured octets; valid until the next call to next()
    std::uint32_t wire_length = 0;
};

class CaptureInputs {
  public:
    CaptureInputs() = default;
    ~CaptureInputs();
    CaptureInputs(const CaptureInputs&) = delete;
    CaptureInputs& operator=(const CaptureInputs&) = delete;

    // Opens every input ("-" is standard input). On failure `error` says which file and why.
    bool open(const std::vector<std::string>& paths, std::string& error);
    // The next packet of all inputs together, earliest timestamp first (ties: earlier input first).
    // A read error ends that input and is reported to `problems`.
    bool next(RawPacket& out, ProblemSink& problems);

    const std::string& path(std::size_t input) const { return inputs_[input].path; }
    std::uint64_t total_bytes() const;  // 0 when unknown (standard input)
    std::uint64_t bytes_read() const;

  private:
    struct Input {
        std::string path;
        pcap_t* pcap = nullptr;
        std::unique_ptr<char[]> buffer;  // the file's stdio buffer: outlives `pcap` (see the destructor)
        int linktype = 0;
        std::uint64_t size = 0;
        pcap_pkthdr* header = nullptr;
        const std::uint8_t* data = nullptr;
        bool ended = false;
    };

    bool advance(std::size_t input, ProblemSink& problems);
    bool later(std::size_t a, std::size_t b) const;

    std::vector<Input> inputs_;
    std::vector<std::size_t> heap_;      // inputs holding a packet, earliest on top
    std::size_t handed_out_ = SIZE_MAX;  // its packet is still in use until the next call
};

// The latest frame time of all inputs, read through once before they are read for real (msrt state --at
// end-S needs its moment before building the state): none when they hold no frames. False when an input
// cannot be opened (`error` says which and why); read errors end an input here as in the real pass. A long
// pass shows a progress line labelled `label` (when `progress` and stderr is a terminal).
bool latest_frame_time(const std::vector<std::string>& paths, std::optional<Micros>& latest,
                       std::string& error, const std::string& label, bool progress);

}  // namespace msrt::cli
