// The real binary with the Slack adapter enabled, over loopback: signed slash commands
// answered in the response body, a button press advancing a flow with the reply sent
// through the outbox to a fake Slack, an event delivered three times with one effect, and
// every bad request refused with the right status and nothing stored.
#include "adapters/slack/form.hpp"
#include "adapters/slack/signature.hpp"
#include "core/keys.hpp"
#include "store/json_file_store.hpp"
#include "support/console_session.hpp"
#include "support/fake_platform.hpp"
#include "support/http_client.hpp"
#include "support/process.hpp"
#include "support/wall_clock.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <thread>

using namespace commonsbot;
using namespace commonsbot::test;
using nlohmann::json;

namespace {

constexpr const char* events_secret = "it-slack-signing-secret-0123456789";

std::string fixture_text(const std::string& name) {
  std::ifstream in(std::string(COMMONSBOT_SOURCE_DIR) + "/tests/fixtures/slack/" + name, std::ios::binary);
  std::string s((std::istreambuf_iterator<char>(in)), {});
  while (!s.empty() && s.back() == '\n') s.pop_back();
  return s;
}

struct slack_server {
  slack_server() {
    ::setenv("CB_TEST_SLACK_SIGNING_SECRET", events_secret, 1);
    ::setenv("CB_TEST_SLACK_BOT_TOKEN", "xoxb-integration", 1);
    config = dir / "commonsbot.json";
    std::ofstream(config) << R"({
      "server": {"address": "127.0.0.1", "port": 0, "threads": 2},
      "store": {"dir": ")" << (dir / "data").string() << R"("},
      "flows": {"templates_dir": ")" << COMMONSBOT_SOURCE_DIR << R"(/templates"},
      "tenants": [{"id": "T0SCHOOL1", "roles": {"U0AROHA01": "library_staff"}}],
      "adapters": {"slack": {
        "signing_secret": {"env": "CB_TEST_SLACK_SIGNING_SECRET"},
        "bot_token": {"env": "CB_TEST_SLACK_BOT_TOKEN"},
        "api_base_url": ")" << api.url("/api") << R"(",
        "response_url_prefix": ")" << api.url("/hooks/") << R"("}},
      "delivery": {"allow_plain_http": true, "retry": {"base_ms": 50, "max_ms": 200, "max_attempts": 3}}
    })";
    process = std::make_unique<child_process>(
        std::vector<std::string>{binary(), "serve", "--config", config.string(), "--port-file", (dir / "port").string()},
        dir / "server.log");
    port = wait_for_port_file(dir / "port");
    INFO(read_file(dir / "server.log"));
    REQUIRE(port != 0);
  }

  http_result send(const std::string& body, const std::string& content_type, long long ts, const std::string& key,
                   header_list extra = {}) {
    const std::string t = std::to_string(ts);
    header_list h{{"Content-Type", content_type}, {"X-Slack-Request-Timestamp", t},
                  {"X-Slack-Signature", adapters::slack::sign(key, t, body)}};
    h.insert(h.end(), extra.begin(), extra.end());
    return post(port, "/slack/events", body, h);
  }
  http_result signed_post(const std::string& body, const std::string& content_type, header_list extra = {}) {
    return send(body, content_type, wall_s(), events_secret, std::move(extra));
  }
  std::string command(const std::string& text, const std::string& trigger) {
    return "token=x&team_id=T0SCHOOL1&team_domain=kowhai&channel_id=C0LIBRARY&channel_name=library&user_id=U0AROHA01"
           "&user_name=aroha&command=%2Flibrary&text=" + adapters::slack::url_encode(text) +
           "&response_url=" + adapters::slack::url_encode(api.url("/hooks/commands/T0SCHOOL1/1/abc")) +
           "&trigger_id=" + trigger;
  }

  // Stops the server and opens its store, to look at what it kept.
  std::unique_ptr<store::store> stop_and_open() {
    process->signal(SIGTERM);
    CHECK(process->wait() == 0);
    store::options opts;
    opts.dir = (dir / "data").string();
    auto opened = store::json_file_store::open(opts);
    REQUIRE(opened.st);
    return std::move(opened.store);
  }

  fake_platform api;
  temp_dir dir;
  std::filesystem::path config;
  std::unique_ptr<child_process> process;
  std::uint16_t port = 0;
};

}  // namespace

