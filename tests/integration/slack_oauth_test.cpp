// Multi-workspace Slack with the real binary and a fake Slack API: /slack/install sets the
// state cookie and links to Slack's authorize page with the same state; the redirect with
// that state and cookie exchanges the code through oauth.v2.access (answering with token
// rotation on) and stores the installation; a bad or reused state gets a 400 page; a reply
// to that team is sent with the stored token; with the server's clock moved near expiry the
// refresher swaps the token pair and the next reply uses the new token; app_uninstalled
// deletes the installation.
#include "adapters/slack/form.hpp"
#include "adapters/slack/signature.hpp"
#include "store/json_file_store.hpp"
#include "support/console_session.hpp"
#include "support/fake_platform.hpp"
#include "support/http_client.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "support/wall_clock.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

using namespace commonsbot;
using namespace commonsbot::test;
using nlohmann::json;

namespace {

constexpr const char* oauth_secret = "it-slack-oauth-signing-secret-0123";
constexpr long long oauth_hour_ms = 60LL * 60 * 1000;

std::string dm_event(const std::string& id, const std::string& text) {
  json e = {{"token", "x"}, {"team_id", "T0SCHOOL1"}, {"api_app_id", "A0COMMONS"}, {"type", "event_callback"},
            {"event_id", id}, {"event_time", 1715000100},
            {"event", {{"type", "message"}, {"text", text}, {"user", "U0AROHA01"}, {"ts", "1715000100." + id},
                       {"team", "T0SCHOOL1"}, {"channel", "D0AROHA01"}, {"channel_type", "im"}}}};
  return e.dump();
}

std::vector<recorded_request> calls_to(const fake_platform& api, const std::string& path) {
  std::vector<recorded_request> out;
  for (auto& r : api.requests())
    if (r.target == path) out.push_back(r);
  return out;
}

bool wait_until(const std::function<bool()>& done) {
  for (int i = 0; i < 100; ++i) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return done();
}

std::string cookie_state(const std::string& set_cookie) {
  const std::string prefix = "slack-app-oauth-state=";
  if (set_cookie.rfind(prefix, 0) != 0) return {};
  return set_cookie.substr(prefix.size(), set_cookie.find(';') - prefix.size());
}

}  // namespace

