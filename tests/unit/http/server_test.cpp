// The server over real sockets on 127.0.0.1: requests, responses, handlers and logs.
#include "server_fixture.hpp"

#include "log/log.hpp"
#include "support/http_client.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <atomic>
#include <fstream>
#include <future>
#include <sstream>
#include <system_error>

using namespace commonsbot::http;
using namespace commonsbot::http::testing;
namespace test = commonsbot::test;

namespace {

std::string json_error_code(const test::http_result& res) {
  const auto body = nlohmann::json::parse(res.body, nullptr, false);
  return body.is_object() && body.contains("error") ? body["error"].get<std::string>() : "";
}

}  // namespace

TEST_CASE("server answers a GET with status, body and standard headers", "[http][server]") {
  running_server s(basic_routes());
  REQUIRE(s.srv.running());
  REQUIRE(s.port() != 0);
  const auto res = test::get(s.port(), "/ok");
  REQUIRE(res.error.empty());
  CHECK(res.status == 200);
  CHECK(res.body == "ok");
  CHECK(res.header("Server") == "commonsbot");
  CHECK(res.header("Content-Type") == "text/plain; charset=utf-8");
  CHECK(res.header("Content-Length") == "2");
  const auto id = res.header("X-Request-Id");
  CHECK(id.size() == 16);
  CHECK(id.find_first_not_of("0123456789abcdef") == std::string::npos);
}

TEST_CASE("routes added after construction but before start() are served", "[http][server]") {
  // The composition root does this: the readiness route needs the server it reports on.
  router r;
  server srv(fast_options(), r);
  r.add("GET", "/readyz", [&srv](request, responder respond) {
    respond(response::json(srv.running() ? 200 : 503, "{}"));
  });
  srv.start();
  CHECK(test::get(srv.port(), "/readyz").status == 200);
  // Changes after start() are not seen (and cannot race with the sessions).
  r.add("GET", "/late", [](request, responder respond) { respond(response::text(200, "late")); });
  CHECK(test::get(srv.port(), "/late").status == 404);
}

TEST_CASE("server passes body, query and peer to the handler", "[http][server]") {
  running_server s(basic_routes());
  const std::string body = std::string("{\"text\":\"caf\xc3\xa9\"}") + std::string(1, '\0') + "tail";
  const auto res = test::post(s.port(), "/echo?a=1&b=%20", body);
  REQUIRE(res.error.empty());
  CHECK(res.status == 200);
  CHECK(res.body == body);  // raw bytes, NUL included: signatures are computed over these
  CHECK(res.header("X-Query") == "a=1&b=%20");
  CHECK(res.header("X-Remote").rfind("127.0.0.1:", 0) == 0);
}

TEST_CASE("server keeps the connection alive between requests", "[http][server]") {
  running_server s(basic_routes());
  test::http_connection conn(s.port());
  REQUIRE(conn.connect_error().empty());
  const auto first = conn.get("/remote");
  const auto second = conn.get("/remote");
  const auto third = conn.request("POST", "/echo", "x");
  REQUIRE(first.error.empty());
  REQUIRE(second.error.empty());
  REQUIRE(third.error.empty());
  CHECK(first.status == 200);
  CHECK(second.status == 200);
  CHECK(third.body == "x");
  // The same client port both times: one connection carried both requests.
  CHECK(first.body == second.body);
  CHECK(first.header("Connection") != "close");
  CHECK(first.header("X-Request-Id") != second.header("X-Request-Id"));
}

TEST_CASE("server echoes a safe X-Request-Id and replaces an unsafe one", "[http][server]") {
  running_server s(basic_routes());
  CHECK(test::get(s.port(), "/ok", {{"X-Request-Id", "abc-123"}}).header("X-Request-Id") == "abc-123");
  const auto replaced = test::get(s.port(), "/ok", {{"X-Request-Id", "bad id;with=stuff"}});
  CHECK(replaced.header("X-Request-Id") != "bad id;with=stuff");
  CHECK(replaced.header("X-Request-Id").size() == 16);
  const auto too_long = test::get(s.port(), "/ok", {{"X-Request-Id", std::string(65, 'a')}});
  CHECK(too_long.header("X-Request-Id").size() == 16);
}

