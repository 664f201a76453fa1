// Limits and timeouts: oversized, malformed, slow and idle clients, and the connection cap.
#include "server_fixture.hpp"

#include "support/eventually.hpp"
#include "support/http_client.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <optional>

using namespace commonsbot::http;
using namespace commonsbot::http::testing;
namespace test = commonsbot::test;

namespace {

std::string error_code_of_raw(const std::string& raw) {
  const auto body_at = raw.find("\r\n\r\n");
  if (body_at == std::string::npos) return {};
  const auto body = nlohmann::json::parse(raw.substr(body_at + 4), nullptr, false);
  return body.is_object() && body.contains("error") ? body["error"].get<std::string>() : "";
}

// How many responses (status lines) `raw` holds.
int responses_in(const std::string& raw) {
  int n = 0;
  for (auto at = raw.find("HTTP/1.1 "); at != std::string::npos; at = raw.find("HTTP/1.1 ", at + 1)) ++n;
  return n;
}

std::string message_of_raw(const std::string& raw) {
  const auto body = nlohmann::json::parse(raw.substr(raw.find("\r\n\r\n") + 4), nullptr, false);
  return body.is_object() && body.contains("message") ? body["message"].get<std::string>() : "";
}

std::string chunk(const std::string& data) {
  char size[32];
  std::snprintf(size, sizeof size, "%zx\r\n", data.size());
  return size + data + "\r\n";
}

// Sends `bytes` on a fresh connection and returns what comes back before the server closes.
std::string exchange(std::uint16_t port, const std::string& bytes, bool* closed = nullptr) {
  test::raw_connection raw(port);
  raw.send(bytes);
  return raw.read_until_closed(3s, closed);
}

}  // namespace

TEST_CASE("a body over the limit by Content-Length gets 413 and the server carries on", "[http][limits]") {
  running_server s(basic_routes());
  const auto res = test::post(s.port(), "/echo", std::string(test_body_limit + 1, 'x'));
  REQUIRE(res.error.empty());
  CHECK(res.status == 413);
  CHECK(res.header("Connection") == "close");
  const auto body = nlohmann::json::parse(res.body);
  CHECK(body["error"] == "body_too_large");
  CHECK(body["message"] == "Request body exceeds 1024 bytes");

  // At the limit is fine, and the next connection is served.
  const std::string at_limit(test_body_limit, 'y');
  const auto ok = test::post(s.port(), "/echo", at_limit);
  CHECK(ok.status == 200);
  CHECK(ok.body == at_limit);
}

TEST_CASE("a chunked body growing past the limit gets 413", "[http][limits]") {
  running_server s(basic_routes());
  std::string request = "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 6; ++i) request += chunk(std::string(200, 'z'));  // 1200 > 1024
  request += "0\r\n\r\n";
  bool closed = false;
  const auto raw = exchange(s.port(), request, &closed);
  CHECK(test::status_of(raw) == 413);
  CHECK(error_code_of_raw(raw) == "body_too_large");
  CHECK(closed);

  // Under the limit, chunked bodies are accepted.
  std::string small = "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
  small += chunk("hello ") + chunk("world") + "0\r\n\r\n";
  const auto ok = exchange(s.port(), small);
  CHECK(test::status_of(ok) == 200);
  CHECK(ok.substr(ok.size() - 11) == "hello world");
}

