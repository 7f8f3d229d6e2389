// Writing frames to a capture file: classic pcap through libpcap, or pcapng (section header, one Ethernet
// interface, enhanced packet blocks). Timestamps are microseconds since the epoch.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "msrt/bytes.hpp"

namespace msrt::synth {

enum class CaptureFormat { Pcap, Pcapng };

std::optional<CaptureFormat> format_from_name(std::string_view name);  // "pcap", "pcapng"
std::optional<CaptureFormat> format_from_path(std::string_view path);  // by the file extension
const char* format_name(CaptureFormat f);

class CaptureWriter {
  public:
    virtual ~CaptureWriter() = default;
    virtual void write(std::int64_t micros, ByteView frame) = 0;
    // Flushes and closes; false with `error` set when the data could not be written.
    virtual bool finish(std::string& error) = 0;
    std::uint64_t frames() const { return frames_; }

  protected:
    std::uint64_t frames_ = 0;
};

// The snapshot length announced in the file headers: no frame is ever cut.
inline constexpr std::uint32_t kSnapLength = 262144;

std::unique_ptr<CaptureWriter> open_pcap(const std::string& path, std::string& error);
std::unique_ptr<CaptureWriter> open_pcapng(const std::string& path, std::string_view application,
                                           std::string& error);
std::unique_ptr<CaptureWriter> open_capture(const std::string& path, CaptureFormat format,
                                            std::string_view application, std::string& error);

}  // namespace msrt::synth
