// `--write OUT.pcapng`: the emulated conversation as a capture. Each session becomes a TCP connection (SYN,
// one segment per message, FIN) between the captured endpoints, framed by common/frame.hpp and written by
// common/capture_writer.hpp.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "common/capture_writer.hpp"
#include "common/frame.hpp"
#include "emulate/conversation.hpp"

namespace msrt::cli {

class PcapConversation final : public ConversationSink {
  public:
    static std::unique_ptr<PcapConversation> open(const std::string& path, std::string& error);

    void session_open(const SessionInfo& s, Micros t) override;
    void message(const SessionInfo& s, Direction d, Micros t, ByteView bytes) override;
    void session_close(const SessionInfo& s, Micros t) override;
    void udp(const Endpoint& src, const Endpoint& dst, Micros t, ByteView payload) override;
    bool finish(std::string& error) { return writer_->finish(error); }

  private:
    explicit PcapConversation(std::unique_ptr<synth::CaptureWriter> w) : writer_(std::move(w)) {}
    struct Flow {
        SessionInfo info;
        std::uint32_t seq[2] = {0, 0};  // next sequence number, indexed by Direction
    };
    void segment(Flow& f, Direction d, Micros t, std::uint8_t flags, ByteView payload);
    void write(Micros t, const Bytes& frame);

    std::unique_ptr<synth::CaptureWriter> writer_;
    std::map<std::uint64_t, Flow> flows_;
    Bytes frame_;
    Micros last_ = 0;
};

}  // namespace msrt::cli
