// How a session and its registration table are written: JSON Lines (schema in README "msrt sessions"),
// aligned tables, CSV. Every writer takes the --iid/--eid filters for the table rows.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "common/address_text.hpp"
#include "common/json.hpp"
#include "common/rlocs_json.hpp"
#include "common/text_spill.hpp"
#include "sessions/chars.hpp"
#include "sessions/options.hpp"
#include "sessions/session_state.hpp"

namespace msrt::cli {

// Shared vocabulary of the writers.
std::string eid_text(const session::Key& k);                    // "10.1.0.0/16" (no IID)
void append_eid(std::string& out, const session::Key& k);       // the same, appended
void append_eid_json(std::string& out, const session::Key& k);  // the same as a JSON string
// The same written at `out`, which has room for kEidChars, for an IPv4, IPv6 or MAC prefix: the end, or
// nullptr (nothing written) for other families. Composed in place: events and tables name an EID each.
inline constexpr std::size_t kEidChars = kAddressChars + 4;  // and "/" and up to 3 digits
char* eid_chars(char* out, const session::Key& k);
// "[1000] 10.1.0.0/16", appended: what k.str() gives, without printf.
void append_iid_eid(std::string& out, const session::Key& k);
void append_address(std::string& out, const session::PackedAddress& a);      // as a.str(), appended
std::string nonce_text(std::uint64_t nonce);                                 // "0x0123456789abcdef"
const char* end_reason_key(SessionEnd e);                                    // "fin", "rst", "capture_end"
std::string reason_key(const Profile& p, std::optional<std::uint8_t> code);  // "" when none
void write_rlocs(Json& j, const session::RlocSet& rlocs);  // append_rlocs_json, as a value of `j`
std::string rlocs_text(const session::RlocSet& rlocs);     // "192.0.2.10 1/100 255/0 0x5; ..."

// Text a session's registrations share (a locator set, an xTR-ID, a Refresh: a handful per session, each
// behind a number), rendered by `render` the first time and kept in `cache[n]`; kNone is "". No rendering may
// be empty: "" means not rendered yet.
template <class Render>
const std::string& shared_text(std::vector<std::string>& cache, std::uint32_t n, Render render) {
    static const std::string kEmpty;
    if (n == session::kNone) return kEmpty;
    if (n >= cache.size()) cache.resize(n + 1);
    if (cache[n].empty()) cache[n] = render();
    return cache[n];
}

// The cell texts of the table and the CSV that a session's registrations share, each rendered once: its
// locator sets and xTR-IDs (a handful per session).
class SharedCells {
  public:
    explicit SharedCells(const session::Tracker& t) : tracker_(t) {}
    const std::string& rlocs(std::uint32_t n);   // as rlocs_text
    const std::string& xtr_id(std::uint32_t n);  // 32 hex digits, "" without one

  protected:
    const session::Tracker& tracker_;

  private:
    std::vector<std::string> rlocs_, xtr_ids_;
};

// Writes sessions as JSON Lines. It keeps its buffers from one session to the next, and per session the text
// of the values that its registrations share, so a large table costs no allocation per value.
class SessionJsonWriter {
  public:
    // The session's line, into `out` (its storage reused; what it held is replaced); with `spill`, handed
    // over in parts as it grows.
    void write(std::string& out, const SessionState& s, const Options& o, TextSpill* spill = nullptr);

  private:
    void registration(const SessionState& s, const session::Key& key, const session::Entry& e,
                      const Profile& p);
    const std::string& rlocs(const session::Tracker& t, std::uint32_t n);
    const std::string& refresh(const session::Tracker& t, std::uint32_t n);
    const std::string& ids(const session::Tracker& t, std::uint32_t n);
    const std::string& reason(const Profile& p, std::uint8_t code);

    Json j_;
    Json part_;                                         // a shared value being rendered
    std::vector<std::string> rlocs_, refreshes_, ids_;  // this session's, by index; "" until rendered
    std::vector<std::string> reasons_;                  // NACK reasons as JSON strings, by code
    const Profile* reasons_profile_ = nullptr;          // the profile `reasons_` are of
    Scratch scratch_;                                   // a registration's text before it is appended
};

// Appended to `out`; with `spill`, handed over in parts as it grows.
void write_session_table(std::string& out, const SessionState& s, const Options& o,
                         TextSpill* spill = nullptr);
void write_session_csv_header(std::FILE* out);
void write_session_csv(std::string& out, const SessionState& s, const Options& o, TextSpill* spill = nullptr);

}  // namespace msrt::cli
