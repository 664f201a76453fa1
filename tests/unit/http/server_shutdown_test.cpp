// Graceful shutdown: in-flight requests finish, idle connections close, stragglers are cut.
#include "server_fixture.hpp"

#include "support/http_client.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <future>

using namespace commonsbot::http;
using namespace commonsbot::http::testing;
namespace test = commonsbot::test;

namespace {

// Waits until `flag` is set, or fails after `timeout`.
bool wait_for(const std::atomic<bool>& flag, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!flag && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(5ms);
  return flag;
}

}  // namespace

TEST_CASE("stop() lets an in-flight request finish and closes idle connections at once", "[http][shutdown]") {
  // Event-based, so it holds on a loaded machine: the slow handler answers only when the test
  // says so, after it has seen the idle connection closed.
  background later;
  std::atomic<bool> handler_started{false};
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  router r = basic_routes();
  r.add("GET", "/slow", [&](request, responder respond) {
    handler_started = true;
    later.run([respond = std::move(respond), released] {
      released.wait();
      respond(response::text(200, "slow done"));
    });
  });
  auto options = fast_options();
  options.idle_timeout = 60s;  // only shutdown may close the idle connection
  options.handler_timeout = 60s;
  options.shutdown_grace = 60s;
  running_server s(r, options);

  test::http_connection idle(s.port());
  REQUIRE(idle.get("/ok").status == 200);
  auto in_flight = std::async(std::launch::async, [port = s.port()] { return test::get(port, "/slow", {}, 60s); });
  REQUIRE(wait_for(handler_started, 10s));

  auto stopping = std::async(std::launch::async, [&s] { s.srv.stop(); });
  // The idle connection goes while the in-flight request is still being handled.
  CHECK(idle.wait_closed(10s));
  CHECK_FALSE(s.srv.running());
  CHECK(in_flight.wait_for(0s) == std::future_status::timeout);

  release.set_value();
  const auto res = in_flight.get();
  REQUIRE(res.error.empty());
  CHECK(res.status == 200);
  CHECK(res.body == "slow done");
  CHECK(res.header("Connection") == "close");
  // stop() returns once that last request is answered, not at the end of the 60 s grace.
  CHECK(stopping.wait_for(30s) == std::future_status::ready);

  // Nothing listens any more.
  CHECK_THROWS(test::raw_connection(s.port()));
}

TEST_CASE("stop() cuts requests still running after shutdown_grace", "[http][shutdown]") {
  std::mutex kept_mutex;
  std::vector<responder> kept;
  std::atomic<bool> handler_started{false};
  router r;
  r.add("GET", "/never", [&](request, responder respond) {
    std::lock_guard lock(kept_mutex);
    kept.push_back(std::move(respond));
    handler_started = true;
  });
  auto options = fast_options();
  options.handler_timeout = 60s;
  options.shutdown_grace = 300ms;
  running_server s(r, options);

  auto in_flight = std::async(std::launch::async, [port = s.port()] { return test::get(port, "/never", {}, 60s); });
  REQUIRE(wait_for(handler_started, 10s));
  const auto start = std::chrono::steady_clock::now();
  s.srv.stop();
  const double elapsed = ms_since(start);
  CHECK(elapsed >= 250);
  CHECK(elapsed < 20'000);  // the grace, not the handler's 60 s (margin for a loaded machine)
  const auto res = in_flight.get();
  CHECK(res.status == 0);  // the connection was closed without a response
  CHECK_FALSE(res.error.empty());

  // A responder called after the server stopped is ignored.
  std::lock_guard lock(kept_mutex);
  REQUIRE(kept.size() == 1);
  kept[0](response::text(200, "too late"));
}

TEST_CASE("a handler may call stop(), the request it serves still gets its response", "[http][shutdown]") {
  router r;
  std::unique_ptr<running_server> s;
  r.add("POST", "/shutdown", [&s](request, responder respond) {
    s->srv.stop();  // on a worker thread: starts the shutdown and returns
    respond(response::json(202, R"({"stopping":true})"));
  });
  s = std::make_unique<running_server>(r);
  const auto res = test::post(s->port(), "/shutdown", "");
  CHECK(res.status == 202);
  CHECK_FALSE(s->srv.running());
  s.reset();  // joins everything
}

TEST_CASE("stop() is idempotent and safe without start()", "[http][shutdown]") {
  {
    server never_started(fast_options(), basic_routes());
    never_started.stop();
    CHECK_FALSE(never_started.running());
  }
  running_server s(basic_routes());
  CHECK(s.srv.running());
  s.srv.stop();
  s.srv.stop();
  CHECK_FALSE(s.srv.running());
  // wait_for_signal returns at once on a stopped server.
  s.srv.wait_for_signal();
}

TEST_CASE("wait_for_signal returns when the server is stopped another way", "[http][shutdown]") {
  running_server s(basic_routes());
  std::atomic<bool> called{false};
  auto waiting = std::async(std::launch::async, [&] {
    s.srv.wait_for_signal([&called](const char*) { called = true; });
  });
  std::this_thread::sleep_for(50ms);
  s.srv.stop();
  CHECK(waiting.wait_for(2s) == std::future_status::ready);
  CHECK_FALSE(called);
}
