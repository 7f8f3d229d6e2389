// Reliable-transport messages: the common header and trailer (spec 2.2) and every body (2.5, appendix A).
#pragma once

#include <cstdint>
#include <optional>
#include <variant>

#include "msrt/eid.hpp"
#include "msrt/map_register.hpp"
#include "msrt/profile.hpp"

namespace msrt {

struct Header {
    std::uint16_t type = 0;
    std::uint16_t length = 0;  // the whole message, header and end marker included
    std::uint32_t id = 0;
    bool short_form = false;  // Length 8: no Message ID (Wireshark quirk, spec 2.2)
};

struct ErrorNotification {
    std::uint8_t code = 0;
    std::uint32_t reserved = 0;  // 24 bits
    std::uint16_t offending_type = 0;
    std::uint16_t offending_length = 0;
    std::uint32_t offending_id = 0;
    Bytes data;
    friend bool operator==(const ErrorNotification&, const ErrorNotification&) = default;
};

struct Registration {
    MapRegister map_register;
};

struct RegistrationAck {
    EidPrefix eid;
};

struct RegistrationNack {
    std::uint8_t reason = 0;
    std::uint16_t reserved = 0;
    EidPrefix eid;
};

struct RegistrationRefresh {
    std::uint8_t scope = 0;
    std::uint16_t flags = 0;
    std::optional<EidPrefix> eid;  // absent for scope 0 in the usual 15-octet form

    bool rejected_only() const { return flags & wire::kRefreshRejectedOnly; }
};

struct MappingNotification {
    XtrId xtr_id{};
    std::uint64_t site_id = 0;
    EidRecord record;
};

// Types 22-30 share one shape: EID AFI, Instance ID, then fields that depend on the kind (appendix A).
struct Membership {
    std::uint16_t eid_afi = 0;
    std::uint32_t iid = 0;
    std::optional<std::uint32_t> request_id;  // Subscribe ACK/NACK, Refresh Begin/End
    std::optional<std::uint8_t> error_code;   // Subscribe NACK
    std::optional<std::uint64_t> site_id;     // Element Add/Remove
    std::optional<AddressField> rloc;         // Element Add/Remove
};

struct UnknownBody {
    Bytes body;
};

using Body = std::variant<UnknownBody, ErrorNotification, Registration, RegistrationAck, RegistrationNack,
                          RegistrationRefresh, MappingNotification, Membership>;

struct Message {
    Header header;
    Kind kind = Kind::Unknown;
    Body body;

    template <class T>
    const T* as() const { return std::get_if<T>(&body); }
    template <class T>
    T* as() { return std::get_if<T>(&body); }
};

// The EID a message names, when it names exactly one (Registration with one record, ACK, NACK, Refresh
// scopes 1-4, Mapping Notification).
std::optional<Eid> message_eid(const Message& m);

}  // namespace msrt
