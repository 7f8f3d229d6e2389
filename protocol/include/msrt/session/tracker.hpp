// Per-session registration state, rebuilt from the messages of one reliable-transport session (spec 7.3).
// One implementation serves `msrt sessions`, the Wireshark plugin (-z lisp-msrt,state) and the emulator
// checks.
//
//  - Feed every decoded message in capture order with its direction, time and frame number.
//  - ACK/NACK pair with the oldest pending Registration of the same key, IID normalised (spec 2.7, 6.4).
//  - A Mapping Notification links to the latest ACK of the same key that has no notification yet.
//  - A Refresh marks every table entry in its scope (R: only rejected ones); a later Registration of a marked
//    key clears the mark and links to that Refresh. A Registration of a key the table did not hold when the
//    Refresh came links to it while the ETR's answer burst lasts (see kRefreshBurstGap). Marks left at the
//    end are "refresh not answered".
//  - Message-ID continuity per direction (gaps / repeats = capture loss or a misbehaving sender).
//  - Counts per direction and kind; the registration table keyed by (IID, prefix, length).
//  - The per-message log (for the plugin's response_in / caused-by links) is optional so that the capture
//    tools keep memory bounded on long captures. Table entries are compact (registration_table.hpp).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "msrt/message.hpp"
#include "msrt/session/node_pool.hpp"
#include "msrt/session/packed.hpp"
#include "msrt/session/pool.hpp"
#include "msrt/session/refresh_scope.hpp"
#include "msrt/session/registration_table.hpp"
#include "msrt/session/types.hpp"

namespace msrt::session {

// A Refresh stays the cause of Registrations of new keys while the ETR sends in-scope Registrations with
// pauses no longer than this (the ETR answers a Refresh with a back-to-back burst, spec 6.1 step 5) [I].
inline constexpr Micros kRefreshBurstGap = 5'000'000;

struct Rloc {
    PackedAddress address;
    std::uint8_t priority = 0, weight = 0, m_priority = 0, m_weight = 0;
    std::uint16_t flags = 0;

    static Rloc of(const Locator& l);
    // Whether of(l) would equal this, without building it.
    bool matches(const Locator& l) const;
    friend bool operator==(const Rloc&, const Rloc&) = default;
    friend auto operator<=>(const Rloc&, const Rloc&) = default;
};
using RlocSet = SmallVector<Rloc>;

// xTR-ID and Site-ID of a Map-Register (present only with the I bit).
struct SiteIds {
    bool present = false;
    XtrId xtr_id{};
    std::uint64_t site_id = 0;
    friend auto operator<=>(const SiteIds&, const SiteIds&) = default;
    // Compared for every Registration: in two words rather than through memcmp.
    friend bool operator==(const SiteIds& a, const SiteIds& b) {
        return a.site_id == b.site_id && load_be64(a.xtr_id.data()) == load_be64(b.xtr_id.data()) &&
               load_be64(a.xtr_id.data() + 8) == load_be64(b.xtr_id.data() + 8) && a.present == b.present;
    }
};

struct Summary {
    std::uint32_t registered = 0, rejected = 0, pending = 0, withdrawn = 0;
};

struct RefreshRecord {
    RefreshScope scope;
    Micros at = 0;
    std::uint64_t frame = 0;
    std::uint32_t index = 0;     // message number in the session
    std::uint32_t marked = 0;    // table entries it asked for
    std::uint32_t answered = 0;  // marks cleared by a re-sent Registration
    std::uint32_t caused = 0;    // Registrations linked to it (re-sends and new keys)
};

// Message-ID continuity of one direction (spec 2.2: per sender, +1 per message, wrapping at 2^32).
struct IdStats {
    std::optional<std::uint32_t> next;
    std::uint32_t gaps = 0, repeats = 0;
    std::uint64_t missing = 0;  // Message IDs skipped over by the gaps
};

// What the tracker learned from one message; stored by the plugin per frame on the first pass.
struct Note {
    std::uint32_t index = 0;                   // of this message in the session (0-based)
    std::optional<std::uint32_t> answers;      // ACK/NACK: the Registration it answers (message number)
    std::optional<std::uint32_t> answers_id;   // ACK/NACK: that Registration's Message ID
    std::optional<Micros> request_time;        // ACK/NACK: when that Registration was sent
    std::optional<std::uint32_t> follows_ack;  // Mapping Notification: the ACK it goes with
    std::optional<std::uint32_t> caused_by;    // Registration: the Refresh it answers (message number)
    std::optional<std::uint32_t>
        refresh;  // Refresh, or the Refresh a Registration answers: refreshes() index
    std::optional<std::uint32_t> expected_id;  // set when the Message ID is not the one expected (gap/repeat)
    bool unmatched = false;        // ACK/NACK with nothing pending, or Mapping Notification with no ACK
    bool wrong_direction = false;  // e.g. an ACK sent by the ETR; such messages do not change the table
    // The table's summary after the message is Tracker::summary() at that point: copied into every Note,
    // it was a 16-octet load of counters just stored one by one, which waits for them (store forwarding).

