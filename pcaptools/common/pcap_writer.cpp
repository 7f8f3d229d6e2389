// Classic pcap through libpcap's own dump writer.
#include <pcap/pcap.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "common/capture_writer.hpp"

namespace msrt::synth {
namespace {

// Large stdio buffers matter for multi-GB runs; libpcap writes every record with two small fwrites.
constexpr std::size_t kBufferSize = 1 << 20;

class PcapWriter final : public CaptureWriter {
  public:
    PcapWriter(pcap_t* handle, pcap_dumper_t* dumper) : handle_(handle), dumper_(dumper) {}
    ~PcapWriter() override { close(); }

    void write(std::int64_t micros, ByteView frame) override {
        pcap_pkthdr h{};
        h.ts.tv_sec = static_cast<time_t>(micros / 1'000'000);
        h.ts.tv_usec = static_cast<suseconds_t>(micros % 1'000'000);
        h.caplen = h.len = static_cast<bpf_u_int32>(frame.size());
        pcap_dump(reinterpret_cast<u_char*>(dumper_), &h, frame.data());
        ++frames_;
    }

    bool finish(std::string& error) override {
        bool ok = pcap_dump_flush(dumper_) == 0 && !std::ferror(pcap_dump_file(dumper_));
        if (!ok) error = std::strerror(errno);
        close();
        return ok;
    }

  private:
    void close() {
        if (dumper_) pcap_dump_close(dumper_);
        if (handle_) pcap_close(handle_);
        dumper_ = nullptr;
        handle_ = nullptr;
    }

    pcap_t* handle_;
    pcap_dumper_t* dumper_;
};

}  // namespace

std::unique_ptr<CaptureWriter> open_pcap(const std::string& path, std::string& error) {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) {
        error = path + ": " + std::strerror(errno);
        return nullptr;
    }
    std::setvbuf(f, nullptr, _IOFBF, kBufferSize);
    pcap_t* handle =
        pcap_open_dead_with_tstamp_precision(DLT_EN10MB, kSnapLength, PCAP_TSTAMP_PRECISION_MICRO);
    pcap_dumper_t* dumper = handle ? pcap_dump_fopen(handle, f) : nullptr;
    if (!dumper) {
        error = path + ": " + (handle ? pcap_geterr(handle) : "libpcap could not open a writer");
        if (handle) pcap_close(handle);
        std::fclose(f);
        return nullptr;
    }
    return std::make_unique<PcapWriter>(handle, dumper);
}

std::optional<CaptureFormat> format_from_name(std::string_view name) {
    if (name == "pcap") return CaptureFormat::Pcap;
    if (name == "pcapng") return CaptureFormat::Pcapng;
    return std::nullopt;
}

std::optional<CaptureFormat> format_from_path(std::string_view path) {
    std::size_t dot = path.rfind('.');
    if (dot == std::string_view::npos) return std::nullopt;
    return format_from_name(path.substr(dot + 1));
}

const char* format_name(CaptureFormat f) {
    return f == CaptureFormat::Pcap ? "pcap" : "pcapng";
}

std::unique_ptr<CaptureWriter> open_capture(const std::string& path, CaptureFormat format,
                                            std::string_view application, std::string& error) {
    if (format == CaptureFormat::Pcap) return open_pcap(path, error);
    return open_pcapng(path, application, error);
}

}  // namespace msrt::synth