TEST_CASE("slack e2e: install through OAuth, send with the stored token, rotate it", "[integration][slack][oauth]") {
  ::setenv("CB_TEST_SLACK_OAUTH_SIGNING_SECRET", oauth_secret, 1);
  ::setenv("CB_TEST_SLACK_CLIENT_SECRET", "it-client-secret", 1);
  ::setenv("CB_TEST_SLACK_TOKEN_KEY", "YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWE=", 1);
  fake_platform api;
  api.on("/api/oauth.v2.access", fake_response::ok(R"({"ok":true,"app_id":"A0COMMONS","access_token":"xoxe.xoxb-first",
    "token_type":"bot","scope":"commands,chat:write","bot_user_id":"U0BOT0001",
    "team":{"id":"T0SCHOOL1","name":"Kowhai School"},"enterprise":null,"is_enterprise_install":false,
    "authed_user":{"id":"U0AROHA01"},"refresh_token":"xoxe-refresh-first","expires_in":43200})"), 1);
  api.on("/api/oauth.v2.access", fake_response::ok(R"({"ok":true,"access_token":"xoxe.xoxb-second",
    "token_type":"bot","refresh_token":"xoxe-refresh-second","expires_in":43200})"));
  temp_dir dir;
  const auto clock = dir / "clock";
  const long long start = wall_ms();
  set_clock_file(clock, start);
  const auto config = dir / "commonsbot.json";
  std::ofstream(config) << R"({
    "server": {"address": "127.0.0.1", "port": 0, "threads": 2},
    "store": {"dir": ")" << (dir / "data").string() << R"("},
    "flows": {"templates_dir": ")" << COMMONSBOT_SOURCE_DIR << R"(/templates"},
    "tenants": [{"id": "T0SCHOOL1", "roles": {"U0AROHA01": "library_staff"}}],
    "adapters": {"slack": {
      "signing_secret": {"env": "CB_TEST_SLACK_OAUTH_SIGNING_SECRET"},
      "client_id": "1234.5678",
      "client_secret": {"env": "CB_TEST_SLACK_CLIENT_SECRET"},
      "token_encryption_key": {"env": "CB_TEST_SLACK_TOKEN_KEY"},
      "redirect_url": "https://bot.example.nz/slack/oauth_redirect",
      "api_base_url": ")" << api.url("/api") << R"(",
      "response_url_prefix": ")" << api.url("/hooks/") << R"("}},
    "delivery": {"allow_plain_http": true}
  })";
  child_process server({binary(), "serve", "--config", config.string(), "--port-file", (dir / "port").string(),
                        "--clock-file", clock.string()},
                       dir / "server.log");
  const auto port = wait_for_port_file(dir / "port");
  INFO(read_file(dir / "server.log"));
  REQUIRE(port != 0);

  long long server_now = start;
  auto signed_event = [&](const std::string& body) {
    // Signatures are checked against the real time (the adapter's clock), not the clock file.
    const std::string t = std::to_string(wall_ms() / 1000);
    return post(port, "/slack/events", body,
                {{"Content-Type", "application/json"}, {"X-Slack-Request-Timestamp", t},
                 {"X-Slack-Signature", adapters::slack::sign(oauth_secret, t, body)}});
  };

  // The install page: a cookie and a link with the same state.
  auto page = get(port, "/slack/install");
  REQUIRE(page.status == 200);
  CHECK(page.header("Content-Type").find("text/html") != std::string::npos);
  const auto set_cookie = page.header("Set-Cookie");
  CHECK(set_cookie.find("HttpOnly") != std::string::npos);
  CHECK(set_cookie.find("Secure") != std::string::npos);
  CHECK(set_cookie.find("SameSite=Lax") != std::string::npos);
  const auto state = cookie_state(set_cookie);
  REQUIRE_FALSE(state.empty());
  CHECK(page.body.find("https://slack.com/oauth/v2/authorize?client_id=1234.5678") != std::string::npos);
  CHECK(page.body.find("state=" + state) != std::string::npos);
  CHECK(page.body.find("redirect_uri=https%3A%2F%2Fbot.example.nz%2Fslack%2Foauth_redirect") != std::string::npos);
  const header_list cookie{{"Cookie", "slack-app-oauth-state=" + state}};

  // A state that does not match the cookie: 400, a kind page, no call to Slack.
  auto bad = get(port, "/slack/oauth_redirect?code=abc&state=not-the-state", cookie);
  CHECK(bad.status == 400);
  CHECK(bad.body.find("Add to Slack page") != std::string::npos);
  CHECK(calls_to(api, "/api/oauth.v2.access").empty());

  // The real redirect: the code is exchanged and the installation stored.
  auto done = get(port, "/slack/oauth_redirect?code=abc-code&state=" + state, cookie);
  INFO(done.body);
  REQUIRE(done.status == 200);
  CHECK(done.body.find("Kowhai School") != std::string::npos);
  auto exchanges = calls_to(api, "/api/oauth.v2.access");
  REQUIRE(exchanges.size() == 1);
  CHECK(exchanges[0].method == "POST");
  CHECK(exchanges[0].body.find("code=abc-code") != std::string::npos);
  CHECK(exchanges[0].body.find("client_secret=it-client-secret") != std::string::npos);
  CHECK(exchanges[0].body.find("client_id=1234.5678") != std::string::npos);

  // The same link again: already used.
  CHECK(get(port, "/slack/oauth_redirect?code=abc-code&state=" + state, cookie).status == 400);
  CHECK(calls_to(api, "/api/oauth.v2.access").size() == 1);

  // A reply to that team goes out with the stored token.
  REQUIRE(signed_event(dm_event("Ev0OAUTH01", "help")).status == 200);
  REQUIRE(wait_until([&] { return !calls_to(api, "/api/chat.postMessage").empty(); }));
  CHECK(calls_to(api, "/api/chat.postMessage")[0].header("Authorization") == "Bearer xoxe.xoxb-first");

  // 10.5 hours later (1.5 hours before expiry) the refresher swaps the pair.
  server_now = start + 10 * oauth_hour_ms + oauth_hour_ms / 2;
  set_clock_file(clock, server_now);
  REQUIRE(wait_until([&] { return calls_to(api, "/api/oauth.v2.access").size() >= 2; }));
  const auto refresh = calls_to(api, "/api/oauth.v2.access")[1];
  CHECK(refresh.body.find("grant_type=refresh_token") != std::string::npos);
  CHECK(refresh.body.find("refresh_token=xoxe-refresh-first") != std::string::npos);
  REQUIRE(wait_until([&] { return read_file(dir / "server.log").find("slack.token_refreshed") != std::string::npos; }));
  // Neither pair, installed or rotated, is in any file of the store: only sealed text.
  std::string store_bytes;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir / "data"))
    if (entry.is_regular_file()) store_bytes += read_file(entry.path());
  CHECK(store_bytes.find("enc:v1:") != std::string::npos);
  for (const char* token : {"xoxb-first", "xoxb-second", "refresh-first", "refresh-second"}) {
    INFO(token);
    CHECK(store_bytes.find(token) == std::string::npos);
  }

  REQUIRE(signed_event(dm_event("Ev0OAUTH02", "help")).status == 200);
  REQUIRE(wait_until([&] { return calls_to(api, "/api/chat.postMessage").size() >= 2; }));
  CHECK(calls_to(api, "/api/chat.postMessage")[1].header("Authorization") == "Bearer xoxe.xoxb-second");
  CHECK(calls_to(api, "/api/oauth.v2.access").size() == 2);  // fresh for 12 hours: no more refreshes

  // Uninstalled: the installation and its tokens are deleted with the workspace's state.
  std::ifstream in(std::string(COMMONSBOT_SOURCE_DIR) + "/tests/fixtures/slack/app_uninstalled.json");
  std::string uninstalled((std::istreambuf_iterator<char>(in)), {});
  while (!uninstalled.empty() && uninstalled.back() == '\n') uninstalled.pop_back();
  REQUIRE(signed_event(uninstalled).status == 200);
  REQUIRE(wait_until([&] { return read_file(dir / "server.log").find("workspace.forgotten") != std::string::npos; }));

  server.signal(SIGTERM);
  REQUIRE(server.wait() == 0);
  store::options opts;
  opts.dir = (dir / "data").string();
  auto opened = store::json_file_store::open(opts);
  REQUIRE(opened.st);
  CHECK_FALSE(opened.store->get("slack_installations", "-:T0SCHOOL1"));
  const auto log = read_file(dir / "server.log");
  CHECK(log.find("installations=1") != std::string::npos);
  CHECK(log.find("slack.installed") != std::string::npos);
  CHECK(log.find("xoxe") == std::string::npos);  // tokens never reach the log
  CHECK(log.find("it-client-secret") == std::string::npos);
  CHECK(log.find("abc-code") == std::string::npos);
}