    // As a new Note for message `i` (a field added above must be reset here too). Field by field: a new
    // Note is 80 octets that GCC zeroes with `rep stosq`, whose start-up cost per message showed in perf.
    void reset(std::uint32_t i) {
        index = i;
        answers.reset();
        answers_id.reset();
        request_time.reset();
        follows_ack.reset();
        caused_by.reset();
        refresh.reset();
        expected_id.reset();
        unmatched = wrong_direction = false;
    }
};

struct LogEntry {
    std::uint64_t frame = 0;
    Micros time = 0;
    Direction dir{};
    Kind kind{};
    std::uint32_t id = 0;
    std::optional<std::uint32_t> answered_by;  // Registration: its ACK/NACK
    std::optional<std::uint32_t> notified_by;  // ACK: its Mapping Notification
    std::vector<std::uint32_t> caused;         // Refresh: the Registrations it caused
};

using Counts = std::array<std::array<std::uint32_t, kKindCount>, 2>;  // [Direction][Kind]

class Tracker {
  public:
    explicit Tracker(const Profile& p = default_profile(), bool keep_log = false);
    // A session's state can be large: it is moved, never copied.
    Tracker(const Tracker&) = delete;
    Tracker& operator=(const Tracker&) = delete;
    Tracker(Tracker&&) noexcept;
    Tracker& operator=(Tracker&&) noexcept;
    ~Tracker();

    // A session picked up mid-stream: the first Message ID of each direction is the baseline instead of 0.
    void start_mid_stream() { mid_stream_ = true; }
    // A message whose body failed to decode may be passed with its header and an UnknownBody: it is counted
    // and ID-checked, and changes nothing else.
    Note on_message(const Message& m, Direction d, Micros t, std::uint64_t frame);
    // The same into `note`, which is reset first: for a caller that keeps one Note for every message.
    void on_message(const Message& m, Direction d, Micros t, std::uint64_t frame, Note& note);
    void on_close(Micros t) { closed_at_ = t; }

    const RegistrationTable& table() const { return table_; }
    const RlocSet& rlocs(std::uint32_t n) const;  // empty for kNone
    const SiteIds& ids(std::uint32_t n) const;    // not present for kNone
    Summary summary() const { return summary_; }  // after the last message fed
    Counts counts() const;  // by value: stored sparsely (a session uses a handful of the 32 cells)
    std::uint32_t count(Direction d, Kind k) const;
    const IdStats& id_stats(Direction d) const { return ids_seen_[static_cast<int>(d)]; }
    const SmallVector<RefreshRecord>& refreshes() const { return refreshes_; }
    const std::vector<LogEntry>& log() const { return log_; }  // empty unless keep_log
    std::uint32_t messages() const { return messages_; }
    std::optional<Micros> closed_at() const { return closed_at_; }
    // Keys whose Registration was never answered, and keys a Refresh asked for that were never re-sent.
    std::vector<Key> pending_keys() const;
    std::vector<Key> unanswered_refresh_keys() const;
    // How many of each, without listing them in key order (every closed session is counted).
    std::size_t pending_count() const;
    std::size_t unanswered_refresh_count() const;

  private:
    using Index = RegistrationTable::Index;
    std::vector<Key> keys_where(bool (*selects)(const Entry&)) const;  // in key order
    std::size_t count_where(bool (*selects)(const Entry&)) const;
    // A Registration awaiting its answer; those of one key form a queue through `next`, from the entry's
    // pending_first to its pending_last.
    struct Pending {
        std::uint32_t index = 0;  // message number in the session
        std::uint32_t id = 0;     // Message ID
        std::uint64_t frame = 0;
        Micros time = 0;
        bool withdraw = false;  // Record TTL 0
        Index next = kNone;     // the key's next pending Registration, or the next free node
    };
    struct Context {
        const Message& m;
        Direction dir;
        Micros t;
        std::uint64_t frame;
        Note& note;
    };

    void count_message(Direction d, Kind k);
    void check_id(const Message& m, Direction d, Note& note);
    bool wrong_direction(Kind k, Direction d) const;
    void on_registration(const Registration& r, const Context& c);
    void on_record(const EidRecord& rec, const MapRegister& mr, const Context& c);
    void link_refresh(const Key& key, Entry& e, const Context& c);
    void on_answer(const Key& key, std::optional<std::uint8_t> nack_reason, const Context& c);
    void on_refresh(const RegistrationRefresh& r, const Context& c);
    void on_notification(const MappingNotification& n, const Context& c);
    Index slot(const Key& key);       // the key's entry, added Pending if new
    Pending& push_pending(Entry& e);  // a new node at the end of the key's queue, for the caller to fill
    Pending pop_pending(Entry& e);
    void set_status(Entry& e, Status s);
    void set_rlocs(std::uint32_t& slot, const std::vector<Locator>& locs);
    void set_ids(Entry& e, const SiteIds& ids);

    const Profile* profile_;
    bool keep_log_;
    bool mid_stream_ = false;
    std::uint32_t messages_ = 0;
    RegistrationTable table_;
    SmallVector<Pending> pending_;  // nodes of the per-key queues (see Pending), and free ones
    Index free_pending_ = kNone;
    std::uint32_t live_pending_ = 0;  // nodes in a queue
    // The entry of the latest ACK/NACK: its Mapping Notification follows it at once, and needs no search.
    Index last_answered_ = kNone;
    Pool<RlocSet> rloc_pool_;
    std::uint32_t last_rlocs_ = kNone;  // the set acquired last: usually the next Registration's too
    Pool<SiteIds> id_pool_;
    Summary summary_;
    // Sparse: a session uses a handful of the 32 cells, and tens of thousands of sessions are followed at
    // once (dense, the 20k-concurrent bench capture took 1.4 MiB more).
    struct CountCell {
        std::uint8_t cell = 0;  // direction * kKindCount + kind
        std::uint32_t n = 0;
    };
    SmallVector<CountCell> counts_;
    std::array<IdStats, 2> ids_seen_{};
    SmallVector<RefreshRecord> refreshes_;
    std::optional<std::uint32_t> burst_refresh_;  // the Refresh new keys may still answer
    Micros burst_last_ = 0;
    std::vector<LogEntry> log_;
    std::optional<Micros> closed_at_;
};

}  // namespace msrt::session