TEST_CASE("slack e2e: signed /library help and /library starters are answered in the body", "[integration][slack]") {
  slack_server s;
  auto help = s.signed_post(s.command("help", "1.1.help"), form_urlencoded);
  INFO(help.body);
  REQUIRE(help.status == 200);
  auto body = json::parse(help.body);
  CHECK(body["response_type"] == "ephemeral");
  CHECK_FALSE(body["text"].get<std::string>().empty());
  CHECK(body["text"].get<std::string>().find("starters") != std::string::npos);

  auto starters = s.signed_post(s.command("starters", "1.2.starters"), form_urlencoded);
  INFO(starters.body);
  REQUIRE(starters.status == 200);
  auto sb = json::parse(starters.body);
  bool has_buttons = false;
  for (const auto& b : sb["blocks"])
    if (b["type"] == "actions" && b["elements"][0]["type"] == "button") has_buttons = true;
  CHECK(has_buttons);
}

TEST_CASE("slack e2e: a button press advances the flow, the reply goes to the response_url", "[integration][slack]") {
  slack_server s;
  auto started = s.signed_post(s.command("starters", "2.1.starters"), form_urlencoded);
  INFO(started.body);
  REQUIRE(started.status == 200);
  json button;
  const auto reply = json::parse(started.body);
  for (const auto& b : reply["blocks"])
    if (b["type"] == "actions") button = b["elements"][0];
  REQUIRE(button.is_object());

  auto payload = json::parse(fixture_text("block_actions_button.json"));
  payload["response_url"] = s.api.url("/hooks/actions/T0SCHOOL1/2/xyz");
  payload["actions"][0]["action_id"] = button["action_id"];
  payload["actions"][0]["value"] = button["value"];
  auto pressed = s.signed_post("payload=" + adapters::slack::url_encode(payload.dump()), form_urlencoded);
  CHECK(pressed.status == 200);
  CHECK(pressed.body.empty());

  REQUIRE(s.api.wait_for(1));
  const auto reqs = s.api.requests();
  CHECK(reqs[0].target == "/hooks/actions/T0SCHOOL1/2/xyz");
  CHECK(reqs[0].header("Authorization").empty());
  auto sent = json::parse(reqs[0].body);
  CHECK_FALSE(sent["text"].get<std::string>().empty());
  CHECK(sent["blocks"].size() > 0);

  // The same press delivered again (a replay) changes nothing and sends nothing more. The
  // first press's replies (the starter, then "another?") settle first.
  std::this_thread::sleep_for(std::chrono::milliseconds(700));
  const auto before = s.api.count();
  CHECK(before >= 2);
  CHECK(s.signed_post("payload=" + adapters::slack::url_encode(payload.dump()), form_urlencoded).status == 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  CHECK(s.api.count() == before);
}

TEST_CASE("slack e2e: an event delivered three times has one effect", "[integration][slack]") {
  slack_server s;
  const std::string event = fixture_text("message_im.json");
  CHECK(s.signed_post(event, "application/json").status == 200);
  CHECK(s.signed_post(event, "application/json", {{"X-Slack-Retry-Num", "1"}, {"X-Slack-Retry-Reason", "http_timeout"}}).status == 200);
  CHECK(s.signed_post(event, "application/json", {{"X-Slack-Retry-Num", "2"}, {"X-Slack-Retry-Reason", "http_error"}}).status == 200);
  REQUIRE(s.api.wait_for(1));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  const auto reqs = s.api.requests();
  REQUIRE(reqs.size() == 1);
  CHECK(reqs[0].target == "/api/chat.postMessage");
  CHECK(reqs[0].header("Authorization") == "Bearer xoxb-integration");
  CHECK(json::parse(reqs[0].body)["channel"] == "D0AROHA01");
  auto db = s.stop_and_open();
  CHECK(db->count(core::collections::dedupe) == 1);
  CHECK(db->count(core::collections::outbox) == 0);
}

TEST_CASE("slack e2e: bad requests are refused with the right status and nothing stored", "[integration][slack]") {
  slack_server s;
  const std::string body = s.command("help", "3.1.help");
  const long long now = wall_s();
  auto error_of = [](const http_result& r) { return json::parse(r.body)["error"].get<std::string>(); };

  auto tampered_headers = [&] {
    const std::string t = std::to_string(now);
    return header_list{{"Content-Type", form_urlencoded}, {"X-Slack-Request-Timestamp", t},
                       {"X-Slack-Signature", adapters::slack::sign(events_secret, t, body)}};
  }();
  auto tampered = post(s.port, "/slack/events", body + "&text=starters", tampered_headers);
  CHECK(tampered.status == 401);
  CHECK(error_of(tampered) == "bad_signature");
  CHECK(s.send(body, form_urlencoded, now, "not-the-secret").status == 401);
  // A minute past Slack's five, read when sent: this test can take seconds under the
  // sanitizers (the exact boundary is in tests/unit/adapters/slack_signature_test.cpp).
  auto stale = s.send(body, form_urlencoded, wall_s() - 360, events_secret);
  CHECK(stale.status == 401);
  CHECK(error_of(stale) == "stale_timestamp");
  CHECK(s.send(body, form_urlencoded, wall_s() + 360, events_secret).status == 401);
  auto missing = post(s.port, "/slack/events", body, {{"Content-Type", form_urlencoded}});
  CHECK(missing.status == 401);
  CHECK(error_of(missing) == "missing_signature");

  auto bad_form = s.signed_post("command=%2Flibrary&text=%zz", form_urlencoded);
  CHECK(bad_form.status == 400);
  CHECK(error_of(bad_form) == "malformed_form");
  auto bad_json = s.signed_post("{\"type\":\"event_callback\",", "application/json");
  CHECK(bad_json.status == 400);
  CHECK(error_of(bad_json) == "malformed_json");
  auto bad_utf8 = s.signed_post("command=%2Flibrary&team_id=T0SCHOOL1&user_id=U1&channel_id=C1&text=%FF", form_urlencoded);
  CHECK(bad_utf8.status == 400);
  CHECK(error_of(bad_utf8) == "invalid_utf8");

  // Still serving, and none of it was stored or sent.
  CHECK(get(s.port, "/healthz").status == 200);
  CHECK(s.api.count() == 0);
  auto db = s.stop_and_open();
  CHECK(db->count(core::collections::dedupe) == 0);
  CHECK(db->count(core::collections::people) == 0);
  CHECK(db->count(core::collections::sessions) == 0);
  CHECK(db->count(core::collections::outbox) == 0);
}

TEST_CASE("slack e2e: opening the Home tab publishes the person's page, once per event", "[integration][slack]") {
  slack_server s;
  const std::string event = fixture_text("app_home_opened.json");
  CHECK(s.signed_post(event, "application/json").status == 200);
  CHECK(s.signed_post(event, "application/json", {{"X-Slack-Retry-Num", "1"}, {"X-Slack-Retry-Reason", "http_timeout"}}).status == 200);
  REQUIRE(s.api.wait_for(1));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  const auto reqs = s.api.requests();
  REQUIRE(reqs.size() == 1);
  CHECK(reqs[0].target == "/api/views.publish");
  CHECK(reqs[0].header("Authorization") == "Bearer xoxb-integration");
  auto sent = json::parse(reqs[0].body);
  CHECK(sent["user_id"] == "U0AROHA01");
  CHECK(sent["view"]["type"] == "home");
  REQUIRE(sent["view"]["blocks"].size() > 0);
  CHECK(sent["view"]["blocks"].size() <= 100);
  CHECK(reqs[0].body.find("/library profile") != std::string::npos);
}

TEST_CASE("slack e2e: app_uninstalled forgets the workspace's conversations", "[integration][slack]") {
  slack_server s;
  auto started = s.signed_post(s.command("starters", "9.1.starters"), form_urlencoded);
  REQUIRE(started.status == 200);
  CHECK(s.signed_post(fixture_text("app_uninstalled.json"), "application/json").status == 200);
  auto db = s.stop_and_open();
  CHECK(db->count(core::collections::sessions) == 0);
  CHECK(db->count(core::collections::outbox) == 0);
  CHECK(db->get(core::collections::dedupe, "T0SCHOOL1/slack/Ev0UNINST01"));
}
