// Layout of the manifest for people and diffs: short containers on one line, long ones one element a line.
#include <string>
#include <vector>

#include "synth/manifest.hpp"

namespace msrt::synth {
namespace {

// The end (one past) of the JSON value starting at `i`.
std::size_t value_end(std::string_view s, std::size_t i) {
    if (s[i] == '"') {
        for (++i; i < s.size() && s[i] != '"'; ++i)
            if (s[i] == '\\') ++i;
        return i + 1;
    }
    if (s[i] != '{' && s[i] != '[') {
        while (i < s.size() && s[i] != ',' && s[i] != '}' && s[i] != ']')
            ++i;
        return i;
    }
    int depth = 0;
    for (; i < s.size(); ++i) {
        char c = s[i];
        if (c == '"') {
            i = value_end(s, i) - 1;
        } else if (c == '{' || c == '[') {
            ++depth;
        } else if (c == '}' || c == ']') {
            if (--depth == 0) return i + 1;
        }
    }
    return s.size();
}

// Compact, with a blank after each ':' and ',' outside strings.
void spaced(std::string_view s, std::string& out) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '"') {
            std::size_t e = value_end(s, i);
            out.append(s.substr(i, e - i));
            i = e - 1;
            continue;
        }
        out += s[i];
        if (s[i] == ',' || s[i] == ':') out += ' ';
    }
}

// Containers nested deeper than this stay on one line (one message, one table entry per line).
constexpr int kMaxExpandedDepth = 2;

void layout(std::string_view v, int indent, int depth, std::size_t width, std::string& out) {
    bool container = v[0] == '{' || v[0] == '[';
    if (!container || v.size() <= width || v.size() == 2 || depth >= kMaxExpandedDepth) {
        spaced(v, out);
        return;
    }
    bool object = v[0] == '{';
    out += v[0];
    std::string pad(static_cast<std::size_t>(indent + 2), ' ');
    std::size_t i = 1;
    while (i < v.size() - 1) {
        out += '\n';
        out += pad;
        if (object) {
            std::size_t key_end = value_end(v, i);
            out.append(v.substr(i, key_end - i));
            out += ": ";
            i = key_end + 1;
        }
        std::size_t e = value_end(v, i);
        layout(v.substr(i, e - i), indent + 2, depth + 1, width, out);
        i = e;
        if (v[i] == ',') {
            out += ',';
            ++i;
        }
    }
    out += '\n';
    out.append(static_cast<std::size_t>(indent), ' ');
    out += v.back();
}

}  // namespace

std::string pretty_json(std::string_view compact, int indent, std::size_t width) {
    std::string out;
    out.reserve(compact.size() + compact.size() / 4);
    if (!compact.empty()) layout(compact, indent, 0, width, out);
    return out;
}

}  // namespace msrt::synth