TEST_CASE("server answers 404 and 405 from the router as JSON", "[http][server]") {
  running_server s(basic_routes());
  const auto missing = test::get(s.port(), "/nope?secret=1");
  CHECK(missing.status == 404);
  CHECK(missing.header("Content-Type") == "application/json");
  CHECK(missing.body == R"({"error":"not_found","message":"No route for this path"})");
  CHECK(missing.header("X-Content-Type-Options") == "nosniff");
  const auto wrong = test::request(s.port(), "DELETE", "/echo");
  CHECK(wrong.status == 405);
  CHECK(wrong.header("Allow") == "POST");
  CHECK(json_error_code(wrong) == "method_not_allowed");
}

TEST_CASE("a handler may respond later from another thread", "[http][server]") {
  background later;
  router r;
  r.add("GET", "/later", [&later](request req, responder respond) {
    later.run([respond = std::move(respond), id = req.request_id] {
      std::this_thread::sleep_for(100ms);
      respond(response::json(200, "{\"id\":\"" + id + "\"}"));
    });
  });
  running_server s(r);
  const auto start = std::chrono::steady_clock::now();
  const auto res = test::get(s.port(), "/later");
  CHECK(ms_since(start) >= 90);
  REQUIRE(res.error.empty());
  CHECK(res.status == 200);
  CHECK(res.header("Content-Type") == "application/json");
  // The handler saw the id the client got back.
  CHECK(nlohmann::json::parse(res.body)["id"] == res.header("X-Request-Id"));
}

