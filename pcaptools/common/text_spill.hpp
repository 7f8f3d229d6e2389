// Text rendered into a string that may be written out before the whole document is: a session with a few
// hundred thousand registrations renders to hundreds of megabytes, which need not all be held at once.
#pragma once

#include <cstddef>
#include <cstdio>
#include <string>

namespace msrt::cli {

class TextSpill {
  public:
    // Beyond this many octets a writer hands its text over; small enough to keep memory flat, large enough
    // that the hand-overs cost nothing next to the rendering.
    static constexpr std::size_t kSize = 256 * 1024;

    virtual ~TextSpill() = default;
    // `text` is the beginning (or the next part) of the document: written out, and cleared. May wait until
    // the documents before this one are out.
    virtual void spill(std::string& text) = 0;
};

// Each part straight to a file, when nothing else is written to it meanwhile.
class FileSpill final : public TextSpill {
  public:
    explicit FileSpill(std::FILE* out) : out_(out) {}
    void spill(std::string& text) override {
        std::fwrite(text.data(), 1, text.size(), out_);
        text.clear();
    }

  private:
    std::FILE* out_;
};

// For writers, at points where the document may be cut (between rows, between registrations).
inline void spill_if_large(TextSpill* spill, std::string& text) {
    if (spill && text.size() >= TextSpill::kSize) spill->spill(text);
}

}  // namespace msrt::cli
