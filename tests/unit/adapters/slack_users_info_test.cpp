// users.info: the request (user in the query string, token in the header) and every kind of
// answer read into found / none / rate limited / failed.
#include "adapters/slack/users_info.hpp"

#include <catch2/catch.hpp>

using namespace commonsbot::adapters::slack;

TEST_CASE("slack users.info: the request carries the user and the token", "[slack][zones]") {
  const auto r = users_info("https://slack.com/api", "xoxb-1", "U0AB C");
  CHECK(r.url == "https://slack.com/api/users.info?user=U0AB%20C");
  REQUIRE(r.headers.size() == 1);
  CHECK(r.headers[0].first == "Authorization");
  CHECK(r.headers[0].second == "Bearer xoxb-1");
}

TEST_CASE("slack users.info: answers read into a zone or a reason", "[slack][zones]") {
  auto a = read_users_info(200, R"({"ok":true,"user":{"id":"U1","tz":"Pacific/Auckland","tz_label":"NZDT"}})");
  CHECK(a.what == zone_answer::kind::found);
  CHECK(a.time_zone == "Pacific/Auckland");

  CHECK(read_users_info(200, R"({"ok":true,"user":{"id":"B1","is_bot":true}})").what == zone_answer::kind::none);
  CHECK(read_users_info(200, R"({"ok":true,"user":{"id":"U1","tz":""}})").what == zone_answer::kind::none);
  CHECK(read_users_info(200, R"({"ok":false,"error":"user_not_found"})").what == zone_answer::kind::none);
  CHECK(read_users_info(429, R"({"ok":false,"error":"ratelimited"})").what == zone_answer::kind::rate_limited);
  CHECK(read_users_info(200, R"({"ok":false,"error":"ratelimited"})").what == zone_answer::kind::rate_limited);

  auto scope = read_users_info(200, R"({"ok":false,"error":"missing_scope","needed":"users:read"})");
  CHECK(scope.what == zone_answer::kind::failed);
  CHECK(scope.detail == "missing_scope");
  CHECK(read_users_info(500, "oops").what == zone_answer::kind::failed);
  CHECK(read_users_info(200, "not json").what == zone_answer::kind::failed);
  CHECK(read_users_info(200, R"([1,2])").what == zone_answer::kind::failed);
}
