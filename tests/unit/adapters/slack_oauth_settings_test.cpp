// Multi-workspace settings (client id, secret, redirect URL, scopes) and what check-config
// says when a piece is missing; the adapter asking its token source per team when rendering.
#include "adapters/slack/settings.hpp"
#include "slack_support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdlib>

using namespace slack_test;
using namespace commonsbot::adapters::slack;
using nlohmann::json;

namespace {

std::string messages(const commonsbot::flows::problem_list& problems) {
  std::string out;
  for (const auto& p : problems) out += p.path + ": " + p.what + "\n";
  return out;
}

}  // namespace

TEST_CASE("slack settings: OAuth pieces make multi-workspace mode, bot_token optional", "[adapters][slack][oauth]") {
  ::setenv("CB_UNIT_SLACK_SECRET", "s3", 1);
  ::setenv("CB_UNIT_SLACK_TOKEN_KEY", "YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWE=", 1);
  commonsbot::flows::problem_list problems;
  auto s = read_settings(json{{"signing_secret", {{"env", "CB_UNIT_SLACK_SECRET"}}},
                              {"client_id", "1.2"},
                              {"client_secret", {{"env", "CB_UNIT_SLACK_SECRET"}}},
                              {"token_encryption_key", {{"env", "CB_UNIT_SLACK_TOKEN_KEY"}}},
                              {"redirect_url", "https://bot.example.nz/slack/oauth_redirect"},
                              {"scopes", {"commands", "chat:write"}}},
                         "c.json", problems);
  INFO(messages(problems));
  CHECK(problems.empty());
  CHECK(s.multi_workspace());
  CHECK(s.client_secret.reveal() == "s3");
  CHECK(s.token_encryption_key.reveal() == std::string(32, 'a'));  // decoded
  CHECK(s.scopes == std::vector<std::string>{"commands", "chat:write"});

  // Without them: single-workspace, and bot_token is required, saying the alternative.
  problems.clear();
  auto single = read_settings(json{{"signing_secret", {{"env", "CB_UNIT_SLACK_SECRET"}}}}, "c.json", problems);
  CHECK_FALSE(single.multi_workspace());
  CHECK(single.scopes.size() == 7);  // the manifest's bot scopes by default
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].path == "/adapters/slack/bot_token");
  CHECK(problems[0].what.find("/slack/install") != std::string::npos);
}

TEST_CASE("slack settings: check-config names each missing OAuth piece", "[adapters][slack][oauth]") {
  ::setenv("CB_UNIT_SLACK_SECRET", "s3", 1);
  commonsbot::flows::problem_list problems;
  read_settings(json{{"signing_secret", {{"env", "CB_UNIT_SLACK_SECRET"}}}, {"client_id", "1.2"}}, "c.json", problems);
  const auto said = messages(problems);
  CHECK(said.find("/adapters/slack/client_secret: multi-workspace mode needs client_secret") != std::string::npos);
  CHECK(said.find("/adapters/slack/redirect_url: multi-workspace mode needs redirect_url") != std::string::npos);
  CHECK(said.find("bot_token") == std::string::npos);

  problems.clear();
  read_settings(json{{"signing_secret", {{"env", "CB_UNIT_SLACK_SECRET"}}},
                     {"bot_token", {{"env", "CB_UNIT_SLACK_SECRET"}}},
                     {"redirect_url", "http://bot.example.nz/slack/oauth_redirect"},
                     {"client_secret", "inline-secret"},
                     {"scopes", json::array()}},
                "c.json", problems);
  const auto said2 = messages(problems);
  CHECK(said2.find("/adapters/slack/client_id: multi-workspace mode needs client_id") != std::string::npos);
  CHECK(said2.find("/adapters/slack/redirect_url: must start with https://") != std::string::npos);
  CHECK(said2.find("/adapters/slack/client_secret: must be {\"env\"") != std::string::npos);
  CHECK(said2.find("/adapters/slack/scopes: must be a list") != std::string::npos);
}

