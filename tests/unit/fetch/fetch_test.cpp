// fetch::get against a loopback server that answers as told, against a loopback HTTPS
// server with a certificate made for the test, and against files.
#include "fetch/fetch.hpp"
#include "support/fake_platform.hpp"
#include "support/temp_dir.hpp"
#include "support/tls_server.hpp"

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

// The https -> http refusal (CURLOPT_REDIR_PROTOCOLS_STR) tested from outside: a TLS server
// the fetch trusts redirects to a plain-http server that would serve a body. The https ->
// https redirect on the same server is the control: it is followed, so a refusal is the
// protection at work, not a TLS setup the client never got past.
TEST_CASE("an https address is followed to https but never redirected to plain http and the refusal says why",
          "[fetch][tls]") {
  fake_platform plain;
  plain.on("/feed", fake_response::ok("<rss>read and changeable on the way</rss>"));
  tls_server tls;
  tls.on("/moved.xml", tls_response::redirect(tls.url("/feed.xml")));
  tls.on("/feed.xml", tls_response::ok("<rss>secure</rss>"));
  tls.on("/downgrade.xml", tls_response::redirect(plain.url("/feed")));
  tls.on("/elsewhere.xml", tls_response::redirect("ftp://127.0.0.1/feed"));
  fetch::request req;
  req.ca_file = tls.ca_file().string();
  req.timeout = 10s;

  req.url = tls.url("/moved.xml");
  const auto followed = fetch::get(req);
  INFO(followed.error);
  REQUIRE(followed.what == fetch::result::outcome::fetched);
  CHECK(followed.body == "<rss>secure</rss>");
  CHECK(tls.requests() == std::vector<std::string>{"/moved.xml", "/feed.xml"});

  req.url = tls.url("/downgrade.xml");
  const auto refused = fetch::get(req);
  INFO(refused.error);
  CHECK(refused.what == fetch::result::outcome::failed);
  CHECK(refused.body.empty());
  CHECK(contains(refused.error, "could not fetch from 127.0.0.1: refused to follow a redirect from https to an insecure "
                                "http address (http://127.0.0.1/…)"));
  CHECK(contains(refused.error, "ask for an address that stays on https"));
  CHECK_FALSE(contains(refused.error, "/feed"));  // where it led, by host only
  CHECK(tls.requests().back() == "/downgrade.xml");  // the 302 was read over TLS ...
  CHECK(plain.requests().empty());                  // ... and the http server never asked

  req.url = tls.url("/elsewhere.xml");
  const auto other = fetch::get(req);
  INFO(other.error);
  CHECK(other.what == fetch::result::outcome::failed);
  CHECK(contains(other.error, "refused to follow a redirect from https to an address that is not https"));
}

TEST_CASE("an https server is trusted only through the named ca_file with verification always on", "[fetch][tls]") {
  tls_server tls;
  tls_server stranger;  // another self-signed certificate, for the same address
  tls.on("/cal.ics", tls_response::ok("BEGIN:VCALENDAR"));
  fetch::request req;
  req.url = tls.url("/cal.ics");
  req.timeout = 10s;

  const auto system_list = fetch::get(req);  // no ca_file: the system's list, which lacks it
  INFO(system_list.error);
  CHECK(system_list.what == fetch::result::outcome::failed);
  CHECK(contains(system_list.error, "certificate could not be checked"));

  req.ca_file = stranger.ca_file().string();
  const auto wrong_authority = fetch::get(req);
  INFO(wrong_authority.error);
  CHECK(wrong_authority.what == fetch::result::outcome::failed);
  CHECK(contains(wrong_authority.error, "certificate could not be checked"));
  CHECK(tls.requests().empty());  // no request went past a refused handshake

  req.ca_file = tls.ca_file().string();
  const auto trusted = fetch::get(req);
  INFO(trusted.error);
  REQUIRE(trusted.what == fetch::result::outcome::fetched);
  CHECK(trusted.body == "BEGIN:VCALENDAR");
  CHECK(tls.requests() == std::vector<std::string>{"/cal.ics"});
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
