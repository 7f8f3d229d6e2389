// Building the messages an ETR and a Map-Server send, the way a Cisco-like peer does (spec 2.5, 4, 6).
// Shared by `msrt synth` and the emulator: everything here fills protocol structures, and the codec encodes.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "msrt/message.hpp"

namespace msrt::build {

// What the I bit appends to a Map-Register: the ETR's identity.
struct EtrIds {
    XtrId xtr_id{};
    std::uint64_t site_id = 0;
};

// The header fields of a Map-Register besides its records.
struct RegisterParams {
    std::uint64_t nonce = 0;
    std::uint8_t key_id = 0;
    std::uint8_t alg_id = wire::lisp::kAlgHmacSha1_96;  // Cisco: Key ID 0 / Algorithm 1, 20 octets [C]
    bool want_notify = true;                            // M
    bool reliable = false;                              // r: the ietf profile's request for TCP (spec 4.1)
    std::optional<EtrIds> ids;                          // I
};

// Cisco registers locators as local and reachable, multicast priority 255 (spec 4.2).
inline constexpr std::uint16_t kRegisteredLocatorFlags = wire::lisp::kLocLocal | wire::lisp::kLocReachable;
inline constexpr std::uint32_t kCiscoRecordTtl = 1440;

Locator locator(const Address& rloc, std::uint8_t priority, std::uint8_t weight,
                std::uint8_t m_priority = 255, std::uint8_t m_weight = 0,
                std::uint16_t flags = kRegisteredLocatorFlags);

// An authoritative EID-record as an ETR registers it. `as_lcaf` chooses the IID LCAF over a plain AFI; a
// plain AFI means IID 0.
EidRecord eid_record(const Eid& eid, std::vector<Locator> locators, std::uint32_t ttl, bool as_lcaf);
// The record as the Map-Server stores and echoes it: A cleared, L cleared on every locator (spec 2.5, 21).
EidRecord stored_record(EidRecord record);

// A Map-Register carrying `records`, signed with `key` (authentication data filled in, spec 4.1).
MapRegister map_register(const RegisterParams& params, std::vector<EidRecord> records, std::string_view key);
// The Map-Notify that acknowledges `reg` (same nonce, records and IDs), signed with `key`. `echo_reliable`
// copies the `r` bit (spec 9 item 18).
MapRegister map_notify(const MapRegister& reg, std::string_view key, bool echo_reliable);

// The reliable-transport messages. `id` is the sender's Message ID (spec 2.2).
Message registration(std::uint32_t id, const EidRecord& record, const RegisterParams& params,
                     std::string_view key);
// The same Registration, encoded in one pass (the Map-Register is encoded once, then signed in place): what
// encode_message(registration(...)) gives, for senders that produce many.
Bytes encode_registration(std::uint32_t id, const EidRecord& record, const RegisterParams& params,
                          std::string_view key, const Profile& profile = default_profile());
Message registration_ack(std::uint32_t id, const Eid& eid);
Message registration_nack(std::uint32_t id, NackReason reason, const Eid& eid,
                          const Profile& profile = default_profile());
// `target` names what the scope selects: ignored for scope 0, its IID for scope 1, IID and family for scope
// 2, the prefix for scopes 3 and 4 (encodings in spec 2.5, 9 item 8).
Message registration_refresh(std::uint32_t id, Scope scope, const Eid& target, bool rejected_only,
                             const Profile& profile = default_profile());
Message mapping_notification(std::uint32_t id, const EtrIds& ids, const EidRecord& stored);
// An Error Notification about the message with header `offending`, quoting `data` (may be empty).
Message error_notification(std::uint32_t id, ErrorCode code, const Header& offending, ByteView data = {},
                           const Profile& profile = default_profile());

// RLOC-membership messages (appendix A). `afi` is the EID family of the instance.
Message membership(std::uint32_t id, Kind kind, std::uint16_t afi, std::uint32_t iid);
Message membership_reply(std::uint32_t id, Kind kind, std::uint16_t afi, std::uint32_t iid,
                         std::uint32_t request_id);
Message subscribe_nack(std::uint32_t id, std::uint16_t afi, std::uint32_t iid, std::uint32_t request_id,
                       std::uint8_t error_code);
Message membership_element(std::uint32_t id, Kind kind, std::uint16_t afi, std::uint32_t iid,
                           std::uint64_t site_id, const Address& rloc);

// The normalised selector a Refresh of `scope` carries for `target`: "[iid] *" for scope 1, the family's
// all-zero /0 for scope 2, the prefix for 3 and 4 (what decoding the Refresh gives back).
Eid refresh_selector(Scope scope, const Eid& target);
// Whether a Refresh of `scope` with selector `selector` asks for the registration `key` (spec 6.6).
bool refresh_selects(Scope scope, const Eid& selector, const Eid& key);

}  // namespace msrt::build
