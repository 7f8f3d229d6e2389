// How a session and its registration table are written: JSON Lines (schema in README "msrt sessions"),
// aligned tables, CSV. Every writer takes the --iid/--eid filters for the table rows.
#pragma once

#include <cstdio>
#include <string>

#include "common/json.hpp"
#include "sessions/options.hpp"
#include "sessions/session_state.hpp"

namespace msrt::cli {

// Shared vocabulary of the writers.
std::string eid_text(const session::Key& k);                                 // "10.1.0.0/16" (no IID)
std::string nonce_text(std::uint64_t nonce);                                 // "0x0123456789abcdef"
const char* end_reason_key(SessionEnd e);                                    // "fin", "rst", "capture_end"
std::string reason_key(const Profile& p, std::optional<std::uint8_t> code);  // "" when none
void write_rlocs(Json& j, const session::RlocSet& rlocs);
std::string rlocs_text(const session::RlocSet& rlocs);  // "192.0.2.10 1/100 255/0 0x5; ..."

void write_session_json(std::FILE* out, const SessionState& s, const Options& o);
void write_session_table(std::FILE* out, const SessionState& s, const Options& o);
void write_session_csv_header(std::FILE* out);
void write_session_csv(std::FILE* out, const SessionState& s, const Options& o);

}  // namespace msrt::cli