TEST_CASE("slack adapter: a token source answers per team when rendering", "[adapters][slack][oauth]") {
  fixture_adapter f;
  commonsbot::core::message m;
  m.text = "Kia ora";
  commonsbot::core::conversation_ref to{"slack", "T1", "C1", "", "", "", ""};
  auto plain = f.adapter.render(m, to);
  REQUIRE(plain.size() == 1);
  auto auth = [](const commonsbot::adapters::outbound_request& r) {
    for (const auto& [n, v] : r.headers)
      if (n == "Authorization") return v;
    return std::string();
  };
  CHECK(auth(plain[0]) == "Bearer xoxb-test-token");  // single-workspace: the config's

  std::string asked;
  f.adapter.set_token_source([&asked](const std::string& team) {
    asked = team;
    return team == "T1" ? std::string("xoxe.xoxb-t1") : std::string();
  });
  auto multi = f.adapter.render(m, to);
  REQUIRE(multi.size() == 1);
  CHECK(asked == "T1");
  CHECK(auth(multi[0]) == "Bearer xoxe.xoxb-t1");
}

TEST_CASE("slack settings: install page limits have safe defaults and are checked", "[adapters][slack][oauth]") {
  ::setenv("CB_UNIT_SLACK_SECRET", "s3", 1);
  commonsbot::flows::problem_list problems;
  const json base = {{"signing_secret", {{"env", "CB_UNIT_SLACK_SECRET"}}}, {"bot_token", {{"env", "CB_UNIT_SLACK_SECRET"}}}};
  auto defaults = read_settings(base, "c.json", problems);
  CHECK(problems.empty());
  CHECK(defaults.install_rate_per_minute == 10);
  CHECK(defaults.install_rate_burst == 10);
  CHECK(defaults.install_rate_clients == 10'000);
  CHECK(defaults.oauth_queue_limit == 16);

  json set = base;
  set["install_rate_per_minute"] = 30;
  set["install_rate_burst"] = 5;
  set["install_rate_clients"] = 500;
  set["oauth_queue_limit"] = 2;
  auto chosen = read_settings(set, "c.json", problems);
  INFO(messages(problems));
  CHECK(problems.empty());
  CHECK(chosen.install_rate_per_minute == 30);
  CHECK(chosen.install_rate_burst == 5);
  CHECK(chosen.install_rate_clients == 500);
  CHECK(chosen.oauth_queue_limit == 2);

  json bad = base;
  bad["install_rate_per_minute"] = 0;
  bad["install_rate_burst"] = -1;
  bad["install_rate_clients"] = "lots";
  bad["oauth_queue_limit"] = 2.5;
  auto refused = read_settings(bad, "c.json", problems);
  const auto said = messages(problems);
  CHECK(problems.size() == 4);
  CHECK(said.find("/adapters/slack/install_rate_per_minute: must be a whole number from 1 to 10000") != std::string::npos);
  CHECK(said.find("/adapters/slack/install_rate_burst: must be a whole number") != std::string::npos);
  CHECK(said.find("/adapters/slack/install_rate_clients: must be a whole number from 1 to 1000000") != std::string::npos);
  CHECK(said.find("/adapters/slack/oauth_queue_limit: must be a whole number") != std::string::npos);
  CHECK(refused.oauth_queue_limit == 16);  // a bad value keeps the default
}

TEST_CASE("slack adapter: with no installation covering the team, Web API calls fail closed", "[adapters][slack][oauth]") {
  fixture_adapter f;
  commonsbot::core::message m;
  m.text = "Kia ora";
  f.adapter.set_token_source([](const std::string&) { return std::string(); });
  auto dm = f.adapter.render(m, commonsbot::core::conversation_ref{"slack", "T9", "C1", "", "", "", ""});
  REQUIRE_FALSE(dm.empty());
  for (const auto& r : dm) {
    CHECK(r.unsendable.find("no Slack installation covers workspace T9") != std::string::npos);
    for (const auto& [n, v] : r.headers) CHECK(n != "Authorization");
  }
  // A response_url needs no token: it still goes.
  commonsbot::core::conversation_ref hook{"slack", "T9", "C1", "U1", "", "https://hooks.slack.com/actions/T9/1/x", ""};
  auto replied = f.adapter.render(m, hook);
  REQUIRE(replied.size() == 1);
  CHECK(replied[0].unsendable.empty());
}

TEST_CASE("slack settings: allow_guests is false unless set, and must be a boolean", "[adapters][slack]") {
  ::setenv("CB_UNIT_SLACK_SECRET", "s3", 1);
  commonsbot::flows::problem_list problems;
  const json base{{"signing_secret", {{"env", "CB_UNIT_SLACK_SECRET"}}}, {"bot_token", {{"env", "CB_UNIT_SLACK_SECRET"}}}};
  CHECK_FALSE(read_settings(base, "c.json", problems).allow_guests);
  CHECK(problems.empty());
  auto on = base;
  on["allow_guests"] = true;
  CHECK(read_settings(on, "c.json", problems).allow_guests);
  CHECK(problems.empty());
  auto bad = base;
  bad["allow_guests"] = "yes";
  CHECK_FALSE(read_settings(bad, "c.json", problems).allow_guests);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].path == "/adapters/slack/allow_guests");
  CHECK(problems[0].what.find("must be true or false") != std::string::npos);
}

