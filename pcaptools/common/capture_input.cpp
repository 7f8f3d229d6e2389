#include "common/capture_input.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "common/progress.hpp"

namespace msrt::cli {
namespace {

// A pcapng timestamp is 64 bits in the file's own units, so a hostile file can name seconds whose microseconds
// overflow 64 bits. Saturate at about 35,000 years either side of 1970: far beyond any real capture, and far
// enough from the int64 limits that later arithmetic on times (timeouts, durations) cannot overflow either.
Micros micros(const timeval& tv) {
    constexpr Micros kMaxSeconds = Micros{1} << 40;
    Micros sec = std::clamp<Micros>(tv.tv_sec, -kMaxSeconds, kMaxSeconds);
    return sec * 1'000'000 + std::clamp<Micros>(tv.tv_usec, 0, 999'999);
}

// libpcap reads a file through stdio, whose default buffer is one 4 kB block: a read system call per
// block is a quarter of a million for a 1 GB capture. 256 kB makes that four thousand.
constexpr std::size_t kReadBuffer = 256u << 10;

// The file opened by us rather than by pcap_open_offline, so that its buffer can be set before the first
// read. "-" is standard input.
pcap_t* open_buffered(const std::string& path, char* buffer, char* errbuf) {
    std::FILE* f = path == "-" ? stdin : std::fopen(path.c_str(), "rb");
    if (!f) {
        std::snprintf(errbuf, PCAP_ERRBUF_SIZE, "%s: %s", path.c_str(), std::strerror(errno));
        return nullptr;
    }
    std::setvbuf(f, buffer, _IOFBF, kReadBuffer);
    pcap_t* pcap = pcap_fopen_offline(f, errbuf);
    if (!pcap && f != stdin) std::fclose(f);  // on success pcap_close() closes it
    return pcap;
}

// Standard input stays open when libpcap refuses it, and keeps using the buffer given to it.
void keep_if_stdin(const std::string& path, std::unique_ptr<char[]>& buffer) {
    if (path == "-") (void)buffer.release();
}

}  // namespace

CaptureInputs::~CaptureInputs() {
    for (Input& in : inputs_)
        if (in.pcap) pcap_close(in.pcap);
}

bool CaptureInputs::open(const std::vector<std::string>& paths, std::string& error) {
    if (std::count(paths.begin(), paths.end(), "-") > 1) {
        error = "-: standard input can be read only once";
        return false;
    }
    inputs_.reserve(paths.size());
    for (const std::string& p : paths) {
        char errbuf[PCAP_ERRBUF_SIZE] = {};
        auto buffer = std::make_unique<char[]>(kReadBuffer);
        pcap_t* pcap = open_buffered(p, buffer.get(), errbuf);
        if (!pcap) {
            keep_if_stdin(p, buffer);
            std::string why = errbuf;
            error =
                why.find(p) == std::string::npos ? p + ": " + why : why;  // libpcap often names it already
            return false;
        }
        Input in;
        in.path = p == "-" ? "(standard input)" : p;
        in.pcap = pcap;
        in.buffer = std::move(buffer);
        in.linktype = pcap_datalink(pcap);
        struct stat st {};
        if (p != "-" && ::stat(p.c_str(), &st) == 0) in.size = static_cast<std::uint64_t>(st.st_size);
        inputs_.push_back(std::move(in));
    }
    return true;
}

bool CaptureInputs::later(std::size_t a, std::size_t b) const {
    Micros ta = micros(inputs_[a].header->ts);
    Micros tb = micros(inputs_[b].header->ts);
    return ta != tb ? ta > tb : a > b;
}

// Reads the input's next packet into its slot and onto the heap; false at its end.
bool CaptureInputs::advance(std::size_t i, ProblemSink& problems) {
    Input& in = inputs_[i];
    if (in.ended) return false;
    int rc = pcap_next_ex(in.pcap, &in.header, &in.data);
    if (rc == 1) {
        heap_.push_back(i);
        std::push_heap(heap_.begin(), heap_.end(),
                       [this](std::size_t a, std::size_t b) { return later(a, b); });
        return true;
    }
    if (rc == PCAP_ERROR)
        problems.problem(in.path + ": " + pcap_geterr(in.pcap) + "; the rest of it is not read");
    in.ended = true;
    return false;
}

bool CaptureInputs::next(RawPacket& out, ProblemSink& problems) {
    if (handed_out_ == SIZE_MAX) {
        for (std::size_t i = 0; i < inputs_.size(); ++i)
            advance(i, problems);
    } else {
        advance(handed_out_, problems);
    }
    if (heap_.empty()) return false;
    std::pop_heap(heap_.begin(), heap_.end(), [this](std::size_t a, std::size_t b) { return later(a, b); });
    std::size_t i = heap_.back();
    heap_.pop_back();
    handed_out_ = i;
    const Input& in = inputs_[i];
    out.input = i;
    out.linktype = in.linktype;
    out.time = micros(in.header->ts);
    out.data = ByteView(in.data, in.header->caplen);
    out.wire_length = in.header->len;
    return true;
}

std::uint64_t CaptureInputs::total_bytes() const {
    std::uint64_t total = 0;
    for (const Input& in : inputs_)
        total += in.size;
    return total;
}

std::uint64_t CaptureInputs::bytes_read() const {
    std::uint64_t done = 0;
    for (const Input& in : inputs_) {
        if (in.ended) {
            done += in.size;
        } else if (FILE* f = pcap_file(in.pcap)) {
            long pos = std::ftell(f);
            if (pos > 0) done += static_cast<std::uint64_t>(pos);
        }
    }
    return done;
}

namespace {

struct IgnoredProblems : ProblemSink {
    void problem(const std::string&) override {}  // the real pass reports them
};

}  // namespace

bool latest_frame_time(const std::vector<std::string>& paths, std::optional<Micros>& latest,
                       std::string& error, const std::string& label, bool progress) {
    CaptureInputs inputs;
    if (!inputs.open(paths, error)) return false;
    Progress shown(label, inputs.total_bytes(), progress);
    IgnoredProblems problems;
    RawPacket p;
    latest.reset();
    while (inputs.next(p, problems)) {
        latest = std::max(latest.value_or(p.time), p.time);
        if (shown.due()) shown.update(inputs.bytes_read());
    }
    return true;
}

}  // namespace msrt::cli
