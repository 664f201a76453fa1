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
  background later;
  std::atomic<bool> handler_started{false};
  router r = basic_routes();
  r.add("GET", "/slow", [&](request, responder respond) {
    handler_started = true;
    later.run([respond = std::move(respond)] {
      std::this_thread::sleep_for(300ms);
      respond(response::text(200, "slow done"));
    });
  });
  auto options = fast_options();
  options.idle_timeout = 10s;  // only shutdown may close the idle connection
  options.handler_timeout = 5s;
  running_server s(r, options);

  test::http_connection idle(s.port());
  REQUIRE(idle.get("/ok").status == 200);
  auto in_flight = std::async(std::launch::async, [port = s.port()] { return test::get(port, "/slow"); });
  REQUIRE(wait_for(handler_started, 2s));

  const auto start = std::chrono::steady_clock::now();
  auto stopping = std::async(std::launch::async, [&s] { s.srv.stop(); });
  // The idle connection goes well before the in-flight request's 300 ms are up.
  CHECK(idle.wait_closed(250ms));
  CHECK_FALSE(s.srv.running());

  const auto res = in_flight.get();
  REQUIRE(res.error.empty());
  CHECK(res.status == 200);
  CHECK(res.body == "slow done");
  CHECK(res.header("Connection") == "close");
  stopping.get();
  const double elapsed = ms_since(start);
  CHECK(elapsed >= 200);
  CHECK(elapsed < 1'500);  // well inside shutdown_grace (2 s): it did not wait for the grace

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
  options.handler_timeout = 10s;
  options.shutdown_grace = 300ms;
  running_server s(r, options);

  auto in_flight = std::async(std::launch::async, [port = s.port()] { return test::get(port, "/never", {}, 5s); });
  REQUIRE(wait_for(handler_started, 2s));
  const auto start = std::chrono::steady_clock::now();
  s.srv.stop();
  const double elapsed = ms_since(start);
  CHECK(elapsed >= 250);
  CHECK(elapsed < 1'500);
  const auto res = in_flight.get();
  CHECK(res.status == 0);  // the connection was closed without a response
  CHECK_FALSE(res.error.empty());

  // A responder called after the server stopped is ignored.
  std::lock_guard lock(kept_mutex);
  REQUIRE(kept.size() == 1);
  kept[0](response::text(200, "too late"));
}

TEST_CASE("a handler may call stop(); the request it serves still gets its response", "[http][shutdown]") {
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
