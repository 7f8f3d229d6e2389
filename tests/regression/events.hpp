// Shared by the regression tests: a StreamEvents that keeps what they assert on, and temp files.
#pragma once

#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "common/capture_reader.hpp"
#include "common/stream_events.hpp"

namespace msrt::test {

inline std::string write_temp(const std::string& name, const Bytes& bytes) {
    std::string path = (std::filesystem::temp_directory_path() / ("msrt-regression-" + name)).string();
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (f) {
        std::fwrite(bytes.data(), 1, bytes.size(), f);
        std::fclose(f);
    }
    return path;
}

inline cli::ReaderOptions quiet_options() {
    cli::ReaderOptions o;
    o.progress = false;
    return o;
}

struct EventLog : cli::StreamEvents {
    std::optional<cli::PacketRef> first;
    std::vector<std::string> notes, problems;
    std::uint64_t opened = 0, closed = 0, messages = 0, gaps = 0, framing_errors = 0;

    void on_capture_begin(const cli::PacketRef& at) override { first = at; }
    void on_session_open(const cli::SessionInfo&, cli::SessionStart, const cli::PacketRef&) override {
        ++opened;
    }
    void on_message(const cli::SessionInfo&, cli::Direction, const cli::PacketRef&, ByteView,
                    std::uint64_t) override {
        ++messages;
    }
    void on_framing_error(const cli::SessionInfo&, cli::Direction, const cli::PacketRef&,
                          const FramingError&) override {
        ++framing_errors;
    }
    void on_skipped(const cli::SessionInfo&, cli::Direction, const cli::PacketRef&, std::uint64_t,
                    std::uint64_t) override {}
    void on_gap(const cli::SessionInfo&, cli::Direction, const cli::PacketRef&, std::uint64_t,
                std::uint64_t) override {
        ++gaps;
    }
    void on_transport_note(const cli::SessionInfo&, cli::Direction, const cli::PacketRef&,
                           const std::string& n) override {
        notes.push_back(n);
    }
    void on_session_close(const cli::SessionInfo&, cli::SessionEnd, const cli::PacketRef&) override {
        ++closed;
    }
    void on_udp_lisp(const cli::UdpLisp&, const cli::PacketRef&) override {}
    void on_input_problem(const cli::PacketRef&, const std::string& what) override {
        problems.push_back(what);
    }
};

}  // namespace msrt::test