TEST_CASE("an empty chunked body whose last chunk arrives a byte at a time is served", "[http][limits]") {
  // Found by tests/fuzz/http_request_fuzz: Beast 1.81 asserted when "0\r\n" was followed by
  // one more byte in a later read, which aborted every build with assertions on (see
  // http/boost_assert.cpp).
  running_server s(basic_routes());
  test::raw_connection c(s.port());
  REQUIRE(c.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n"));
  for (const char* piece : {"\r", "\n"}) {
    std::this_thread::sleep_for(30ms);
    REQUIRE(c.send(piece));
  }
  const auto raw = c.read_response();
  CHECK(test::status_of(raw) == 200);
  CHECK(raw.ends_with("Content-Length: 0\r\n\r\n"));
}

TEST_CASE("headers over the limit get 431", "[http][limits]") {
  running_server s(basic_routes());
  const auto res = test::get(s.port(), "/ok", {{"X-Big", std::string(test_header_limit + 100, 'h')}});
  REQUIRE(res.error.empty());
  CHECK(res.status == 431);
  CHECK(res.header("Connection") == "close");
  CHECK(nlohmann::json::parse(res.body)["error"] == "header_too_large");
  CHECK(test::get(s.port(), "/ok").status == 200);
}

TEST_CASE("a malformed request gets 400 and the connection is closed", "[http][limits]") {
  running_server s(basic_routes());
  for (const std::string bad : {"GARBAGE\r\n\r\n", "GET /ok HTTX/1.1\r\n\r\n",
                                "GET /ok HTTP/1.1\r\nBad Header\r\n\r\n",
                                "POST /echo HTTP/1.1\r\nContent-Length: nope\r\n\r\n"}) {
    bool closed = false;
    const auto raw = exchange(s.port(), bad, &closed);
    INFO(bad);
    CHECK(test::status_of(raw) == 400);
    CHECK(error_code_of_raw(raw) == "bad_request");
    CHECK(closed);
  }
  CHECK(test::get(s.port(), "/ok").status == 200);
}

TEST_CASE("a client that sends half a request and stalls is dropped after read_timeout", "[http][limits]") {
  running_server s(basic_routes());  // read_timeout 300 ms
  test::raw_connection raw(s.port());
  const auto start = std::chrono::steady_clock::now();
  REQUIRE(raw.send("GET /ok HTTP/1.1\r\nHost: x\r\n"));
  bool closed = false;
  const auto got = raw.read_until_closed(10s, &closed);
  const double elapsed = ms_since(start);
  CHECK(closed);
  CHECK(got.empty());
  CHECK(elapsed >= 250);
  CHECK(elapsed < 8'000);  // at the timeout, give or take a loaded machine
}

TEST_CASE("a client trickling one byte every 100 ms is dropped at read_timeout", "[http][limits]") {
  running_server s(basic_routes());  // read_timeout 300 ms: a per-read timeout would never fire
  const std::string request =
      "POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 40\r\n\r\n" + std::string(40, 'b');
  test::raw_connection raw(s.port());
  const auto start = std::chrono::steady_clock::now();
  std::size_t sent = 0;
  bool dropped = false;
  for (const char byte : request) {
    if (!raw.send(std::string_view(&byte, 1)) || raw.wait_closed(100ms)) {
      dropped = true;
      break;
    }
    ++sent;
  }
  const double elapsed = ms_since(start);
  CHECK(dropped);
  CHECK(sent < request.size());  // sending it all would take 10 s
  CHECK(elapsed >= 250);
  CHECK(elapsed < 8'000);
}

TEST_CASE("an idle keep-alive connection is closed after idle_timeout", "[http][limits]") {
  running_server s(basic_routes());  // idle_timeout 500 ms
  test::http_connection conn(s.port());
  REQUIRE(conn.get("/ok").status == 200);
  const auto start = std::chrono::steady_clock::now();
  CHECK(conn.wait_closed(10s));
  const double elapsed = ms_since(start);
  CHECK(elapsed >= 400);
  CHECK(elapsed < 8'000);
}

TEST_CASE("a connection that sends nothing is closed after read_timeout", "[http][limits]") {
  running_server s(basic_routes());
  test::raw_connection raw(s.port());
  const auto start = std::chrono::steady_clock::now();
  CHECK(raw.wait_closed(10s));
  CHECK(ms_since(start) < 8'000);  // the read timeout (300 ms), not the write or idle ones
}

TEST_CASE("connections over max_connections get 503 and are closed", "[http][limits]") {
  auto options = fast_options();
  options.max_connections = 2;
  options.read_timeout = 5s;  // the two holders must stay connected
  running_server s(basic_routes(), options);
  std::optional<test::raw_connection> holders[2];
  holders[0].emplace(s.port());
  holders[1].emplace(s.port());
  // Make sure both were admitted before the third arrives.
  REQUIRE(holders[0]->send("GET /ok HTTP/1.1\r\nHost: x\r\n\r\n"));
  REQUIRE(test::status_of(holders[0]->read_response(2s)) == 200);
  REQUIRE(holders[1]->send("GET /ok HTTP/1.1\r\nHost: x\r\n\r\n"));
  REQUIRE(test::status_of(holders[1]->read_response(2s)) == 200);

  bool closed = false;
  const auto raw = exchange(s.port(), "GET /ok HTTP/1.1\r\nHost: x\r\n\r\n", &closed);
  CHECK(test::status_of(raw) == 503);
  CHECK(error_code_of_raw(raw) == "overloaded");
  CHECK(raw.find("\r\nX-Content-Type-Options: nosniff\r\n") != std::string::npos);
  CHECK(closed);

  // Once a slot frees, new connections are served again.
  holders[0].reset();
  int status = 0;
  for (int attempt = 0; attempt < 50 && status != 200; ++attempt) {
    status = test::get(s.port(), "/ok").status;
    if (status != 200) std::this_thread::sleep_for(20ms);
  }
  CHECK(status == 200);
}

TEST_CASE("200 sequential connections leave no open descriptors behind", "[http][limits]") {
  running_server s(basic_routes());
  REQUIRE(test::get(s.port(), "/ok").status == 200);  // warm up lazily created descriptors
  std::this_thread::sleep_for(50ms);
  const auto before = test::open_fd_count();
  int ok = 0;
  for (int i = 0; i < 200; ++i) {
    if (i % 2 == 0) {
      ok += test::get(s.port(), "/ok").status == 200;
    } else {
      ok += test::post(s.port(), "/echo", std::string(test_body_limit + 1, 'x')).status == 413;
    }
  }
  CHECK(ok == 200);
  // Servers close their side asynchronously; give them a moment.
  auto after = test::open_fd_count();
  for (int i = 0; i < 100 && after > before; ++i) {
    std::this_thread::sleep_for(20ms);
    after = test::open_fd_count();
  }
  CHECK(after <= before);
}

TEST_CASE("a Transfer-Encoding other than one exact chunked gets 400 and a smuggled request is never served",
          "[http][limits][framing]") {
  running_server s(basic_routes());
  const std::string smuggled = "GET /ok HTTP/1.1\r\nHost: x\r\n\r\n";
  const std::string just_chunked = "Transfer-Encoding must be exactly \"chunked\", sent once";
  const std::string with_length = "Transfer-Encoding and Content-Length cannot be sent together";
  struct attempt {
    std::string headers;
    std::string message;
  };
  const attempt attempts[] = {
      {"Transfer-Encoding: chunked, gzip\r\n", just_chunked},
      {"Transfer-Encoding: gzip\r\n", just_chunked},
      {"Transfer-Encoding: identity\r\n", just_chunked},
      {"Transfer-Encoding: gzip, chunked\r\n", just_chunked},
      {"Transfer-Encoding: chunked,chunked\r\n", just_chunked},
      {"Transfer-Encoding: \r\n", just_chunked},
      {"Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n", just_chunked},
      {"Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n", just_chunked},
      {"Transfer-Encoding: chunked\r\nTransfer-Encoding: gzip\r\n", just_chunked},
      {"Transfer-Encoding: chunked\r\nContent-Length: 5\r\n", with_length},
      {"Content-Length: 5\r\nTransfer-Encoding: chunked\r\n", with_length},
      {"Transfer-Encoding: gzip\r\nContent-Length: 5\r\n", with_length},
      {"Content-Length: 5\r\nTransfer-Encoding: gzip\r\n", with_length},
  };
  for (const auto& [headers, message] : attempts) {
    INFO(headers);
    bool closed = false;
    // What follows the head is a complete request to a server that took the body as empty.
    const auto raw = exchange(s.port(), "POST /echo HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n" + smuggled, &closed);
    CHECK(test::status_of(raw) == 400);
    CHECK(error_code_of_raw(raw) == "bad_framing");
    CHECK(message_of_raw(raw) == message);
    CHECK(raw.find("\r\nConnection: close\r\n") != std::string::npos);
    CHECK(raw.find("\r\nX-Content-Type-Options: nosniff\r\n") != std::string::npos);
    CHECK(responses_in(raw) == 1);
    CHECK(closed);
  }

  bool closed = false;
  const auto old = exchange(s.port(), "POST /echo HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + smuggled, &closed);
  CHECK(test::status_of(old) == 400);
  CHECK(message_of_raw(old) == "Transfer-Encoding needs HTTP/1.1");
  CHECK(responses_in(old) == 1);
  CHECK(closed);
}

TEST_CASE("a single chunked coding, in any case, is served and keeps the connection", "[http][limits][framing]") {
  running_server s(basic_routes());
  test::raw_connection raw(s.port());
  for (const char* coding : {"chunked", "Chunked", "CHUNKED"}) {
    INFO(coding);
    REQUIRE(raw.send(std::string("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: ") + coding + "\r\n\r\n" +
                     chunk("hello") + "0\r\n\r\n"));
    const auto res = raw.read_response(2s);
    CHECK(test::status_of(res) == 200);
    CHECK(res.substr(res.size() - 5) == "hello");
  }
}

TEST_CASE("every response the server makes carries X-Content-Type-Options: nosniff", "[http][limits]") {
  auto options = fast_options();
  options.handler_timeout = 100ms;
  router routes = basic_routes();
  routes.add("GET", "/never", [](request, responder) {});  // answered by the server's 503
  routes.add("GET", "/sniffy", [](request, responder respond) {
    auto res = response::text(200, "x");
    res.headers.emplace_back("X-Content-Type-Options", "whatever");  // the server's own header wins
    respond(std::move(res));
  });
  running_server s(routes, options);
  std::vector<test::http_result> results = {
      test::get(s.port(), "/ok"),
      test::get(s.port(), "/nowhere"),
      test::request(s.port(), "DELETE", "/echo"),
      test::post(s.port(), "/echo", std::string(test_body_limit + 1, 'x')),
      test::get(s.port(), "/ok", {{"X-Big", std::string(test_header_limit + 100, 'h')}}),
      test::get(s.port(), "/never"),
      test::get(s.port(), "/sniffy"),
  };
  const int expected[] = {200, 404, 405, 413, 431, 503, 200};
  for (std::size_t i = 0; i < results.size(); ++i) {
    INFO(i);
    CHECK(results[i].status == expected[i]);
    CHECK(results[i].header("X-Content-Type-Options") == "nosniff");
  }
  const auto bad = exchange(s.port(), "GARBAGE\r\n\r\n");
  CHECK(test::status_of(bad) == 400);
  CHECK(bad.find("\r\nX-Content-Type-Options: nosniff\r\n") != std::string::npos);
  // One nosniff, not the handler's as well.
  const auto sniffy = exchange(s.port(), "GET /sniffy HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  CHECK(sniffy.find("whatever") == std::string::npos);
}

TEST_CASE("a client over max_connections_per_address is closed unread, and other clients are served",
          "[http][limits]") {
  auto options = fast_options();
  options.max_connections = 10;
  options.max_connections_per_address = 2;
  options.read_timeout = 5s;
  options.idle_timeout = 5s;
  running_server s(basic_routes(), options);
  const std::string get_ok = "GET /ok HTTP/1.1\r\nHost: x\r\n\r\n";
  std::optional<test::raw_connection> holders[2];
  for (auto& holder : holders) {
    holder.emplace(s.port());
    REQUIRE(holder->send(get_ok));
    REQUIRE(test::status_of(holder->read_response(2s)) == 200);
  }

  test::raw_connection third(s.port());
  third.send(get_ok);
  bool closed = false;
  CHECK(third.read_until_closed(3s, &closed).empty());  // not a byte: no 503 either
  CHECK(closed);

  // Another address on the loopback is another client.
  test::raw_connection other(s.port(), "127.0.0.2");
  REQUIRE(other.send(get_ok));
  CHECK(test::status_of(other.read_response(2s)) == 200);

  // The first two are still served, and a freed slot is given again.
  for (auto& holder : holders) {
    REQUIRE(holder->send(get_ok));
    CHECK(test::status_of(holder->read_response(2s)) == 200);
  }
  holders[0].reset();
  CHECK(test::eventually([&] { return test::get(s.port(), "/ok").status == 200; }, 5s));
}

TEST_CASE("a connection serves max_requests_per_connection and the last response closes it", "[http][limits]") {
  auto options = fast_options();
  options.max_requests_per_connection = 3;
  running_server s(basic_routes(), options);
  test::raw_connection raw(s.port());
  // Four requests at once: the fourth is never answered.
  std::string four;
  for (int i = 0; i < 4; ++i) four += "GET /ok HTTP/1.1\r\nHost: x\r\n\r\n";
  REQUIRE(raw.send(four));
  for (int i = 1; i <= 3; ++i) {
    INFO(i);
    const auto res = raw.read_response(2s);
    CHECK(test::status_of(res) == 200);
    CHECK((res.find("\r\nConnection: close\r\n") != std::string::npos) == (i == 3));
  }
  bool closed = false;
  CHECK(raw.read_until_closed(3s, &closed).empty());
  CHECK(closed);
}