TEST_CASE("a handler that never responds gets 503 after handler_timeout", "[http][server]") {
  std::mutex kept_mutex;
  std::vector<responder> kept;
  router r = basic_routes();
  r.add("GET", "/never", [&](request, responder respond) {
    std::lock_guard lock(kept_mutex);
    kept.push_back(std::move(respond));
  });
  auto options = fast_options();
  options.handler_timeout = 400ms;
  running_server s(r, options);
  test::http_connection conn(s.port(), 20s);
  const auto start = std::chrono::steady_clock::now();
  const auto res = conn.get("/never");
  const double elapsed = ms_since(start);
  REQUIRE(res.error.empty());
  CHECK(res.status == 503);
  CHECK(json_error_code(res) == "handler_timeout");
  CHECK(elapsed >= 380);
  CHECK(elapsed < 15'000);  // it came from the timeout: the handler never answers

  // Answering now is too late, and harmless: the next request on the same connection gets
  // its own response, not this one.
  {
    std::lock_guard lock(kept_mutex);
    REQUIRE(kept.size() == 1);
    kept[0](response::text(200, "late"));
  }
  const auto next = conn.get("/ok");
  CHECK(next.status == 200);
  CHECK(next.body == "ok");
}

TEST_CASE("a handler that throws gets 500 and the server stays up", "[http][server]") {
  router r = basic_routes();
  r.add("GET", "/throw", [](request, responder) { throw std::runtime_error("boom"); });
  r.add("GET", "/throw-int", [](request, responder) { throw 42; });
  running_server s(r);
  const auto res = test::get(s.port(), "/throw");
  CHECK(res.status == 500);
  CHECK(json_error_code(res) == "internal_error");
  CHECK(res.body.find("boom") == std::string::npos);  // internals stay in the log
  CHECK(test::get(s.port(), "/throw-int").status == 500);
  CHECK(test::get(s.port(), "/ok").status == 200);
}

TEST_CASE("a responder called twice sends the first response only", "[http][server]") {
  router r;
  r.add("GET", "/twice", [](request, responder respond) {
    respond(response::text(200, "first"));
    respond(response::text(500, "second"));
  });
  r.add("GET", "/then-throw", [](request, responder respond) {
    respond(response::text(200, "answered"));
    throw std::runtime_error("after answering");
  });
  running_server s(r);
  test::http_connection conn(s.port());
  const auto res = conn.get("/twice");
  CHECK(res.status == 200);
  CHECK(res.body == "first");
  const auto thrown = conn.get("/then-throw");
  CHECK(thrown.status == 200);
  CHECK(thrown.body == "answered");
}

TEST_CASE("handler headers are sent, framing and injected headers are not", "[http][server]") {
  router r;
  r.add("GET", "/h", [](request, responder respond) {
    auto res = response::json(201, "{}");
    res.headers = {{"X-Custom", "1"}, {"Content-Length", "999"}, {"X-Bad", "a\r\nX-Injected: 1"},
                   {"Content-Type", "application/vnd.test+json"}};
    respond(std::move(res));
  });
  r.add("GET", "/no-content", [](request, responder respond) { respond(response::text(204, "dropped")); });
  running_server s(r);
  const auto res = test::get(s.port(), "/h");
  CHECK(res.status == 201);
  CHECK(res.header("X-Custom") == "1");
  CHECK(res.header("Content-Length") == "2");
  CHECK(res.header("X-Injected").empty());
  CHECK(res.header("X-Bad").empty());
  CHECK(res.header("Content-Type") == "application/vnd.test+json");
  const auto empty = test::get(s.port(), "/no-content");
  CHECK(empty.status == 204);
  CHECK(empty.body.empty());
}

TEST_CASE("server answers Expect: 100-continue before the body", "[http][server]") {
  running_server s(basic_routes());
  test::raw_connection raw(s.port());
  REQUIRE(raw.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n"));
  const auto interim = raw.read_response(2s);
  CHECK(test::status_of(interim) == 100);
  REQUIRE(raw.send("hello"));
  const auto final_response = raw.read_response(2s);
  CHECK(test::status_of(final_response) == 200);
  CHECK(final_response.substr(final_response.size() - 5) == "hello");
}

TEST_CASE("server logs one line per request without headers, query or body", "[http][server]") {
  commonsbot::test::temp_dir dir;
  const auto log_path = (dir / "http.log").string();
  commonsbot::log::set_output(log_path);
  commonsbot::log::set_level(commonsbot::log::level::info);  // the unit programs run quieter (store/test_setup.cpp)
  {
    running_server s(basic_routes());
    const auto res = test::post(s.port(), "/echo?token=query-secret", "body-secret",
                                {{"Authorization", "Bearer header-secret"}, {"X-Request-Id", "trace-1"}});
    CHECK(res.status == 200);
  }
  commonsbot::log::set_output("");
  std::ifstream in(log_path);
  std::stringstream text;
  text << in.rdbuf();
  const std::string logged = text.str();
  CHECK(logged.find("http.request method=POST path=/echo status=200") != std::string::npos);
  CHECK(logged.find("request_id=trace-1") != std::string::npos);
  CHECK(logged.find("remote=127.0.0.1:") != std::string::npos);
  CHECK(logged.find(" ms=") != std::string::npos);
  CHECK(logged.find("secret") == std::string::npos);
  std::size_t lines = 0;
  for (std::size_t at = 0; (at = logged.find("http.request ", at)) != std::string::npos; ++at) ++lines;
  CHECK(lines == 1);
}

TEST_CASE("start fails with an error naming the address when the port is taken", "[http][server]") {
  running_server first(basic_routes());
  auto options = fast_options();
  options.port = first.port();
  server second(options, basic_routes());
  try {
    second.start();
    FAIL("start() should have thrown");
  } catch (const std::system_error& e) {
    CHECK(std::string(e.what()).find("127.0.0.1:" + std::to_string(first.port())) != std::string::npos);
  }
  CHECK_FALSE(second.running());
  options.address = "not-an-address";
  server third(options, basic_routes());
  CHECK_THROWS_AS(third.start(), std::system_error);
}

TEST_CASE("many concurrent clients are all served", "[http][server]") {
  running_server s(basic_routes());
  constexpr int clients = 16;
  constexpr int requests_each = 20;
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&] {
      test::http_connection conn(s.port());
      for (int i = 0; i < requests_each; ++i)
        if (conn.request("POST", "/echo", std::to_string(i)).body == std::to_string(i)) ++ok;
    });
  }
  for (auto& t : threads) t.join();
  CHECK(ok == clients * requests_each);
}
