// Draft-revision profiles. Every code table (message types, NACK reasons, refresh scopes, local error codes)
// is data selected by the profile, so a renumbering in a later draft is an edit of one table (spec 9 item 1).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace msrt {

// What a message means, independent of the code a revision gives it.
enum class Kind : std::uint8_t {
    Unknown,
    ErrorNotification,
    Registration,
    RegistrationAck,
    RegistrationNack,
    RegistrationRefresh,
    MappingNotification,
    Subscribe,
    SubscribeAck,
    SubscribeNack,
    Unsubscribe,
    ElementAdd,
    ElementRemove,
    MembershipRefreshRequest,
    MembershipRefreshBegin,
    MembershipRefreshEnd,
};
inline constexpr std::size_t kKindCount = 16;

enum class Scope : std::uint8_t { All, Instance, AddressFamily, Covering, Exact };
enum class NackReason : std::uint8_t { InvalidSitePrefix, AuthenticationFailure, LocatorSetNotAllowed, Unspecified };
// Error Notification codes are not defined by any retrievable draft: these are local (spec 9 item 9).
enum class ErrorCode : std::uint8_t { UnknownType, BadLength, BadEndMarker, MalformedBody, UnexpectedMessage };

// Which side normally sends a message; used for direction checks and labels.
enum class Sender : std::uint8_t { Either, Etr, MapServer };

struct TypeEntry {
    std::uint16_t code;
    Kind kind;
    const char* name;  // human label, e.g. "Registration ACK"
    const char* key;   // stable machine key, e.g. "registration_ack" (JSON keys, filter values)
    Sender sender;
};

template <class E>
struct CodeEntry {
    std::uint8_t code;
    E value;
    const char* name;
    const char* key;
};

enum class Revision : std::uint8_t { Kouvelas06, Ietf };

struct Profile {
    Revision revision;
    const char* name;  // "kouvelas-06", "ietf"
    std::span<const TypeEntry> types;
    std::span<const CodeEntry<NackReason>> reasons;
    std::span<const CodeEntry<Scope>> scopes;
    std::span<const CodeEntry<ErrorCode>> error_codes;
    bool reliable_bit;  // the UDP Map-Register `r` bit gates TCP (ietf-00 on)
    std::uint16_t tcp_port;

    // Every message is looked up by code and by kind, several times: inline, a table numbered without holes
    // (all of them today) is indexed directly; only a table with holes is searched (out of line).
    const TypeEntry* type(std::uint16_t code) const {
        if (!types.empty()) {
            std::size_t i = static_cast<std::uint16_t>(code - types.front().code);
            if (i < types.size() && types[i].code == code) return &types[i];
        }
        return search_type(code);
    }
    Kind kind_of(std::uint16_t code) const {
        const TypeEntry* e = type(code);
        return e ? e->kind : Kind::Unknown;
    }
    const TypeEntry* type_of(Kind kind) const {  // nullptr for Kind::Unknown
        if (!types.empty()) {
            std::size_t i = static_cast<std::size_t>(kind) - static_cast<std::size_t>(types.front().kind);
            if (i < types.size() && types[i].kind == kind) return &types[i];
        }
        return search_type(kind);
    }
    std::uint16_t code_of(Kind kind) const;  // 0 for Kind::Unknown
    const CodeEntry<NackReason>* reason(std::uint8_t code) const;
    std::uint8_t code_of(NackReason r) const;
    const CodeEntry<Scope>* scope(std::uint8_t code) const;
    std::uint8_t code_of(Scope s) const;
    const CodeEntry<ErrorCode>* error_code(std::uint8_t code) const;
    std::uint8_t code_of(ErrorCode e) const;

  private:
    const TypeEntry* search_type(std::uint16_t code) const;
    const TypeEntry* search_type(Kind kind) const;
};

const Profile& profile(Revision r);
const Profile& default_profile();
const Profile* find_profile(std::string_view name);

// Human label for a type code: the table name, or "Unknown type (N)".
std::string_view kind_key(Kind k);          // stable key of a kind ("unknown" for Unknown)
std::string_view kind_name(Kind k);         // human name of a kind
bool is_membership(Kind k);

}  // namespace msrt
