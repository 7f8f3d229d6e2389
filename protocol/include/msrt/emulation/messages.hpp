// Builders for the messages the emulated Map-Server and ETR send. Every byte is produced by protocol/'s
// encoders; these only fill the structures. Message IDs are left at 0 for the sender's counter to set.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "msrt/message.hpp"

namespace msrt::emulation {

Message make_refresh(const Profile& p, Scope scope, bool rejected_only, const std::optional<Eid>& eid);
Message make_ack(const Eid& eid);
Message make_nack(const Profile& p, NackReason reason, const Eid& eid);
Message make_mapping_notification(const XtrId& xtr_id, std::uint64_t site_id, EidRecord record);
Message make_error(const Profile& p, ErrorCode code, ByteView offending);  // quotes the offending header
Message make_registration(MapRegister map_register);

// What a Map-Register or Map-Notify carries besides its records.
struct RegisterHeader {
    std::uint32_t flags = 0;  // wire::lisp::kReg* (or kNotify*) bits; the type nibble is set from `notify`
    bool notify = false;
    std::uint64_t nonce = 0;
    std::uint8_t key_id = 0;
    std::uint8_t alg_id = wire::lisp::kAlgHmacSha1_96;
    std::optional<XtrId> xtr_id;  // appended with the site ID when set (I bit)
    std::uint64_t site_id = 0;
};

// An encoded and signed Map-Register/Map-Notify. With Algorithm ID 0 nothing is signed.
Bytes build_signed_register(const RegisterHeader& h, const std::vector<EidRecord>& records,
                            const std::string& key);
// The same, decoded again so that it can travel inside a Registration.
MapRegister signed_register(const RegisterHeader& h, const std::vector<EidRecord>& records,
                            const std::string& key);

// An EID-record for `eid` with the given locators; A set as an ETR registers (spec 4.2).
EidRecord make_record(const Eid& eid, std::vector<Locator> locators, std::uint32_t ttl_minutes);
// The record as the Map-Server stores and echoes it: A cleared, L cleared in the locators (spec 2.5, [C]).
EidRecord as_stored(EidRecord record);

// The Message ID a sender assigns next (spec 9 item 5): from 0, +1 per message, wrapping at 2^32.
class IdCounter {
  public:
    std::uint32_t next() { return next_++; }
    std::uint32_t peek() const { return next_; }

  private:
    std::uint32_t next_ = 0;
};

// Encodes `m` with the next Message ID of `ids`.
Bytes stamp(Message& m, IdCounter& ids, const Profile& p);

}  // namespace msrt::emulation
