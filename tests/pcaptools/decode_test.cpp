// msrt decode as a person runs it: the binary on captures built here, and on every bundled sample.
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "capture_fixture.hpp"

using namespace msrt;
using namespace msrt::test;

namespace {

struct Run {
    int status = -1;
    std::string out;
    std::string err;
};

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

Run run_msrt(const std::string& args, const std::string& stdin_path = "/dev/null") {
    std::string out = temp_path("decode.out"), err = temp_path("decode.err");
    std::string cmd = std::string(MSRT_BIN) + " " + args + " <" + stdin_path + " >" + out + " 2>" + err;
    int rc = std::system(cmd.c_str());
    Run r;
    r.status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
    r.out = slurp(out);
    r.err = slurp(err);
    return r;
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (std::size_t p = text.find(what); p != std::string::npos; p = text.find(what, p + 1))
        ++n;
    return n;
}

std::string basic_capture() {
    Conn c;
    Capture cap;
    cap.add(ethernet(ip_packet(kEtr, kMs, 17, udp_datagram(kEtr, kMs, map_register_udp(true, 7)))));
    cap.add(c.handshake());
    cap.add(c.ms(refresh(0)));
    cap.add(c.etr(registration(0)));
    cap.add(c.etr(registration(1, "[1000] 10.9.0.0/16")));
    cap.add(c.ms(concat({ack(1), nack(2, 1)})));
    cap.add(c.etr({}, 0x11));
    cap.add(c.ms({}, 0x11));
    cap.add(c.etr_ack());
    return cap.write_pcapng("decode-basic.pcapng");
}

std::string lossy_capture() {
    Conn c;
    Capture cap;
    cap.add(c.handshake());
    cap.add(c.etr(registration(0)));
    c.skip_etr(30);
    cap.add(c.etr(registration(1)));
    cap.add(c.ms_ack());
    return cap.write_pcap("decode-loss.pcap");
}

}  // namespace

TEST_CASE("decode prints every message with its salient content and exits 0 on a clean capture") {
    Run r = run_msrt("decode --no-progress " + basic_capture());
    INFO(r.out << r.err);
    CHECK(r.status == 0);
    CHECK(count(r.out, "UDP Map-Register") == 1);
    CHECK(r.out.find("flags I r M") != std::string::npos);
    CHECK(r.out.find("Registration Refresh") != std::string::npos);
    CHECK(r.out.find("scope 0 all  R=0") != std::string::npos);
    CHECK(count(r.out, "Registration   ") == 2);
    CHECK(r.out.find("[1000] 10.9.0.0/16  reason 1 Not a valid site EID prefix") != std::string::npos);
    CHECK(r.out.find("192.0.2.1:4342 \u2192 192.0.2.10:40001") != std::string::npos);
    CHECK(r.out.find("FIN; messages 2 ETR\u2192MS, 3 MS\u2192ETR") != std::string::npos);
    CHECK(r.out.find("1 session, 5 messages, 1 UDP LISP message; 0 findings") != std::string::npos);
}

TEST_CASE("decode --json prints one JSON object per line") {
    std::string path = basic_capture();
    Run r = run_msrt("decode --json " + path);
    INFO(r.out << r.err);
    CHECK(r.status == 0);
    CHECK(count(r.out, "\"event\":\"message\"") == 5);
    CHECK(count(r.out, "\"event\":\"udp\"") == 1);
    CHECK(r.out.find("\"reason\":\"invalid_site_prefix\"") != std::string::npos);
    CHECK(r.out.find("\"r_bit\":true") != std::string::npos);
    std::string json = temp_path("decode.jsonl");
    std::ofstream(json) << r.out;
    std::string check = "python3 -c 'import json,sys; [json.loads(l) for l in sys.stdin]' <" + json;
    CHECK(std::system(check.c_str()) == 0);
}

TEST_CASE("decode reports capture loss and framing problems, and exits 1") {
    Run r = run_msrt("decode " + lossy_capture());
    INFO(r.out << r.err);
    CHECK(r.status == 1);
    CHECK(r.out.find("! capture gap") != std::string::npos);
    CHECK(r.out.find("30 octets not in the capture at stream offset 92") != std::string::npos);
    CHECK(r.out.find("Registration                id 1") != std::string::npos);
}

TEST_CASE("decode reads standard input") {
    Run r = run_msrt("decode -", basic_capture());
    CHECK(r.status == 0);
    CHECK(count(r.out, "Registration ACK") == 1);
}

TEST_CASE("decode usage: --help, bad options, unreadable input") {
    Run help = run_msrt("decode --help");
    CHECK(help.status == 0);
    CHECK(help.out.find("usage: msrt decode") != std::string::npos);
    CHECK(run_msrt("decode").status == 2);
    CHECK(run_msrt("decode --port 0 x.pcap").status == 2);
    CHECK(run_msrt("decode --bogus x.pcap").status == 2);
    Run missing = run_msrt("decode /nonexistent/capture.pcap");
    CHECK(missing.status == 2);
    CHECK(missing.err.find("/nonexistent/capture.pcap") != std::string::npos);
}

// Every bundled sample decodes; a sample generated without impairments has no findings, one with capture loss
// has some. The manifest is the generator's word on what it injected.
TEST_CASE("decode over every bundled sample") {
    namespace fs = std::filesystem;
    fs::path samples = fs::path(MSRT_SOURCE_DIR) / "samples";
    std::size_t seen = 0;
    if (fs::is_directory(samples)) {
        for (const auto& entry : fs::directory_iterator(samples)) {
            if (entry.path().extension() != ".pcapng" && entry.path().extension() != ".pcap") continue;
            ++seen;
            std::string manifest = slurp((samples / entry.path().stem()).string() + ".manifest.json");
            std::size_t at = manifest.find("\"impairments\"");
            std::string impairments =
                at == std::string::npos ? "" : manifest.substr(at, manifest.find(']', at) - at);
            bool clean = impairments.find('"', 14) == std::string::npos;
            Run r = run_msrt("decode --no-progress " + entry.path().string());
            INFO(entry.path().string() << " impairments: " << impairments << "\n" << r.out << r.err);
            if (clean)
                CHECK(r.status == 0);
            else if (impairments.find("capture_loss") != std::string::npos)
                CHECK(r.status == 1);
            else
                CHECK((r.status == 0 || r.status == 1));
        }
    }
    if (seen == 0) WARN("no samples/*.pcapng or *.pcap yet");
    SUCCEED();
}
