// The whole capture-reading path (pcaptools/common/capture_reader): the input is a capture file, pcap or
// pcapng, read through libpcap, parsed down to IP/TCP/UDP (with fragments), reassembled, framed and tracked.
// The file lives in memory (memfd) and is opened by path, exactly as `msrt` opens its inputs.
// Oracles: read_captures returns 0 or 2, delivers nothing when it cannot open the file, and otherwise keeps
// the StreamEvents contract (support/stream_checker.hpp) with every session closed and counted.
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <string>

#include "common/capture_reader.hpp"
#include "support/input.hpp"
#include "support/oracle.hpp"
#include "support/stream_checker.hpp"

// From the sanitizer runtime when there is one (weak: the plain replay build has none).
extern "C" void __sanitizer_set_report_fd(void* fd) __attribute__((weak));

namespace {

using namespace msrt;
using namespace msrt::cli;

// Holds the input as a file without touching the disk.
class MemFile {
  public:
    explicit MemFile(ByteView data) : fd_(memfd_create("fuzz-capture", 0)) {
        FUZZ_REQUIRE(fd_ >= 0, "memfd_create failed");
        std::size_t done = 0;
        while (done < data.size()) {
            ssize_t n = write(fd_, data.data() + done, data.size() - done);
            FUZZ_REQUIRE(n > 0, "write to memfd failed");
            done += static_cast<std::size_t>(n);
        }
    }
    ~MemFile() { close(fd_); }
    MemFile(const MemFile&) = delete;
    MemFile& operator=(const MemFile&) = delete;
    std::string path() const { return "/proc/self/fd/" + std::to_string(fd_); }

  private:
    int fd_;
};

// read_captures names an unreadable file on stderr; millions of such lines would drown the fuzzer's output,
// so stderr is parked on /dev/null during the call. Sanitizer reports and oracle failures still need to be
// seen: they go to a copy of the real stderr taken once.
class QuietStderr {
  public:
    QuietStderr() { dup2(null_fd(), STDERR_FILENO); }
    ~QuietStderr() { dup2(real_fd(), STDERR_FILENO); }
    QuietStderr(const QuietStderr&) = delete;
    QuietStderr& operator=(const QuietStderr&) = delete;

  private:
    static int real_fd() {
        static const int fd = [] {
            int saved = dup(STDERR_FILENO);
            fuzz::report_fd() = saved;
            if (&__sanitizer_set_report_fd)
                __sanitizer_set_report_fd(reinterpret_cast<void*>(static_cast<long>(saved)));
            return saved;
        }();
        return fd;
    }
    static int null_fd() {
        real_fd();  // taken before the first redirection
        static const int fd = open("/dev/null", O_WRONLY);
        return fd;
    }
};

ReaderOptions options_for(ByteView input) {
    ReaderOptions o;
    o.progress = false;
    // Small reassembly caps for most inputs, so that a few kilobytes reach them.
    if (fuzz::input_hash(input) % 4 != 0) {
        o.reassembly.direction_cap = 1024;
        o.buffer_cap = 4096;
    }
    return o;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    ByteView input(data, size);
    MemFile file(input);
    fuzz::StreamChecker checker;
    ReaderStats stats;
    int rc = 0;
    {
        QuietStderr quiet;
        rc = read_captures({file.path()}, options_for(input), checker, &stats);
    }
    FUZZ_REQUIRE(rc == 0 || rc == 2, "read_captures returned " + std::to_string(rc));
    if (rc == 2) {
        FUZZ_REQUIRE(checker.opened() == 0 && stats.frames == 0, "events from a file that did not open");
        return 0;
    }
    checker.finish();
    FUZZ_REQUIRE(stats.sessions == checker.opened(), std::to_string(stats.sessions) + " sessions counted, " +
                                                         std::to_string(checker.opened()) + " opened");
    return 0;
}
