// Replays saved inputs through a fuzz target's entry point without libFuzzer: this is how the seed corpus and
// every crash reproducer run as ordinary ctests (with GCC, and under the sanitizer build).
// Usage: REPLAY FILE_OR_DIR...   Fails when an oracle aborts, and when no input was found at all (a replay of
// nothing would pass silently).
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

namespace fs = std::filesystem;

void replay(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    // An empty file still runs: the empty input is a case worth covering.
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
}

std::vector<fs::path> inputs_under(const fs::path& p) {
    std::vector<fs::path> out;
    if (fs::is_regular_file(p)) out.push_back(p);
    if (fs::is_directory(p))
        for (const auto& e : fs::recursive_directory_iterator(p))
            if (e.is_regular_file() && e.path().filename().string()[0] != '.') out.push_back(e.path());
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    std::size_t count = 0;
    for (int i = 1; i < argc; ++i) {
        std::vector<fs::path> files = inputs_under(argv[i]);
        std::sort(files.begin(), files.end());  // a stable order makes a failing run reproducible
        for (const fs::path& f : files) {
            std::fprintf(stderr, "replay %s\n", f.c_str());
            replay(f);
            ++count;
        }
    }
    std::printf("%zu inputs replayed\n", count);
    return count > 0 ? 0 : 1;
}
