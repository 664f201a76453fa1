#include "http/router.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <optional>
#include <stdexcept>

using namespace commonsbot::http;

namespace {

request make(std::string method, std::string path) {
  request req;
  req.method = std::move(method);
  req.path = std::move(path);
  req.target = req.path;
  return req;
}

// Dispatches and captures the (synchronous) response.
response call(const router& r, request req) {
  std::optional<response> out;
  r.dispatch(std::move(req), [&out](response res) { out = std::move(res); });
  REQUIRE(out.has_value());
  return *out;
}

std::string allow_of(const response& res) {
  for (const auto& [name, value] : res.headers)
    if (name == "Allow") return value;
  return {};
}

}  // namespace

TEST_CASE("router dispatches on exact method and path", "[http][router]") {
  router r;
  std::string seen;
  r.add("GET", "/a", [&](request req, responder respond) {
    seen = "GET /a " + req.body;
    respond(response::text(200, "a"));
  });
  r.add("POST", "/a", [&](request, responder respond) { respond(response::text(201, "posted")); });
  r.add("GET", "/a/b", [&](request, responder respond) { respond(response::text(200, "ab")); });

  auto req = make("GET", "/a");
  req.body = "payload";
  const auto res = call(r, std::move(req));
  CHECK(res.status == 200);
  CHECK(res.body == "a");
  CHECK(seen == "GET /a payload");
  CHECK(call(r, make("POST", "/a")).status == 201);
  CHECK(call(r, make("GET", "/a/b")).body == "ab");
}

TEST_CASE("router answers 404 with a JSON error for an unknown path", "[http][router]") {
  router r;
  r.add("GET", "/a", [](request, responder respond) { respond(response::text(200, "a")); });
  for (const char* path : {"/x", "/a/", "/A", "/a/b", ""}) {
    const auto res = call(r, make("GET", path));
    CHECK(res.status == 404);
    CHECK(res.content_type == "application/json");
    CHECK(res.body == R"({"error":"not_found","message":"No route for this path"})");
  }
  // What the client sent is never echoed back, however it looks.
  const auto hostile = call(r, make("GET", "/<script>alert(1)</script>"));
  CHECK(hostile.status == 404);
  CHECK(hostile.body.find("script") == std::string::npos);
}

TEST_CASE("router answers 405 with Allow for a known path and another method", "[http][router]") {
  router r;
  bool called = false;
  r.add("POST", "/hook", [&](request, responder respond) { called = true; respond(response::text(200, "")); });
  r.add("PUT", "/hook", [&](request, responder respond) { called = true; respond(response::text(200, "")); });
  const auto res = call(r, make("GET", "/hook"));
  CHECK_FALSE(called);
  CHECK(res.status == 405);
  CHECK(allow_of(res) == "POST, PUT");
  const auto body = nlohmann::json::parse(res.body);
  CHECK(body["error"] == "method_not_allowed");
  CHECK(body["message"] == "Method not allowed for this path; see Allow");
  CHECK(res.body.find("/hook") == std::string::npos);
}

TEST_CASE("router methods are case-sensitive, as HTTP says", "[http][router]") {
  router r;
  r.add("GET", "/a", [](request, responder respond) { respond(response::text(200, "a")); });
  CHECK(call(r, make("get", "/a")).status == 405);
}

TEST_CASE("router: adding the same route twice replaces the handler", "[http][router]") {
  router r;
  r.add("GET", "/a", [](request, responder respond) { respond(response::text(200, "old")); });
  r.add("GET", "/a", [](request, responder respond) { respond(response::text(200, "new")); });
  CHECK(call(r, make("GET", "/a")).body == "new");
}

TEST_CASE("router refuses malformed routes at registration", "[http][router]") {
  router r;
  auto ok = [](request, responder respond) { respond(response::text(200, "")); };
  CHECK_THROWS_AS(r.add("GET", "a", ok), std::invalid_argument);
  CHECK_THROWS_AS(r.add("GET", "", ok), std::invalid_argument);
  CHECK_THROWS_AS(r.add("", "/a", ok), std::invalid_argument);
  CHECK_THROWS_AS(r.add("GET", "/a", handler{}), std::invalid_argument);
}

TEST_CASE("router passes the responder on, so handlers may answer later", "[http][router]") {
  router r;
  responder kept;
  r.add("GET", "/later", [&](request, responder respond) { kept = std::move(respond); });
  std::optional<response> out;
  r.dispatch(make("GET", "/later"), [&out](response res) { out = std::move(res); });
  CHECK_FALSE(out.has_value());
  REQUIRE(kept);
  kept(response::text(202, "later"));
  REQUIRE(out.has_value());
  CHECK(out->status == 202);
}
