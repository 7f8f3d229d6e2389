#include "msrt/profile.hpp"

#include <array>

#include "msrt/constants.hpp"

namespace msrt {
namespace {

// Types 16-21: draft-kouvelas-lisp-map-server-reliable-transport-04/-06; 22-30: rloc-membership-01 (spec 2.3, 8).
constexpr std::array<TypeEntry, 15> kTypes{{
    {16, Kind::ErrorNotification, "Error Notification", "error_notification", Sender::Either},
    {17, Kind::Registration, "Registration", "registration", Sender::Etr},
    {18, Kind::RegistrationAck, "Registration ACK", "registration_ack", Sender::MapServer},
    {19, Kind::RegistrationNack, "Registration NACK", "registration_nack", Sender::MapServer},
    {20, Kind::RegistrationRefresh, "Registration Refresh", "registration_refresh", Sender::MapServer},
    {21, Kind::MappingNotification, "Mapping Notification", "mapping_notification", Sender::MapServer},
    {22, Kind::Subscribe, "Membership Subscribe", "membership_subscribe", Sender::Etr},
    {23, Kind::SubscribeAck, "Membership Subscribe ACK", "membership_subscribe_ack", Sender::MapServer},
    {24, Kind::SubscribeNack, "Membership Subscribe NACK", "membership_subscribe_nack", Sender::MapServer},
    {25, Kind::Unsubscribe, "Membership Unsubscribe", "membership_unsubscribe", Sender::Etr},
    {26, Kind::ElementAdd, "Membership Element Add", "membership_element_add", Sender::MapServer},
    {27, Kind::ElementRemove, "Membership Element Remove", "membership_element_remove", Sender::MapServer},
    {28, Kind::MembershipRefreshRequest, "Membership Refresh Request", "membership_refresh_request", Sender::Etr},
    {29, Kind::MembershipRefreshBegin, "Membership Refresh Begin", "membership_refresh_begin", Sender::MapServer},
    {30, Kind::MembershipRefreshEnd, "Membership Refresh End", "membership_refresh_end", Sender::MapServer},
}};

constexpr std::array<CodeEntry<NackReason>, 4> kReasons{{
    {1, NackReason::InvalidSitePrefix, "Not a valid site EID prefix", "invalid_site_prefix"},
    {2, NackReason::AuthenticationFailure, "Authentication failure", "authentication_failure"},
    {3, NackReason::LocatorSetNotAllowed, "Locator set not allowed", "locator_set_not_allowed"},
    {4, NackReason::Unspecified, "Reason not defined", "unspecified"},
}};

constexpr std::array<CodeEntry<Scope>, 5> kScopes{{
    {0, Scope::All, "All prefixes, all address families, all instances", "all"},
    {1, Scope::Instance, "All prefixes in one instance", "instance"},
    {2, Scope::AddressFamily, "All prefixes of one address family in one instance", "address_family"},
    {3, Scope::Covering, "All prefixes covered by a prefix", "covering"},
    {4, Scope::Exact, "Exactly one prefix", "exact"},
}};

constexpr std::array<CodeEntry<ErrorCode>, 5> kErrorCodes{{
    {1, ErrorCode::UnknownType, "Unknown message type", "unknown_type"},
    {2, ErrorCode::BadLength, "Bad message length", "bad_length"},
    {3, ErrorCode::BadEndMarker, "Bad end marker", "bad_end_marker"},
    {4, ErrorCode::MalformedBody, "Malformed message body", "malformed_body"},
    {5, ErrorCode::UnexpectedMessage, "Unexpected message", "unexpected_message"},
}};

const Profile kKouvelas06{Revision::Kouvelas06, "kouvelas-06", kTypes, kReasons, kScopes, kErrorCodes, false,
                          wire::kTcpPort};
const Profile kIetf{Revision::Ietf, "ietf", kTypes, kReasons, kScopes, kErrorCodes, true, wire::kTcpPort};

template <class T, class Key, class Get>
const T* find_in(std::span<const T> table, Key key, Get get) {
    for (const T& e : table)
        if (get(e) == key) return &e;
    return nullptr;
}

}  // namespace

const TypeEntry* Profile::search_type(std::uint16_t code) const {
    return find_in(types, code, [](const TypeEntry& e) { return e.code; });
}
const TypeEntry* Profile::search_type(Kind kind) const {
    return find_in(types, kind, [](const TypeEntry& t) { return t.kind; });
}
std::uint16_t Profile::code_of(Kind kind) const {
    const TypeEntry* e = type_of(kind);
    return e ? e->code : 0;
}
const CodeEntry<NackReason>* Profile::reason(std::uint8_t code) const {
    return find_in(reasons, code, [](const auto& e) { return e.code; });
}
std::uint8_t Profile::code_of(NackReason r) const {
    const auto* e = find_in(reasons, r, [](const auto& t) { return t.value; });
    return e ? e->code : 0;
}
const CodeEntry<Scope>* Profile::scope(std::uint8_t code) const {
    return find_in(scopes, code, [](const auto& e) { return e.code; });
}
std::uint8_t Profile::code_of(Scope s) const {
    const auto* e = find_in(scopes, s, [](const auto& t) { return t.value; });
    return e ? e->code : 0;
}
const CodeEntry<ErrorCode>* Profile::error_code(std::uint8_t code) const {
    return find_in(error_codes, code, [](const auto& e) { return e.code; });
}
std::uint8_t Profile::code_of(ErrorCode c) const {
    const auto* e = find_in(error_codes, c, [](const auto& t) { return t.value; });
    return e ? e->code : 0;
}

const Profile& profile(Revision r) { return r == Revision::Ietf ? kIetf : kKouvelas06; }
const Profile& default_profile() { return kKouvelas06; }
const Profile* find_profile(std::string_view name) {
    if (name == kKouvelas06.name || name == "kouvelas-04") return &kKouvelas06;
    if (name == kIetf.name) return &kIetf;
    return nullptr;
}

std::string_view kind_key(Kind k) {
    for (const TypeEntry& e : kTypes)
        if (e.kind == k) return e.key;
    return "unknown";
}
std::string_view kind_name(Kind k) {
    for (const TypeEntry& e : kTypes)
        if (e.kind == k) return e.name;
    return "Unknown";
}
bool is_membership(Kind k) { return k >= Kind::Subscribe; }

}  // namespace msrt
