// A server on 127.0.0.1 with a free port and short timeouts, and a few handlers the server
// tests share. Header-only: each test file of unit_http_tests includes it.
#pragma once

#include "http/router.hpp"
#include "http/server.hpp"

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace commonsbot::http::testing {

using namespace std::chrono_literals;

inline constexpr std::size_t test_body_limit = 1024;
inline constexpr std::size_t test_header_limit = 1024;

// Short enough that timeout tests run in well under a second each.
inline server_options fast_options() {
  server_options o;
  o.address = "127.0.0.1";
  o.port = 0;
  o.threads = 2;
  o.header_limit = test_header_limit;
  o.body_limit = test_body_limit;
  o.read_timeout = 300ms;
  o.idle_timeout = 500ms;
  o.write_timeout = 1'000ms;
  o.handler_timeout = 500ms;
  o.shutdown_grace = 2'000ms;
  return o;
}

// Threads started by handlers, joined when the test ends (after the server, if declared
// before it, which also shows that late responders are harmless).
class background {
 public:
  ~background() {
    std::lock_guard lock(mutex_);
    for (auto& t : threads_) t.join();
  }
  void run(std::function<void()> work) {
    std::lock_guard lock(mutex_);
    threads_.emplace_back(std::move(work));
  }

 private:
  std::mutex mutex_;
  std::vector<std::thread> threads_;
};

// GET /ok -> 200 "ok"; POST /echo -> the body back, with the query and peer in headers.
inline router basic_routes() {
  router r;
  r.add("GET", "/ok", [](request, responder respond) { respond(response::text(200, "ok")); });
  r.add("POST", "/echo", [](request req, responder respond) {
    auto res = response::text(200, req.body);
    res.headers.emplace_back("X-Query", req.query);
    res.headers.emplace_back("X-Remote", req.remote);
    respond(std::move(res));
  });
  r.add("GET", "/remote", [](request req, responder respond) { respond(response::text(200, req.remote)); });
  return r;
}

struct running_server {
  explicit running_server(const router& routes, server_options options = fast_options())
      : srv(std::move(options), routes) {
    srv.start();
  }
  std::uint16_t port() const { return srv.port(); }
  server srv;
};

inline double ms_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace commonsbot::http::testing
