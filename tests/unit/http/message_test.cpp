#include "http/message.hpp"
#include "http/request_id.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <set>

using namespace commonsbot::http;

TEST_CASE("request::header is case-insensitive and returns the first match", "[http][message]") {
  request req;
  req.headers = {{"Content-Type", "application/json"}, {"X-Slack-Signature", "v0=abc"},
                 {"x-slack-signature", "v0=second"}};
  CHECK(req.header("content-type") == "application/json");
  CHECK(req.header("CONTENT-TYPE") == "application/json");
  CHECK(req.header("X-SLACK-SIGNATURE") == "v0=abc");
  CHECK(req.header("X-Missing").empty());
  CHECK(req.header("Content-Typ").empty());
}

TEST_CASE("response helpers set status, type and body", "[http][message]") {
  const auto err = response::json_error(404, "not_found", "No route for \"GET\" /x");
  CHECK(err.status == 404);
  CHECK(err.content_type == "application/json");
  const auto body = nlohmann::json::parse(err.body);
  CHECK(body["error"] == "not_found");
  CHECK(body["message"] == "No route for \"GET\" /x");

  const auto j = response::json(201, R"({"ok":true})");
  CHECK(j.status == 201);
  CHECK(j.content_type == "application/json");
  CHECK(j.body == R"({"ok":true})");

  const auto t = response::text(200, "hello");
  CHECK(t.content_type == "text/plain; charset=utf-8");
  CHECK(t.body == "hello");
}

TEST_CASE("json_error survives invalid UTF-8 in the message", "[http][message]") {
  const auto err = response::json_error(400, "bad_request", std::string("path \xff\xfe"));
  CHECK(err.status == 400);
  CHECK_NOTHROW(nlohmann::json::parse(err.body));
}

TEST_CASE("request ids: only short safe tokens from clients are kept", "[http][request_id]") {
  CHECK(is_valid_request_id("abc-123_X.y"));
  CHECK(is_valid_request_id(std::string(64, 'a')));
  CHECK_FALSE(is_valid_request_id(std::string(65, 'a')));
  CHECK_FALSE(is_valid_request_id(""));
  CHECK_FALSE(is_valid_request_id("has space"));
  CHECK_FALSE(is_valid_request_id("line\nbreak"));
  CHECK_FALSE(is_valid_request_id("quote\""));
  CHECK_FALSE(is_valid_request_id("k=v"));

  CHECK(choose_request_id("client-id-1") == "client-id-1");
  const auto replaced = choose_request_id("evil\r\nX-Injected: 1");
  CHECK(replaced.size() == 16);
  CHECK(is_valid_request_id(replaced));
}

TEST_CASE("generated request ids are 16 hex characters and distinct", "[http][request_id]") {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const auto id = make_request_id();
    REQUIRE(id.size() == 16);
    REQUIRE(id.find_first_not_of("0123456789abcdef") == std::string::npos);
    seen.insert(id);
  }
  CHECK(seen.size() == 1000);
}
