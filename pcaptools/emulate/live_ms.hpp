// `msrt emulate ms --listen`: the Map-Server model behind real sockets. UDP and TCP share one port; every
// session runs in one event loop; SIGHUP re-reads the policy, SIGINT/SIGTERM stop and print the final state.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "emulate/connection.hpp"
#include "emulate/live_log.hpp"
#include "emulate/net.hpp"

namespace msrt::cli::live {

struct MsLiveOptions {
    Peer listen;
    std::string policy_path;
    bool quiet = false;
    bool json = false;      // final state as JSON on stdout
    std::string state_out;  // also write the final state as JSON here
    std::size_t max_sessions = 10'000;
};

class LiveMapServer final : public ConnectionOwner {
  public:
    LiveMapServer(EventLoop& loop, emulation::Policy policy, MsLiveOptions options);
    ~LiveMapServer() override;
    // Binds UDP and TCP on the same port (port 0: the first free pair). Prints "listening on ...".
    bool start();
    int run();

  private:
    struct Socket : Handler {
        LiveMapServer* owner;
        void (LiveMapServer::*ready)();
        void on_ready(std::uint32_t) override { (owner->*ready)(); }
    };

    void on_udp_ready();
    void on_accept_ready();
    void refuse(int fd, const Peer& peer);
    bool evict_silent();
    void reload_policy();
    void carry_out();
    void on_frame(Connection& c, ByteView message) override;
    void on_framing_error(Connection& c, const FramingError& e, ByteView header) override;
    void on_closed(Connection& c, const std::string& why) override;
    std::string who(emulation::SessionId id) const;
    void finish();

    EventLoop& loop_;
    emulation::MapServerModel model_;
    MsLiveOptions options_;
    LiveLog log_;
    int udp_ = -1;
    int tcp_ = -1;
    Socket udp_handler_{};
    Socket tcp_handler_{};
    std::map<emulation::SessionId, std::unique_ptr<Connection>> sessions_;
    std::vector<std::unique_ptr<Connection>> closed_;  // destroyed after the current batch of events
    // Sessions whose peer has not sent one whole message yet, oldest first: the ones given up when the
    // session limit is reached, so that a flood of silent connections cannot lock real ETRs out.
    std::set<emulation::SessionId> silent_;
};

}  // namespace msrt::cli::live
