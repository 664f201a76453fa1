// `commonsbot serve` on an ephemeral port, exercised over real sockets: routes, limits,
// timeouts, keep-alive, and a graceful stop that leaves the store closed cleanly.
#include "support/console_session.hpp"
#include "support/http_client.hpp"
#include "support/process.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <csignal>
#include <fstream>
#include <thread>

using namespace commonsbot::test;

namespace {

struct running_server {
  explicit running_server(const std::string& server_extra = "")
      : config(write_test_config(dir, server_extra)),
        process({binary(), "serve", "--config", config.string(), "--port", "0", "--port-file",
                 (dir / "port").string()},
                dir / "server.log") {
    port = wait_for_port_file(dir / "port");
    INFO(read_file(dir / "server.log"));
    REQUIRE(port != 0);
  }

  std::string log() const { return read_file(dir / "server.log"); }

  temp_dir dir;
  std::filesystem::path config;
  child_process process;
  std::uint16_t port = 0;
};

}  // namespace

TEST_CASE("serve answers health and readiness", "[integration][server]") {
  running_server s;
  auto health = get(s.port, "/healthz");
  CHECK(health.status == 200);
  CHECK(nlohmann::json::parse(health.body)["status"] == "alive");
  CHECK_FALSE(health.header("X-Request-Id").empty());

  auto ready = get(s.port, "/readyz");
  CHECK(ready.status == 200);
  const auto body = nlohmann::json::parse(ready.body);
  CHECK(body["status"] == "ready");
  CHECK(body["store"]["ok"] == true);
  CHECK(body["workers"] == true);
}

TEST_CASE("unknown routes, wrong methods and oversized bodies get JSON errors", "[integration][server]") {
  running_server s(R"(, "body_limit_bytes": 4096)");
  auto missing = get(s.port, "/nowhere");
  CHECK(missing.status == 404);
  CHECK(nlohmann::json::parse(missing.body)["error"] == "not_found");

  auto wrong = post(s.port, "/healthz", "{}");
  CHECK(wrong.status == 405);
  CHECK(wrong.header("Allow") == "GET");
  CHECK(nlohmann::json::parse(wrong.body)["error"] == "method_not_allowed");

  auto big = post(s.port, "/healthz", std::string(5000, 'x'));
  CHECK(big.status == 413);
  CHECK(nlohmann::json::parse(big.body)["error"] == "body_too_large");

  raw_connection raw(s.port);
  raw.send("BLAH\r\n\r\n");
  CHECK(status_of(raw.read_response()) == 400);

  // The server is still up and serving after all of that.
  CHECK(get(s.port, "/healthz").status == 200);
}

TEST_CASE("keep-alive serves several requests on one connection", "[integration][server]") {
  running_server s;
  http_connection c(s.port);
  REQUIRE(c.connect_error().empty());
  for (int i = 0; i < 5; ++i) CHECK(c.get("/healthz").status == 200);
  CHECK(c.get("/readyz").status == 200);
}

TEST_CASE("a slow client is dropped at the read timeout and others are served", "[integration][server]") {
  running_server s(R"(, "read_timeout_ms": 400)");
  raw_connection slow(s.port);
  REQUIRE(slow.send("GET /healthz HTTP/1.1\r\nHost: x\r\n"));  // and then nothing more
  const auto started = std::chrono::steady_clock::now();
  CHECK(get(s.port, "/healthz").status == 200);
  CHECK(slow.wait_closed(std::chrono::seconds(20)));
  // The configured 400 ms, not the default 10 s (with room for a loaded machine).
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(8));
  CHECK(get(s.port, "/healthz").status == 200);
}

TEST_CASE("SIGTERM stops the server cleanly and the data folder reopens", "[integration][server]") {
  running_server s;
  REQUIRE(get(s.port, "/healthz").status == 200);
  s.process.signal(SIGTERM);
  CHECK(s.process.wait(std::chrono::seconds(20)) == 0);
  const auto log = s.log();
  INFO(log);
  CHECK(log.find("server.stopping signal=SIGTERM") != std::string::npos);
  CHECK(log.find("server.stopped") != std::string::npos);
  CHECK(log.find("http.request") != std::string::npos);

  // The lock was released: a console conversation can use the same folder now.
  auto chat = run_process({binary(), "chat", "--config", s.config.string(), "--as", "Aroha"}, "/library help\n");
  CHECK(chat.exit_code == 0);
  CHECK(chat.out.find("Kia ora Aroha") != std::string::npos);
}

TEST_CASE("a second server on the same data folder is refused", "[integration][server]") {
  running_server s;
  auto second = run_process({binary(), "serve", "--config", s.config.string(), "--port", "0"}, "",
                            std::chrono::seconds(20));
  CHECK(second.exit_code == 1);
  CHECK(second.err.find("cannot open the data directory") != std::string::npos);
  CHECK(second.err.find(std::to_string(s.process.pid())) != std::string::npos);
  CHECK(get(s.port, "/healthz").status == 200);
}

TEST_CASE("check-config names problems with their paths", "[integration][cli]") {
  temp_dir dir;
  const auto good = write_test_config(dir);
  auto ok = run_process({binary(), "check-config", "--config", good.string()}, "");
  CHECK(ok.exit_code == 0);
  CHECK(ok.out.find(": ok") != std::string::npos);

  std::ofstream(dir / "bad.json") << R"({"server": {"port": "eighty"}, "flows": {"templates_dir": "/nonexistent"}, "mystery": 1})";
  auto bad = run_process({binary(), "check-config", "--config", (dir / "bad.json").string()}, "");
  CHECK(bad.exit_code == 1);
  CHECK(bad.out.find("/server/port: must be a whole number") != std::string::npos);
  CHECK(bad.out.find("warning:") != std::string::npos);
  CHECK(bad.out.find("/mystery: unknown key") != std::string::npos);

  auto help = run_process({binary(), "--help"}, "");
  CHECK(help.exit_code == 0);
  for (const char* cmd : {"serve", "chat", "check-config", "store"}) CHECK(help.out.find(cmd) != std::string::npos);
  auto unknown = run_process({binary(), "dance"}, "");
  CHECK(unknown.exit_code == 2);
}
