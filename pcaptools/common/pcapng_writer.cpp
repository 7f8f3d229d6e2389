// pcapng (draft-ietf-opsawg-pcapng): one section header, one Ethernet interface description with
// microsecond resolution, then one enhanced packet block per frame. Written little-endian whatever the host,
// so that the same run gives the same file everywhere.
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "common/capture_writer.hpp"

namespace msrt::synth {
namespace {

constexpr std::size_t kBufferSize = 1 << 20;
constexpr std::uint32_t kSectionHeader = 0x0A0D0D0A;
constexpr std::uint32_t kInterfaceDescription = 1;
constexpr std::uint32_t kEnhancedPacket = 6;
constexpr std::uint16_t kLinkEthernet = 1;
constexpr std::uint16_t kOptEnd = 0;
constexpr std::uint16_t kOptShbUserAppl = 4;
constexpr std::uint16_t kOptIfName = 2;
constexpr std::uint16_t kOptIfTsresol = 9;

std::size_t padded(std::size_t n) {
    return (n + 3) & ~std::size_t{3};
}

class Block {
  public:
    explicit Block(std::uint32_t type) {
        u32(type);
        u32(0);  // total length, patched in finish()
    }
    void u16(std::uint16_t v) {
        b_.push_back(static_cast<std::uint8_t>(v));
        b_.push_back(static_cast<std::uint8_t>(v >> 8));
    }
    void u32(std::uint32_t v) {
        u16(static_cast<std::uint16_t>(v));
        u16(static_cast<std::uint16_t>(v >> 16));
    }
    void bytes(ByteView v) {
        b_.insert(b_.end(), v.begin(), v.end());
        b_.resize(padded(b_.size()), 0);
    }
    void option(std::uint16_t code, std::string_view value) {
        u16(code);
        u16(static_cast<std::uint16_t>(value.size()));
        bytes(ByteView(reinterpret_cast<const std::uint8_t*>(value.data()), value.size()));
    }
    const Bytes& finish() {
        auto total = static_cast<std::uint32_t>(b_.size() + 4);
        u32(total);
        for (int i = 0; i < 4; ++i)
            b_[4 + i] = static_cast<std::uint8_t>(total >> (8 * i));
        return b_;
    }

  private:
    Bytes b_;
};

class PcapngWriter final : public CaptureWriter {
  public:
    explicit PcapngWriter(std::FILE* f) : f_(f) {}
    ~PcapngWriter() override {
        if (f_) std::fclose(f_);
    }

    void headers(std::string_view application) {
        Block shb(kSectionHeader);
        shb.u32(0x1A2B3C4D);  // byte-order magic
        shb.u16(1);
        shb.u16(0);
        shb.u32(0xFFFFFFFF);  // section length unknown (the file is streamed)
        shb.u32(0xFFFFFFFF);
        shb.option(kOptShbUserAppl, application);
        shb.u32(kOptEnd);
        put(shb.finish());
        Block idb(kInterfaceDescription);
        idb.u16(kLinkEthernet);
        idb.u16(0);
        idb.u32(kSnapLength);
        idb.option(kOptIfName, "tap0");
        const char resolution = 6;  // 10^-6 s
        idb.option(kOptIfTsresol, std::string_view(&resolution, 1));
        idb.u32(kOptEnd);
        put(idb.finish());
    }

    void write(std::int64_t micros, ByteView frame) override {
        // Reusing one buffer keeps the per-frame cost to a copy and an fwrite.
        epb_.clear();
        auto ts = static_cast<std::uint64_t>(micros);
        auto len = static_cast<std::uint32_t>(frame.size());
        std::uint32_t total = static_cast<std::uint32_t>(32 + padded(frame.size()));
        for (std::uint32_t v : {kEnhancedPacket, total, 0u, static_cast<std::uint32_t>(ts >> 32),
                                static_cast<std::uint32_t>(ts), len, len})
            le32(v);
        epb_.insert(epb_.end(), frame.begin(), frame.end());
        epb_.resize(padded(epb_.size()), 0);
        le32(total);
        put(epb_);
        ++frames_;
    }

    bool finish(std::string& error) override {
        bool ok = std::fflush(f_) == 0 && !std::ferror(f_);
        if (std::fclose(f_) != 0) ok = false;
        f_ = nullptr;
        if (!ok) error = std::strerror(errno);
        return ok;
    }

  private:
    void le32(std::uint32_t v) {
        for (int i = 0; i < 4; ++i)
            epb_.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
    }
    void put(const Bytes& b) { std::fwrite(b.data(), 1, b.size(), f_); }

    std::FILE* f_;
    Bytes epb_;
};

}  // namespace

std::unique_ptr<CaptureWriter> open_pcapng(const std::string& path, std::string_view application,
                                           std::string& error) {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) {
        error = path + ": " + std::strerror(errno);
        return nullptr;
    }
    std::setvbuf(f, nullptr, _IOFBF, kBufferSize);
    auto w = std::make_unique<PcapngWriter>(f);
    w->headers(application);
    return w;
}

}  // namespace msrt::synth
