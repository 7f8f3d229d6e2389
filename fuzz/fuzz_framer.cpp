// The stream framer (spec 2.1, 2.2, 9 items 3 and 23). Oracles:
//  - chunking: the same stream cut into random chunks gives exactly the events of one whole chunk (the framer
//    promises that its result does not depend on the cuts), with the same capture gaps at the same offsets;
//  - every delivered message is the input's own octets at its offset, with a matching Length and end marker;
//  - without gaps, the messages before the first framing error are those a walk with check_frame() finds,
//    the verdicts the Wireshark plugin follows, so the plugin and the tools frame a stream alike.
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "msrt/codec.hpp"
#include "msrt/frame_check.hpp"
#include "msrt/framer.hpp"
#include "support/input.hpp"
#include "support/oracle.hpp"

namespace {

using namespace msrt;
using fuzz::Choices;

struct Event {
    enum class Type : std::uint8_t { Message, Error, Skipped } type;
    std::uint64_t offset = 0;
    std::uint64_t value = 0;  // message length, framing problem value, or skipped count
    int problem = -1;
    friend bool operator==(const Event&, const Event&) = default;
    std::string str() const {
        static const char* names[] = {"message", "error", "skipped"};
        return std::string(names[static_cast<int>(type)]) + "@" + std::to_string(offset) +
               " v=" + std::to_string(value) + " p=" + std::to_string(problem);
    }
};

std::string describe(const std::vector<Event>& events) {
    std::string s;
    for (const Event& e : events)
        s += e.str() + "\n";
    return s;
}

class Recorder final : public FrameSink {
  public:
    explicit Recorder(ByteView input) : input_(input) {}
    std::vector<Event> events;

    void on_message(std::uint64_t offset, ByteView bytes) override {
        FUZZ_REQUIRE(bytes.size() >= wire::kShortFormLength, "message of " + std::to_string(bytes.size()));
        FUZZ_REQUIRE(load_be16(&bytes[2]) == bytes.size(), to_hex(bytes));
        FUZZ_REQUIRE(load_be32(&bytes[bytes.size() - 4]) == wire::kEndMarker, to_hex(bytes));
        FUZZ_REQUIRE(offset >= end_,
                     "message at " + std::to_string(offset) + " before " + std::to_string(end_));
        FUZZ_REQUIRE(offset + bytes.size() <= input_.size(), "message past the input");
        ByteView original = input_.subspan(offset, bytes.size());
        FUZZ_REQUIRE(std::equal(original.begin(), original.end(), bytes.begin()),
                     "bytes differ from the input");
        end_ = offset + bytes.size();
        events.push_back({Event::Type::Message, offset, bytes.size(), -1});
    }
    void on_error(const FramingError& e) override {
        events.push_back({Event::Type::Error, e.offset, e.value, static_cast<int>(e.problem)});
    }
    void on_skipped(std::uint64_t offset, std::uint64_t count) override {
        FUZZ_REQUIRE(count > 0, "zero octets skipped at " + std::to_string(offset));
        events.push_back({Event::Type::Skipped, offset, count, -1});
    }

  private:
    ByteView input_;
    std::uint64_t end_ = 0;
};

struct Gap {
    std::size_t at = 0;
    std::size_t length = 0;
};

// How a run cuts the stream: nullptr means one chunk per gap-free stretch.
struct Plan {
    Choices* cuts = nullptr;
    std::size_t max_chunk = 1;
};

void push_stretch(Framer& f, ByteView stretch, const Plan& plan, Recorder& r) {
    if (!plan.cuts) return f.push(stretch, r);
    while (!stretch.empty()) {
        std::size_t n = std::min<std::size_t>(stretch.size(), plan.cuts->between(1, plan.max_chunk));
        f.push(stretch.first(n), r);
        stretch = stretch.subspan(n);
    }
}

std::vector<Event> run(ByteView input, const std::vector<Gap>& gaps, const Plan& plan,
                       std::size_t max_length) {
    Framer f(max_length);
    Recorder r(input);
    std::size_t pos = 0;
    for (const Gap& g : gaps) {
        push_stretch(f, input.subspan(pos, g.at - pos), plan, r);
        f.gap(g.length, r);
        pos = g.at + g.length;
    }
    push_stretch(f, input.subspan(pos), plan, r);
    f.finish(r);
    FUZZ_REQUIRE(f.offset() == input.size(), "offset " + std::to_string(f.offset()));
    FUZZ_REQUIRE(f.buffered() == 0, "octets left buffered after finish");
    return r.events;
}

// Up to two lost stretches, for one input in four: the rest exercise clean streams.
std::vector<Gap> pick_gaps(ByteView input, Choices& c) {
    std::vector<Gap> gaps;
    if (input.size() < 16 || c.next() % 4 != 0) return gaps;
    std::size_t pos = 0;
    for (int i = 0; i < 2 && pos + 2 < input.size(); ++i) {
        std::size_t at = c.between(pos, input.size() - 2);
        std::size_t len = c.between(1, std::min<std::size_t>(input.size() - at, 64));
        gaps.push_back({at, len});
        pos = at + len;
    }
    return gaps;
}

// The messages a consumer following check_frame() verdicts takes from the start of a whole stream.
std::vector<Event> walk_check_frame(ByteView input, std::size_t max_length) {
    std::vector<Event> out;
    std::size_t pos = 0;
    while (pos < input.size()) {
        FrameCheck c = check_frame(input.subspan(pos), max_length);
        if (c.verdict != FrameVerdict::Message) break;
        out.push_back({Event::Type::Message, pos, c.length, -1});
        pos += c.length;
    }
    return out;
}

// The framer's messages up to its first real framing error (a short form is reported but delivered).
std::vector<Event> clean_prefix(const std::vector<Event>& events) {
    std::vector<Event> out;
    for (const Event& e : events) {
        if (e.type == Event::Type::Error && e.problem == static_cast<int>(FramingProblem::ShortForm))
            continue;
        if (e.type != Event::Type::Message) break;
        out.push_back(e);
    }
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    ByteView input(data, size);
    Choices c(fuzz::input_hash(input));
    std::size_t max_length = c.next() % 8 == 0 ? c.between(8, 200) : wire::kMaxLength;
    std::vector<Gap> gaps = pick_gaps(input, c);
    std::vector<Event> whole = run(input, gaps, Plan{}, max_length);

    Choices cuts(c.next());
    std::size_t max_chunk = size <= 4096 && c.next() % 2 == 0 ? 1 : c.between(2, 300);
    std::vector<Event> chunked = run(input, gaps, Plan{&cuts, max_chunk}, max_length);
    FUZZ_REQUIRE(whole == chunked, "one chunk:\n" + describe(whole) + "chunks up to " +
                                       std::to_string(max_chunk) + ":\n" + describe(chunked));

    if (gaps.empty()) {
        std::vector<Event> walked = walk_check_frame(input, max_length);
        FUZZ_REQUIRE(clean_prefix(whole) == walked,
                     "framer:\n" + describe(whole) + "check_frame:\n" + describe(walked));
    }
    return 0;
}
