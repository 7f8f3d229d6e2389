// `msrt emulate etr --connect`: one or many ETR models behind real sockets in one event loop. Each ETR has
// its own UDP socket and TCP connection to the Map-Server. For the load benchmark it also measures how long
// each Registration waits for its ACK or NACK.
#pragma once

#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "emulate/connection.hpp"
#include "emulate/live_log.hpp"
#include "emulate/net.hpp"
#include "msrt/emulation/etr_model.hpp"

namespace msrt::cli::live {

struct EtrLiveOptions {
    Peer ms;
    bool quiet = false;
    bool json = false;
    std::string state_out;
    Micros duration = 0;             // stop after this long (0: until a signal)
    bool exit_when_settled = false;  // stop once every ETR is established, its script done, nothing pending
    Micros start_spread = 0;         // start the ETRs spread over this long (load benchmark)
};

struct LoadFigures {
    std::uint64_t sent = 0, answered = 0, acks = 0, nacks = 0;
    Micros first_sent = 0, last_answer = 0;
    std::vector<Micros> latencies;  // one per answered Registration
};

class LiveEtrs final : public ConnectionOwner {
  public:
    LiveEtrs(EventLoop& loop, std::vector<emulation::EtrConfig> configs, EtrLiveOptions options);
    ~LiveEtrs() override;
    bool start();
    int run();  // 0 when every ETR settled (or ran its time), 1 when some Registration stayed unanswered

  private:
    struct Etr : Handler {
        LiveEtrs* owner = nullptr;
        std::size_t index = 0;
        emulation::EtrModel model;
        int udp = -1;
        std::unique_ptr<Connection> tcp;
        std::deque<Micros> awaiting;  // send times of unanswered Registrations, oldest first
        bool started = false;
        explicit Etr(emulation::EtrConfig c) : model(std::move(c)) {}
        void on_ready(std::uint32_t events) override;
    };

    void on_udp(Etr& e);
    void carry_out(Etr& e);
    void connect(Etr& e);
    void measure(Etr& e, ByteView message);
    bool settled() const;
    std::optional<Micros> next_deadline() const;
    void on_connected(Connection& c) override;
    void on_frame(Connection& c, ByteView message) override;
    void on_framing_error(Connection& c, const FramingError& e, ByteView header) override;
    void on_closed(Connection& c, const std::string& why) override;
    std::string who(const Etr& e) const;
    void finish();

    EventLoop& loop_;
    EtrLiveOptions options_;
    LiveLog log_;
    std::vector<std::unique_ptr<Etr>> etrs_;
    std::vector<std::unique_ptr<Connection>> closed_;
    Micros started_at_ = 0;
    LoadFigures figures_;
};

}  // namespace msrt::cli::live