TEST_CASE("slack e2e: an install in progress survives a restart of the bot", "[integration][slack][oauth]") {
  ::setenv("CB_TEST_SLACK_OAUTH_SIGNING_SECRET", oauth_secret, 1);
  ::setenv("CB_TEST_SLACK_CLIENT_SECRET", "it-client-secret", 1);
  ::setenv("CB_TEST_SLACK_TOKEN_KEY", "YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWE=", 1);
  fake_platform api;
  api.on("/api/oauth.v2.access", fake_response::ok(R"({"ok":true,"app_id":"A0COMMONS","access_token":"xoxb-kept",
    "token_type":"bot","scope":"commands,chat:write","bot_user_id":"U0BOT0001",
    "team":{"id":"T0SCHOOL1","name":"Kowhai School"},"enterprise":null,"is_enterprise_install":false,
    "authed_user":{"id":"U0AROHA01"}})"));
  temp_dir dir;
  const auto config = dir / "commonsbot.json";
  std::ofstream(config) << R"({
    "server": {"address": "127.0.0.1", "port": 0, "threads": 2},
    "store": {"dir": ")" << (dir / "data").string() << R"("},
    "flows": {"templates_dir": ")" << COMMONSBOT_SOURCE_DIR << R"(/templates"},
    "adapters": {"slack": {
      "signing_secret": {"env": "CB_TEST_SLACK_OAUTH_SIGNING_SECRET"},
      "client_id": "1234.5678",
      "client_secret": {"env": "CB_TEST_SLACK_CLIENT_SECRET"},
      "token_encryption_key": {"env": "CB_TEST_SLACK_TOKEN_KEY"},
      "redirect_url": "https://bot.example.nz/slack/oauth_redirect",
      "api_base_url": ")" << api.url("/api") << R"("}},
    "delivery": {"allow_plain_http": true}
  })";
  const auto serve = [&](const std::string& log) {
    std::filesystem::remove(dir / "port");
    return std::make_unique<child_process>(
        std::vector<std::string>{binary(), "serve", "--config", config.string(), "--port-file", (dir / "port").string()},
        dir / log);
  };

  auto first = serve("first.log");
  auto port = wait_for_port_file(dir / "port");
  REQUIRE(port != 0);
  auto page = get(port, "/slack/install");
  REQUIRE(page.status == 200);
  const auto state = cookie_state(page.header("Set-Cookie"));
  REQUIRE_FALSE(state.empty());
  first->signal(SIGTERM);
  REQUIRE(first->wait() == 0);

  auto second = serve("second.log");
  port = wait_for_port_file(dir / "port");
  INFO(read_file(dir / "second.log"));
  REQUIRE(port != 0);
  const header_list cookie{{"Cookie", "slack-app-oauth-state=" + state}};
  auto done = get(port, "/slack/oauth_redirect?code=restart-code&state=" + state, cookie);
  INFO(done.body);
  CHECK(done.status == 200);
  CHECK(done.body.find("Kowhai School") != std::string::npos);
  CHECK(get(port, "/slack/oauth_redirect?code=restart-code&state=" + state, cookie).status == 400);  // spent
  second->signal(SIGTERM);
  REQUIRE(second->wait() == 0);

  store::options opts;
  opts.dir = (dir / "data").string();
  auto opened = store::json_file_store::open(opts);
  REQUIRE(opened.st);
  CHECK(opened.store->get("slack_installations", "-:T0SCHOOL1"));
  CHECK(opened.store->count("slack_oauth_states") == 1);  // spent, kept until it would have expired
}

