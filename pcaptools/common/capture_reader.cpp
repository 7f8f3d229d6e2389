#include "common/capture_reader.hpp"

#include <algorithm>
#include <cstdio>
#include <limits>

#include "common/capture_input.hpp"
#include "common/packet_parse.hpp"
#include "common/progress.hpp"

namespace msrt::cli {
namespace {

ParserOptions parser_options(const ReaderOptions& o) {
    return ParserOptions{o.port, o.udp_port, o.fragments};
}

SessionOptions session_options(const ReaderOptions& o) {
    SessionOptions s;
    s.port = o.port;
    s.max_message = o.max_message;
    s.reassembly = o.reassembly;
    s.buffer_cap = o.buffer_cap;
    return s;
}

std::string linktype_text(int linktype) {
    const char* name = pcap_datalink_val_to_name(linktype);
    return std::to_string(linktype) + (name ? std::string(" (") + name + ")" : std::string());
}

// Owns the layers for one run and is where their problems meet the frame they belong to.
class Reader final : public ProblemSink {
  public:
    Reader(const ReaderOptions& o, StreamEvents& sink, ReaderStats& stats)
        : sink_(sink), stats_(stats), parser_(parser_options(o)), sessions_(session_options(o), sink) {}

    void problem(const std::string& what) override {
        ++stats_.problems;
        sink_.on_input_problem(at_, what);
    }

    void run(CaptureInputs& inputs, Progress& progress) {
        unsupported_.assign(64, false);
        RawPacket raw;
        while (inputs.next(raw, *this)) {
            packet(inputs, raw);
            if (progress.due()) progress.update(inputs.bytes_read());
        }
        parser_.finish(*this);
        sessions_.finish();
        stats_.sessions = sessions_.sessions();
        if (stats_.frames) sink_.on_capture_end(PacketRef{stats_.frames, latest_});
    }

  private:
    void packet(const CaptureInputs& inputs, const RawPacket& raw) {
        at_ = PacketRef{++stats_.frames, raw.time};
        stats_.captured_bytes += raw.data.size();
        if (stats_.frames == 1) sink_.on_capture_begin(at_);
        latest_ = std::max(latest_, raw.time);
        sessions_.tick(raw.time);
        if (!PacketParser::linktype_supported(raw.linktype)) return unsupported(inputs, raw);
        std::uint32_t cut = raw.wire_length > raw.data.size() ? raw.wire_length - raw.data.size() : 0;
        if (!parser_.parse(raw.linktype, raw.data, cut, raw.time, l4_, *this)) return;
        if (l4_.proto == Transport::Tcp) {
            ++stats_.tcp_packets;
            sessions_.packet(l4_, at_);
        } else {
            ++stats_.udp_packets;
            sink_.on_udp_lisp(UdpLisp{Endpoint{l4_.src.to_address(), l4_.sport},
                                      Endpoint{l4_.dst.to_address(), l4_.dport}, l4_.payload},
                              at_);
        }
    }

    // Said once per input, not once per packet.
    void unsupported(const CaptureInputs& inputs, const RawPacket& raw) {
        if (raw.input >= unsupported_.size()) unsupported_.resize(raw.input + 1, false);
        if (unsupported_[raw.input]) return;
        unsupported_[raw.input] = true;
        problem(inputs.path(raw.input) + ": link type " + linktype_text(raw.linktype) +
                " is not supported; its packets are skipped");
    }

    StreamEvents& sink_;
    ReaderStats& stats_;
    PacketParser parser_;
    TcpSessions sessions_;
    PacketRef at_;
    Micros latest_ = std::numeric_limits<Micros>::min();  // the latest frame time so far
    L4Packet l4_;
    std::vector<bool> unsupported_;
};

}  // namespace

int read_captures(const std::vector<std::string>& inputs, const ReaderOptions& options, StreamEvents& sink,
                  ReaderStats* stats) {
    CaptureInputs captures;
    std::string error;
    if (!captures.open(inputs, error)) {
        std::fprintf(stderr, "%s: %s\n", options.program.c_str(), error.c_str());
        return 2;
    }
    ReaderStats local;
    Reader reader(options, sink, stats ? *stats : local);
    Progress progress(options.program, captures.total_bytes(), options.progress);
    reader.run(captures, progress);
    return 0;
}

}  // namespace msrt::cli