TEST_CASE("slack settings: the actions cap per interactivity payload has a safe default and is checked", "[adapters][slack]") {
  ::setenv("CB_UNIT_SLACK_SECRET", "s3", 1);
  commonsbot::flows::problem_list problems;
  const json base = {{"signing_secret", {{"env", "CB_UNIT_SLACK_SECRET"}}}, {"bot_token", {{"env", "CB_UNIT_SLACK_SECRET"}}}};
  CHECK(read_settings(base, "c.json", problems).max_actions_per_payload == 10);
  CHECK(problems.empty());
  json bad = base;
  bad["max_actions_per_payload"] = 0;
  auto refused = read_settings(bad, "c.json", problems);
  CHECK(messages(problems).find("/adapters/slack/max_actions_per_payload: must be a whole number from 1 to 100") != std::string::npos);
  CHECK(refused.max_actions_per_payload == 10);
}

TEST_CASE("slack settings: multi-workspace mode needs a 32-byte token key, previous keys checked too", "[adapters][slack][secrets]") {
  ::setenv("CB_UNIT_SLACK_SECRET", "s3", 1);
  ::setenv("CB_UNIT_SLACK_TOKEN_KEY", "YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWE=", 1);
  ::setenv("CB_UNIT_SLACK_SHORT_KEY", "YWFhYQ==", 1);
  const json multi = {{"signing_secret", {{"env", "CB_UNIT_SLACK_SECRET"}}},
                      {"client_id", "1.2"},
                      {"client_secret", {{"env", "CB_UNIT_SLACK_SECRET"}}},
                      {"redirect_url", "https://bot.example.nz/slack/oauth_redirect"}};
  commonsbot::flows::problem_list problems;
  read_settings(multi, "c.json", problems);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].path == "/adapters/slack/token_encryption_key");
  CHECK(problems[0].what.find("openssl rand -base64 32") != std::string::npos);

  problems.clear();
  json bad = multi;
  bad["token_encryption_key"] = {{"env", "CB_UNIT_SLACK_SHORT_KEY"}};
  bad["token_encryption_previous_keys"] = json::array({{{"env", "CB_UNIT_SLACK_TOKEN_KEY"}}, {{"env", "CB_UNIT_SLACK_SHORT_KEY"}}});
  read_settings(bad, "c.json", problems);
  const auto said = messages(problems);
  INFO(said);
  CHECK(said.find("/adapters/slack/token_encryption_key: must be 32 random bytes in base64") != std::string::npos);
  CHECK(said.find("/adapters/slack/token_encryption_previous_keys/1: must be 32 random bytes") != std::string::npos);
  CHECK(said.find("previous_keys/0") == std::string::npos);
  CHECK(said.find("YWFh") == std::string::npos);  // never the key itself

  problems.clear();
  json good = multi;
  good["token_encryption_key"] = {{"env", "CB_UNIT_SLACK_TOKEN_KEY"}};
  good["token_encryption_previous_keys"] = json::array({{{"env", "CB_UNIT_SLACK_TOKEN_KEY"}}});
  auto s = read_settings(good, "c.json", problems);
  INFO(messages(problems));
  CHECK(problems.empty());
  CHECK(s.token_encryption_previous_keys.size() == 1);

  // Single-workspace mode stores no tokens: no key needed.
  problems.clear();
  read_settings(json{{"signing_secret", {{"env", "CB_UNIT_SLACK_SECRET"}}}, {"bot_token", {{"env", "CB_UNIT_SLACK_SECRET"}}}},
                "c.json", problems);
  CHECK(problems.empty());
}
