#include "emulate/capture_etrs.hpp"

#include <map>

#include "common/capture_reader.hpp"
#include "msrt/codec.hpp"

namespace msrt::cli {
namespace {

struct SeenEtr {
    XtrId xtr_id{};
    std::uint64_t site_id = 0;
    std::map<Eid, EidRecord> records;
};

// Collects what each ETR registered, over TCP and UDP, in capture order.
class Collector final : public StreamEvents {
  public:
    explicit Collector(const Profile& p) : profile_(p) {}
    std::map<Address, SeenEtr> etrs;

    void on_session_open(const SessionInfo&, SessionStart, const PacketRef&) override {}
    void on_message(const SessionInfo& s, Direction d, const PacketRef&, ByteView bytes,
                    std::uint64_t) override {
        if (d != Direction::EtrToMs) return;
        Result<Message> m = decode_message(bytes, profile_);
        if (m && m->kind == Kind::Registration) take(s.etr.ip, m->as<Registration>()->map_register);
    }
    void on_udp_lisp(const UdpLisp& u, const PacketRef&) override {
        Result<MapRegister> m = decode_map_register(u.payload);
        if (m && !m->is_notify()) take(u.src.ip, *m);
    }
    void on_framing_error(const SessionInfo&, Direction, const PacketRef&, const FramingError&) override {}
    void on_skipped(const SessionInfo&, Direction, const PacketRef&, std::uint64_t, std::uint64_t) override {}
    void on_gap(const SessionInfo&, Direction, const PacketRef&, std::uint64_t, std::uint64_t) override {}
    void on_transport_note(const SessionInfo&, Direction, const PacketRef&, const std::string&) override {}
    void on_session_close(const SessionInfo&, SessionEnd, const PacketRef&) override {}
    void on_input_problem(const PacketRef&, const std::string&) override {}

  private:
    void take(const Address& from, const MapRegister& m) {
        SeenEtr& e = etrs[from];
        if (m.has_ids) {
            e.xtr_id = m.xtr_id;
            e.site_id = m.site_id;
        }
        for (const EidRecord& r : m.records) {
            if (r.ttl == 0)
                e.records.erase(r.key());
            else
                e.records[r.key()] = r;
        }
    }
    const Profile& profile_;
};

}  // namespace

int etrs_from_capture(const std::vector<std::string>& captures, const emulation::EtrConfig& base,
                      std::vector<emulation::EtrConfig>& out) {
    Collector c(*base.profile);
    ReaderOptions ro;
    ro.program = "msrt emulate";
    if (int rc = read_captures(captures, ro, c); rc != 0) return rc;
    for (const auto& [addr, seen] : c.etrs) {
        emulation::EtrConfig e = base;
        e.xtr_id = seen.xtr_id;
        e.site_id = seen.site_id;
        e.mappings.clear();
        // Locators stay as captured: the replay registers what the real ETR registered.
        for (const auto& [key, rec] : seen.records)
            e.mappings.push_back(emulation::Mapping{key, rec.locators, rec.ttl, std::nullopt, rec});
        out.push_back(std::move(e));
    }
    return 0;
}

}  // namespace msrt::cli
