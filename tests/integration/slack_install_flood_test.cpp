// The Slack install page against a flood, with the real binary: a full install still works;
// one address loading the page over and over gets 429 with Retry-After after its burst (other
// addresses keep their own budget: tests/unit/adapters/slack_install_limits_test.cpp); a GET with a body is refused (on every route, before the
// body is read); and however many pages are served, no state is stored (only a spent one).
#include "store/json_file_store.hpp"
#include "support/fake_platform.hpp"
#include "support/http_client.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "support/wall_clock.hpp"

#include <catch2/catch.hpp>

#include <csignal>
#include <cstdlib>
#include <fstream>

using namespace commonsbot;
using namespace commonsbot::test;

namespace {

std::string flood_cookie_state(const std::string& set_cookie) {
  const std::string prefix = "slack-app-oauth-state=";
  if (set_cookie.rfind(prefix, 0) != 0) return {};
  return set_cookie.substr(prefix.size(), set_cookie.find(';') - prefix.size());
}

}  // namespace

TEST_CASE("slack e2e: the install page under a flood from one address", "[integration][slack][oauth]") {
  ::setenv("CB_TEST_SLACK_FLOOD_SIGNING_SECRET", "it-slack-flood-signing-secret-0123", 1);
  ::setenv("CB_TEST_SLACK_FLOOD_CLIENT_SECRET", "it-flood-client-secret", 1);
  ::setenv("CB_TEST_SLACK_TOKEN_KEY", "YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWE=", 1);
  fake_platform api;
  api.on("/api/oauth.v2.access", fake_response::ok(R"({"ok":true,"app_id":"A0COMMONS","access_token":"xoxb-flood",
    "token_type":"bot","scope":"commands,chat:write","bot_user_id":"U0BOT0001",
    "team":{"id":"T0SCHOOL1","name":"Kowhai School"},"enterprise":null,"is_enterprise_install":false,
    "authed_user":{"id":"U0AROHA01"}})"));
  temp_dir dir;
  // The server's clock stands still, so however slowly this machine runs the flood, no page
  // is earned back meanwhile.
  const auto clock = dir / "clock";
  set_clock_file(clock, wall_ms());
  const auto config = dir / "commonsbot.json";
  // A burst of 8 pages, then one a minute.
  std::ofstream(config) << R"({
    "server": {"address": "127.0.0.1", "port": 0, "threads": 2},
    "store": {"dir": ")" << (dir / "data").string() << R"("},
    "flows": {"templates_dir": ")" << COMMONSBOT_SOURCE_DIR << R"(/templates"},
    "adapters": {"slack": {
      "signing_secret": {"env": "CB_TEST_SLACK_FLOOD_SIGNING_SECRET"},
      "client_id": "1234.5678",
      "client_secret": {"env": "CB_TEST_SLACK_FLOOD_CLIENT_SECRET"},
      "token_encryption_key": {"env": "CB_TEST_SLACK_TOKEN_KEY"},
      "redirect_url": "https://bot.example.nz/slack/oauth_redirect",
      "api_base_url": ")" << api.url("/api") << R"(",
      "install_rate_burst": 8, "install_rate_per_minute": 1, "oauth_queue_limit": 4}},
    "delivery": {"allow_plain_http": true}
  })";
  child_process server({binary(), "serve", "--config", config.string(), "--port-file", (dir / "port").string(),
                        "--clock-file", clock.string()},
                       dir / "server.log");
  const auto port = wait_for_port_file(dir / "port");
  INFO(read_file(dir / "server.log"));
  REQUIRE(port != 0);

  // A whole install still works (two of the eight).
  auto page = get(port, "/slack/install");
  REQUIRE(page.status == 200);
  const auto state = flood_cookie_state(page.header("Set-Cookie"));
  REQUIRE_FALSE(state.empty());
  CHECK(page.body.find("state=" + state) != std::string::npos);
  auto done = get(port, "/slack/oauth_redirect?code=flood-code&state=" + state,
                  {{"Cookie", "slack-app-oauth-state=" + state}});
  INFO(done.body);
  REQUIRE(done.status == 200);
  CHECK(done.body.find("Kowhai School") != std::string::npos);

  // A GET with a body is refused from its headers, on this page and on every other route.
  for (const char* path : {"/slack/install", "/healthz", "/no-such-page"}) {
    auto with_body = request(port, "GET", path, std::string(1000, 'x'), {{"Content-Type", "text/plain"}});
    CHECK(with_body.status == 400);
    CHECK(with_body.body.find("body_not_allowed") != std::string::npos);
  }
  raw_connection chunked(port);
  REQUIRE(chunked.send("GET /slack/install HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"));
  CHECK(status_of(chunked.read_response()) == 400);
  raw_connection empty(port);  // an empty body is no body
  REQUIRE(empty.send("GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"));
  CHECK(status_of(empty.read_response()) == 200);

  // The flood: six more pages, then 429s with Retry-After, and no state stored for any.
  int served = 0, refused = 0;
  std::string retry_after;
  for (int i = 0; i < 40; ++i) {
    auto r = get(port, "/slack/install");
    if (r.status == 200) ++served;
    if (r.status == 429) {
      ++refused;
      retry_after = r.header("Retry-After");
    }
  }
  CHECK(served == 6);
  CHECK(refused == 34);
  CHECK_FALSE(retry_after.empty());
  CHECK(std::atoll(retry_after.c_str()) >= 1);
  CHECK(std::atoll(retry_after.c_str()) <= 60);

  server.signal(SIGTERM);
  REQUIRE(server.wait() == 0);
  const auto log = read_file(dir / "server.log");
  CHECK(log.find("slack.oauth_rate_limited") != std::string::npos);
  CHECK(log.find("it-flood-client-secret") == std::string::npos);
  store::options opts;
  opts.dir = (dir / "data").string();
  auto opened = store::json_file_store::open(opts);
  REQUIRE(opened.st);
  CHECK(opened.store->get("slack_installations", "-:T0SCHOOL1"));
  // 47 pages served or refused: the only stored state is the one the install spent.
  CHECK(opened.store->count("slack_oauth_states") == 1);
}