TEST_CASE("check-config explains a half-set Slack OAuth config", "[integration][slack][oauth]") {
  temp_dir dir;
  const auto config = dir / "commonsbot.json";
  std::ofstream(config) << R"({
    "store": {"dir": ")" << (dir / "data").string() << R"("},
    "flows": {"templates_dir": ")" << COMMONSBOT_SOURCE_DIR << R"(/templates"},
    "adapters": {"slack": {"signing_secret": {"env": "CB_TEST_UNSET_SLACK_SECRET"}, "client_id": "1234.5678"}}
  })";
  ::unsetenv("CB_TEST_UNSET_SLACK_SECRET");
  auto r = run_process({binary(), "check-config", "--config", config.string()}, "");
  INFO(r.out);
  CHECK(r.exit_code == 1);
  CHECK(r.out.find("/adapters/slack/client_secret: multi-workspace mode needs client_secret") != std::string::npos);
  CHECK(r.out.find("/adapters/slack/redirect_url: multi-workspace mode needs redirect_url") != std::string::npos);
  // A secret missing from this shell is only a warning: it is set where the bot runs.
  CHECK(r.out.find("warning: ") != std::string::npos);
  CHECK(r.out.find("CB_TEST_UNSET_SLACK_SECRET is not set (needed when serving)") != std::string::npos);
  CHECK(r.out.find("bot_token") == std::string::npos);
}
