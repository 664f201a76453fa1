// fetch::get against a loopback server that answers as told, and against files.
#include "fetch/fetch.hpp"
#include "support/fake_platform.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <fstream>

using namespace commonsbot;
using namespace commonsbot::test;
using namespace std::chrono_literals;

namespace {

fake_response with_headers(std::string body, std::vector<std::pair<std::string, std::string>> headers) {
  auto r = fake_response::ok(std::move(body));
  r.headers = std::move(headers);
  return r;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("a 200 brings the body and validators, the next request is conditional and a 304 costs nothing",
          "[fetch]") {
  fake_platform api;
  api.queue(with_headers("BEGIN:VCALENDAR", {{"ETag", "\"v1\""}, {"Last-Modified", "Tue, 03 Jun 2025 10:00:00 GMT"}}));
  api.queue(fake_response::error(304, ""));

  fetch::request req;
  req.url = api.url("/cal.ics");
  auto first = fetch::get(req);
  INFO(first.error);
  REQUIRE(first.what == fetch::result::outcome::fetched);
  CHECK(first.status == 200);
  CHECK(first.body == "BEGIN:VCALENDAR");
  CHECK(first.etag == "\"v1\"");
  CHECK(first.last_modified == "Tue, 03 Jun 2025 10:00:00 GMT");

  req.etag = first.etag;
  req.last_modified = first.last_modified;
  auto second = fetch::get(req);
  CHECK(second.what == fetch::result::outcome::not_modified);
  CHECK(second.status == 304);
  CHECK(second.body.empty());
  CHECK(second.etag == "\"v1\"");  // kept from the request
  CHECK(second.last_modified == "Tue, 03 Jun 2025 10:00:00 GMT");

  const auto seen = api.requests();
  REQUIRE(seen.size() == 2);
  CHECK(seen[0].header("If-None-Match").empty());
  CHECK(seen[1].header("If-None-Match") == "\"v1\"");
  CHECK(seen[1].header("If-Modified-Since") == "Tue, 03 Jun 2025 10:00:00 GMT");
}

TEST_CASE("redirects are followed and the final answer's validators kept", "[fetch]") {
  fake_platform api;
  auto moved = fake_response::error(302, "");
  moved.headers = {{"Location", api.url("/new.ics")}, {"ETag", "\"old\""}};
  api.on("/old.ics", moved);
  api.on("/new.ics", with_headers("NEW", {{"ETag", "\"new\""}}));
  fetch::request req;
  req.url = api.url("/old.ics");
  auto r = fetch::get(req);
  INFO(r.error);
  REQUIRE(r.what == fetch::result::outcome::fetched);
  CHECK(r.body == "NEW");
  CHECK(r.etag == "\"new\"");
  CHECK(r.last_modified.empty());
}

TEST_CASE("a 404 fails with the status in words", "[fetch]") {
  fake_platform api;
  api.queue(fake_response::error(404, "nope"));
  fetch::request req;
  req.url = api.url("/missing.ics");
  auto r = fetch::get(req);
  CHECK(r.what == fetch::result::outcome::failed);
  CHECK(r.status == 404);
  CHECK(r.body.empty());
  CHECK(contains(r.error, "127.0.0.1"));
  CHECK(contains(r.error, "not found"));
  CHECK(contains(r.error, "check the address"));
}

TEST_CASE("a 500 fails and says it will be tried again", "[fetch]") {
  fake_platform api;
  api.queue(fake_response::error(503));
  fetch::request req;
  req.url = api.url("/cal.ics");
  auto r = fetch::get(req);
  CHECK(r.what == fetch::result::outcome::failed);
  CHECK(r.status == 503);
  CHECK(contains(r.error, "tried again later"));
}

TEST_CASE("a body bigger than the limit is an error, not a truncated document", "[fetch]") {
  fake_platform api;
  api.queue(fake_response::ok(std::string(5000, 'x')));
  fetch::request req;
  req.url = api.url("/huge.ics");
  req.max_bytes = 1024;
  auto r = fetch::get(req);
  CHECK(r.what == fetch::result::outcome::failed);
  CHECK(r.body.empty());
  CHECK(contains(r.error, "bigger than 1 KB"));
}

TEST_CASE("the default limit is 5 MB and says so", "[fetch]") {
  fake_platform api;
  api.queue(fake_response::ok(std::string(5 * 1024 * 1024 + 1, 'x')));
  fetch::request req;
  req.url = api.url("/huge.ics");
  auto r = fetch::get(req);
  CHECK(r.what == fetch::result::outcome::failed);
  CHECK(contains(r.error, "bigger than 5 MB"));
}

TEST_CASE("a slow server times out with the time in words", "[fetch]") {
  fake_platform api;
  api.queue(fake_response::slow(60s));
  fetch::request req;
  req.url = api.url("/slow.ics");
  req.timeout = 500ms;
  const auto started = std::chrono::steady_clock::now();
  auto r = fetch::get(req);
  CHECK(std::chrono::steady_clock::now() - started < 20s);  // the timeout, not the server's 60 s
  CHECK(r.what == fetch::result::outcome::failed);
  CHECK(contains(r.error, "could not reach 127.0.0.1: timed out after 500 ms"));
}

TEST_CASE("a dropped connection fails in words", "[fetch]") {
  fake_platform api;
  api.queue(fake_response::dropped());
  fetch::request req;
  req.url = api.url("/drop.ics");
  req.timeout = 5s;
  auto r = fetch::get(req);
  CHECK(r.what == fetch::result::outcome::failed);
  CHECK(contains(r.error, "dropped"));
}

TEST_CASE("other schemes are refused before any request", "[fetch]") {
  fetch::request req;
  req.url = "ftp://example.org/cal.ics";
  auto r = fetch::get(req);
  CHECK(r.what == fetch::result::outcome::failed);
  CHECK(contains(r.error, "only http:// and https://"));
  req.url = "";
  CHECK(fetch::get(req).what == fetch::result::outcome::failed);
}

TEST_CASE("a redirect to another scheme is refused", "[fetch]") {
  fake_platform api;
  auto moved = fake_response::error(302, "");
  moved.headers = {{"Location", "file:///etc/passwd"}};
  api.queue(moved);
  fetch::request req;
  req.url = api.url("/cal.ics");
  auto r = fetch::get(req);
  CHECK(r.what == fetch::result::outcome::failed);
  CHECK(r.body.empty());
}

TEST_CASE("files are read by plain path or file: URL, with the same size limit", "[fetch]") {
  temp_dir dir;
  const auto path = dir / "cal.ics";
  std::ofstream(path) << "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n";
  fetch::request req;
  req.url = path.string();
  auto r = fetch::get(req);
  INFO(r.error);
  REQUIRE(r.what == fetch::result::outcome::fetched);
  CHECK(r.status == 0);
  CHECK(r.body == "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n");

  req.url = "file://" + path.string();
  CHECK(fetch::get(req).body == r.body);

  req.max_bytes = 10;
  auto big = fetch::get(req);
  CHECK(big.what == fetch::result::outcome::failed);
  CHECK(contains(big.error, "bigger than 10 bytes"));

  req.url = (dir / "none.ics").string();
  auto missing = fetch::get(req);
  CHECK(missing.what == fetch::result::outcome::failed);
  CHECK(contains(missing.error, "no such file"));

  req.url = dir.path().string();
  CHECK(contains(fetch::get(req).error, "folder"));
}

TEST_CASE("extra request headers are sent, one with a line break is dropped", "[fetch]") {
  fake_platform api;
  api.queue(fake_response::ok(R"({"ok":true})"));
  fetch::request req;
  req.url = api.url("/api/users.info?user=U1");
  req.headers = {{"Authorization", "Bearer xoxb-test"}, {"X-Bad", "a\r\nX-Injected: yes"}};
  const auto got = fetch::get(req);
  INFO(got.error);
  REQUIRE(got.what == fetch::result::outcome::fetched);
  const auto seen = api.requests();
  REQUIRE(seen.size() == 1);
  CHECK(seen[0].target == "/api/users.info?user=U1");
  CHECK(seen[0].header("Authorization") == "Bearer xoxb-test");
  CHECK(seen[0].header("X-Bad").empty());
  CHECK(seen[0].header("X-Injected").empty());
}

TEST_CASE("a public-only fetch refuses the loopback server, in words, without a request", "[fetch][ssrf]") {
  fake_platform api;
  api.queue(fake_response::ok("BEGIN:VCALENDAR"));
  fetch::request req;
  req.url = api.url("/secret-token/cal.ics");
  req.public_only = true;
  auto r = fetch::get(req);
  CHECK(r.what == fetch::result::outcome::failed);
  CHECK(contains(r.error, "private network"));
  CHECK(contains(r.error, "fetch.allow_private_addresses"));
  CHECK_FALSE(contains(r.error, "secret-token"));
  CHECK(api.requests().empty());
  req.public_only = false;  // the config allows it: the same address is fetched
  CHECK(fetch::get(req).what == fetch::result::outcome::fetched);
}

TEST_CASE("display_address keeps the scheme and host and hides the path, query and credentials", "[fetch]") {
  CHECK(fetch::display_address("https://calendar.school.nz/private/abc123/basic.ics") == "https://calendar.school.nz/…");
  CHECK(fetch::display_address("https://calendar.school.nz/feed?key=s3cret") == "https://calendar.school.nz/…");
  CHECK(fetch::display_address("https://calendar.school.nz") == "https://calendar.school.nz");
  CHECK(fetch::display_address("https://calendar.school.nz/") == "https://calendar.school.nz");
  CHECK(fetch::display_address("http://user:pass@feeds.example.org/rss") == "http://feeds.example.org/…");
  CHECK(fetch::display_address("webcal://p01-calendars.example.com/published/2/XYZ") ==
        "webcal://p01-calendars.example.com/…");
  CHECK(fetch::display_address("HTTPS://Example.ORG/x") == "https://Example.ORG/…");
  CHECK(fetch::display_address("/var/lib/commonsbot/holidays.ics") == "/var/lib/commonsbot/holidays.ics");
}
