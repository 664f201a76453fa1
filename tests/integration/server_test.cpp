// `commonsbot serve` on an ephemeral port, exercised over real sockets: routes, limits,
// timeouts, keep-alive, and a graceful stop that leaves the store closed cleanly.
#include "support/console_session.hpp"
#include "support/eventually.hpp"
#include "support/http_client.hpp"
#include "support/process.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <csignal>
#include <fstream>
#include <optional>
#include <thread>

using namespace commonsbot::test;
using namespace std::chrono_literals;

namespace {

constexpr const char* get_healthz = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
constexpr const char* get_readyz = "GET /readyz HTTP/1.1\r\nHost: x\r\n\r\n";

bool has_header(const std::string& raw, const std::string& line) {
  return raw.find("\r\n" + line + "\r\n") != std::string::npos;
}

nlohmann::json body_of(const std::string& raw) {
  return nlohmann::json::parse(raw.substr(raw.find("\r\n\r\n") + 4), nullptr, false);
}

// A keep-alive connection from `from` that the server has admitted: it has served one request.
struct holder {
  holder(std::uint16_t port, const std::string& from = {}) : raw(port, from) {
    REQUIRE(raw.send(get_healthz));
    REQUIRE(status_of(raw.read_response()) == 200);
  }
  std::string ask(const char* request) {
    REQUIRE(raw.send(request));
    return raw.read_response();
  }
  raw_connection raw;
};

// True if the server closes a new connection from `from` without a byte.
bool closed_unread(std::uint16_t port, const std::string& from = {}) {
  raw_connection extra(port, from);
  extra.send(get_healthz);  // may already fail: the server closed first
  bool closed = false;
  const auto got = extra.read_until_closed(5s, &closed);
  return closed && got.empty();
}

// The serve command line, run through `sh -c "<shell> && exec ..."` when `shell` is given
// (to start the server under another `ulimit -n`).
std::vector<std::string> serve_argv(const std::filesystem::path& config, const std::filesystem::path& port_file,
                                    const std::string& shell) {
  std::vector<std::string> argv{binary(), "serve", "--config", config.string(), "--port", "0", "--port-file",
                                port_file.string()};
  if (!shell.empty()) argv.insert(argv.begin(), {"/bin/sh", "-c", shell + " && exec \"$0\" \"$@\""});
  return argv;
}

struct running_server {
  explicit running_server(const std::string& server_extra = "", const std::string& shell = "")
      : config(write_test_config(dir, server_extra)),
        process(serve_argv(config, dir / "port", shell), dir / "server.log") {
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

TEST_CASE("connections over the per-address cap are closed unread and /readyz says overloaded at the cap",
          "[integration][server]") {
  running_server s(R"(, "max_connections": 3, "max_connections_per_address": 3, "idle_timeout_ms": 20000)");
  std::optional<holder> held[3];
  for (auto& h : held) h.emplace(s.port);

  // 127.0.0.1 holds its three: a fourth is closed unread, however often it tries.
  for (int i = 0; i < 5; ++i) CHECK(closed_unread(s.port));
  // Another client finds the server full: 503 overloaded, and closed.
  {
    raw_connection other(s.port, "127.0.0.2");
    REQUIRE(other.send(get_healthz));
    bool closed = false;
    const auto raw = other.read_until_closed(5s, &closed);
    CHECK(status_of(raw) == 503);
    CHECK(body_of(raw)["error"] == "overloaded");
    CHECK(has_header(raw, "X-Content-Type-Options: nosniff"));
    CHECK(closed);
  }
  // Readiness, asked on a connection already held, says why in one word.
  const auto busy = held[0]->ask(get_readyz);
  CHECK(status_of(busy) == 503);
  const auto busy_body = body_of(busy);
  CHECK(busy_body["status"] == "not_ready");
  CHECK(busy_body["reason"] == "overloaded");
  CHECK(busy.find(s.dir.path().string()) == std::string::npos);  // no paths
  // The earlier connections are still served.
  for (auto& h : held) CHECK(status_of(h->ask(get_healthz)) == 200);

  // One leaves: ready again, and 127.0.0.1 may connect again.
  held[2].reset();
  CHECK(eventually([&] { return status_of(held[0]->ask(get_readyz)) == 200; }));
  CHECK(eventually([&] { return get(s.port, "/healthz").status == 200; }));

  const auto log = s.log();
  INFO(log);
  CHECK(log.find("server.connections max_connections=3 configured=3 max_connections_per_address=3") != std::string::npos);
  CHECK(log.find("http.address_full client=127.0.0.1 max_connections_per_address=3") != std::string::npos);
  CHECK(log.find("http.over_capacity") != std::string::npos);
}

TEST_CASE("the per-address cap holds one client back while another is served", "[integration][server]") {
  running_server s(R"(, "max_connections_per_address": 2, "idle_timeout_ms": 20000)");
  std::optional<holder> held[2];
  for (auto& h : held) h.emplace(s.port);
  CHECK(closed_unread(s.port));
  holder other(s.port, "127.0.0.2");
  // Not at the server's cap (1024): ready, with the two from 127.0.0.1 still served.
  CHECK(status_of(other.ask(get_readyz)) == 200);
  for (auto& h : held) CHECK(status_of(h->ask(get_readyz)) == 200);
}

TEST_CASE("a connection is closed after max_requests_per_connection, the last response saying so",
          "[integration][server]") {
  running_server s(R"(, "max_requests_per_connection": 3)");
  raw_connection raw(s.port);
  for (int i = 1; i <= 3; ++i) {
    INFO(i);
    REQUIRE(raw.send(get_healthz));
    const auto res = raw.read_response();
    CHECK(status_of(res) == 200);
    CHECK(has_header(res, "Connection: close") == (i == 3));
  }
  bool closed = false;
  raw.send(get_healthz);  // a fourth is not answered
  CHECK(raw.read_until_closed(5s, &closed).empty());
  CHECK(closed);
}

TEST_CASE("a smuggled request behind a Transfer-Encoding other than chunked is never answered",
          "[integration][server]") {
  running_server s;
  const std::string smuggled = "GET /readyz HTTP/1.1\r\nHost: x\r\n\r\n";
  for (const std::string headers :
       {"Transfer-Encoding: chunked, gzip\r\n", "Transfer-Encoding: gzip\r\n", "Transfer-Encoding: identity\r\n",
        "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n",
        "Transfer-Encoding: chunked\r\nContent-Length: 3\r\n", "Transfer-Encoding: gzip\r\nContent-Length: 3\r\n"}) {
    INFO(headers);
    raw_connection raw(s.port);
    REQUIRE(raw.send("POST /healthz HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n" + smuggled));
    bool closed = false;
    const auto got = raw.read_until_closed(5s, &closed);
    CHECK(status_of(got) == 400);
    CHECK(body_of(got)["error"] == "bad_framing");
    CHECK(has_header(got, "Connection: close"));
    CHECK(got.find("HTTP/1.1", 1) == std::string::npos);  // one response: /readyz never answered
    CHECK(got.find("ready") == std::string::npos);
    CHECK(closed);
  }
  // One exact chunked coding frames a body, and the connection goes on.
  raw_connection ok(s.port);
  REQUIRE(ok.send("POST /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: Chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n"));
  CHECK(status_of(ok.read_response()) == 405);  // the body was read as a body
  REQUIRE(ok.send(smuggled));
  CHECK(status_of(ok.read_response()) == 200);
}

TEST_CASE("a 404 carries nosniff and does not echo the path", "[integration][server]") {
  running_server s;
  raw_connection raw(s.port);
  REQUIRE(raw.send("GET /probe-%3Cscript%3E-7731?q=<b>x</b> HTTP/1.1\r\nHost: x\r\n\r\n"));
  const auto res = raw.read_response();
  CHECK(status_of(res) == 404);
  CHECK(has_header(res, "X-Content-Type-Options: nosniff"));
  CHECK(has_header(res, "Content-Type: application/json"));
  const auto body = res.substr(res.find("\r\n\r\n") + 4);
  CHECK(body == R"({"error":"not_found","message":"No route for this path"})");
  for (const auto& h : {get(s.port, "/healthz"), post(s.port, "/healthz", "{}")})
    CHECK(h.header("X-Content-Type-Options") == "nosniff");
}

TEST_CASE("serve raises the soft descriptor limit and keeps connections below the hard one",
          "[integration][server]") {
  // A low soft limit under a roomy hard one is raised, and the configured cap stands.
  {
    running_server s("", "ulimit -Sn 200");
    CHECK(get(s.port, "/healthz").status == 200);
    const auto log = s.log();
    INFO(log);
    CHECK(log.find("server.connections max_connections=1024 configured=1024") != std::string::npos);
    CHECK(log.find("fd_soft_limit_found=200") != std::string::npos);
    CHECK(log.find("fd_soft_limit=200 ") == std::string::npos);
  }
  // A hard limit of 600 leaves 600 - 256 for connections, and says so as a warning.
  running_server s("", "ulimit -n 600");
  CHECK(get(s.port, "/healthz").status == 200);
  const auto log = s.log();
  INFO(log);
  CHECK(log.find("server.connections max_connections=344 configured=1024") != std::string::npos);
  CHECK(log.find("fd_hard_limit=600") != std::string::npos);
}
