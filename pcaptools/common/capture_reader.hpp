// The capture-reading path in one call: files -> packets -> IP/TCP/UDP -> sessions and framed messages,
// delivered to a StreamEvents in capture order.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/ip_fragments.hpp"
#include "common/stream_events.hpp"
#include "common/tcp_sessions.hpp"

namespace msrt::cli {

struct ReaderOptions {
    std::uint16_t port = wire::kTcpPort;             // the reliable-transport TCP port (--port)
    std::uint16_t udp_port = wire::kUdpControlPort;  // UDP Map-Register / Map-Notify
    std::size_t max_message = wire::kMaxLength;      // framer bound on Length
    ReassemblyLimits reassembly;
    std::size_t buffer_cap = 32u << 20;  // out-of-order octets held by all sessions together
    FragmentLimits fragments;
    bool progress = true;          // a progress line on stderr, when it is a terminal
    std::string program = "msrt";  // prefix of error messages
};

struct ReaderStats {
    std::uint64_t frames = 0;
    std::uint64_t captured_bytes = 0;
    std::uint64_t tcp_packets = 0;  // of the reliable-transport port
    std::uint64_t udp_packets = 0;
    std::uint64_t sessions = 0;
    std::uint64_t problems = 0;
};

// Reads every input ("-" is standard input), merged in timestamp order, frame numbers from 1 across all.
// Returns 0 when the inputs were read (problems inside them are events, see on_input_problem), or 2 when an
// input cannot be opened: then nothing is delivered and the reason, naming the file, is printed on stderr.
int read_captures(const std::vector<std::string>& inputs, const ReaderOptions& options, StreamEvents& sink,
                  ReaderStats* stats = nullptr);

}  // namespace msrt::cli
