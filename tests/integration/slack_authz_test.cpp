// The real binary with Slack enabled, over loopback, against forged and foreign requests that
// Slack signed: a teacher's forged report button and a forged uninstall button are refused
// kindly and change nothing; a Slack Connect user from another workspace is refused and never
// becomes a person of the school.
#include "adapters/slack/form.hpp"
#include "adapters/slack/signature.hpp"
#include "core/keys.hpp"
#include "store/json_file_store.hpp"
#include "support/console_session.hpp"
#include "support/eventually.hpp"
#include "support/fake_platform.hpp"
#include "support/http_client.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "support/wall_clock.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <csignal>
#include <cstdlib>
#include <fstream>
#include <functional>

using namespace commonsbot;
using namespace commonsbot::test;
using nlohmann::json;

namespace {

constexpr const char* authz_secret = "it-slack-authz-signing-secret-0123456789";
constexpr const char* authz_refusal = "That button isn't available to you.";

std::unique_ptr<store::store> authz_open_store(const std::filesystem::path& dir) {
  store::options opts;
  opts.dir = dir.string();
  auto opened = store::json_file_store::open(opts);
  REQUIRE(opened.st);
  return std::move(opened.store);
}

struct authz_slack_server {
  // `seed` runs on the store before the server opens it.
  // `multi`: multi-workspace mode, tokens from the stored installations.
  explicit authz_slack_server(const std::function<void(store::store&)>& seed = {}, bool multi = false) {
    ::setenv("CB_TEST_SLACK_AUTHZ_SECRET", authz_secret, 1);
    ::setenv("CB_TEST_SLACK_AUTHZ_TOKEN", "xoxb-authz", 1);
    ::setenv("CB_TEST_SLACK_AUTHZ_TOKEN_KEY", "YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWE=", 1);
    if (seed) {
      auto db = authz_open_store(dir / "data");
      seed(*db);
      REQUIRE(db->close());
    }
    config = dir / "commonsbot.json";
    std::ofstream(config) << R"({
      "server": {"address": "127.0.0.1", "port": 0, "threads": 2},
      "store": {"dir": ")" << (dir / "data").string() << R"("},
      "flows": {"templates_dir": ")" << COMMONSBOT_SOURCE_DIR << R"(/templates"},
      "tenants": [{"id": "T0SCHOOL1", "roles": {"U0AROHA01": "library_staff", "U0TAMA001": "admin"}}],
      "adapters": {"slack": {
        "signing_secret": {"env": "CB_TEST_SLACK_AUTHZ_SECRET"},
        )" << (multi ? R"("client_id": "1234.5678", "client_secret": {"env": "CB_TEST_SLACK_AUTHZ_TOKEN"},
                          "redirect_url": "https://bot.example.nz/slack/oauth_redirect",
                          "token_encryption_key": {"env": "CB_TEST_SLACK_AUTHZ_TOKEN_KEY"},)"
                     : R"("bot_token": {"env": "CB_TEST_SLACK_AUTHZ_TOKEN"},)") << R"(
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

  http_result signed_post(const std::string& body, const std::string& content_type) {
    const std::string t = std::to_string(wall_s());
    header_list h{{"Content-Type", content_type}, {"X-Slack-Request-Timestamp", t},
                  {"X-Slack-Signature", adapters::slack::sign(authz_secret, t, body)}};
    return post(port, "/slack/events", body, h);
  }
  std::string command(const std::string& user, const std::string& text, const std::string& trigger,
                      const std::string& extra = "") {
    return "token=x&team_id=T0SCHOOL1&team_domain=kowhai&channel_id=C0LIBRARY&channel_name=library&user_id=" + user +
           "&user_name=" + user + "&command=%2Flibrary&text=" + adapters::slack::url_encode(text) +
           "&response_url=" + adapters::slack::url_encode(api.url("/hooks/commands/T0SCHOOL1/1/abc")) +
           "&trigger_id=" + trigger + extra;
  }
  // A block_actions press of a button whose action id the presser chose.
  http_result press(const std::string& user, const std::string& action_id, const std::string& hook) {
    json p = {{"type", "block_actions"},
              {"user", {{"id", user}, {"name", user}, {"team_id", "T0SCHOOL1"}}},
              {"team", {{"id", "T0SCHOOL1"}}},
              {"channel", {{"id", "C0LIBRARY"}}},
              {"container", {{"message_ts", "1715000500.000600"}, {"channel_id", "C0LIBRARY"}}},
              {"trigger_id", "trigger." + hook},
              {"response_url", api.url("/hooks/actions/T0SCHOOL1/" + hook)},
              {"actions", {{{"type", "button"}, {"action_id", action_id}, {"value", "x"}, {"action_ts", "1715000501.1"}}}}};
    return signed_post("payload=" + adapters::slack::url_encode(p.dump()), form_urlencoded);
  }

  http_result dm(const std::string& team, const std::string& enterprise, const std::string& id) {
    json e = {{"token", "x"}, {"team_id", team}, {"api_app_id", "A0COMMONS"}, {"type", "event_callback"},
              {"event_id", id}, {"event_time", 1715000100},
              {"event", {{"type", "message"}, {"text", "hello"}, {"user", "U0MERE001"}, {"ts", "1715000100." + id},
                         {"channel", "D0MERE001"}, {"channel_type", "im"}}}};
    if (!enterprise.empty()) e["enterprise_id"] = enterprise;
    return signed_post(e.dump(), "application/json");
  }

  std::unique_ptr<store::store> stop_and_open() {
    process->signal(SIGTERM);
    CHECK(process->wait() == 0);
    return authz_open_store(dir / "data");
  }

  fake_platform api;
  temp_dir dir;
  std::filesystem::path config;
  std::unique_ptr<child_process> process;
  std::uint16_t port = 0;
};

// The text of the one message posted to the response_url ending in `hook`.
std::string authz_reply_to(const fake_platform& api, const std::string& hook) {
  for (const auto& r : api.requests())
    if (r.target == "/hooks/actions/T0SCHOOL1/" + hook) return json::parse(r.body).value("text", "");
  return "";
}

}  // namespace

TEST_CASE("slack authz e2e: a teacher's forged report button is refused and no report is sent", "[integration][slack][authz]") {
  authz_slack_server s;
  auto pressed = s.press("U0MERE001", "do:report.show|{}", "report-1");
  CHECK(pressed.status == 200);
  REQUIRE(s.api.wait_for(1));
  const auto said = authz_reply_to(s.api, "report-1");
  CHECK(said == authz_refusal);
  for (const auto& r : s.api.requests()) CHECK(r.body.find("Collaborations") == std::string::npos);
  auto db = s.stop_and_open();
  CHECK(db->count(core::collections::sessions) == 0);
}

TEST_CASE("slack authz e2e: a forged uninstall button naming another org erases nothing", "[integration][slack][authz]") {
  authz_slack_server s([](store::store& db) {
    store::transaction txn;
    txn.put("slack_installations", "E0OTHER1:-",
            {{"enterprise_id", "E0OTHER1"}, {"team_id", ""}, {"enterprise_install", true}, {"bot_token", "xoxb-other"}});
    REQUIRE(db.commit(std::move(txn)));
  });
  // An open conversation, which forgetting the workspace would erase.
  REQUIRE(s.signed_post(s.command("U0AROHA01", "starters", "7.1.starters"), form_urlencoded).status == 200);
  auto pressed = s.press("U0TAMA001", R"(do:on.uninstalled|{"enterprise_id":"E0OTHER1","enterprise_install":"true"})",
                         "uninstall-1");
  CHECK(pressed.status == 200);
  REQUIRE(s.api.wait_for(1));
  CHECK(authz_reply_to(s.api, "uninstall-1") == authz_refusal);
  auto db = s.stop_and_open();
  CHECK(db->get("slack_installations", "E0OTHER1:-"));
  CHECK(db->count(core::collections::sessions) == 1);
}

TEST_CASE("slack authz e2e: a Slack Connect user is refused politely and never stored", "[integration][slack][authz]") {
  authz_slack_server s;
  auto help = s.signed_post(s.command("U0GUEST01", "help", "8.1.help", "&user_team=T0OTHER99"),
                            form_urlencoded);
  INFO(help.body);
  REQUIRE(help.status == 200);
  const auto body = json::parse(help.body);
  CHECK(body["response_type"] == "ephemeral");
  CHECK(body["text"].get<std::string>().find("this school's own workspace") != std::string::npos);
  CHECK(body["text"].get<std::string>().find("starters") == std::string::npos);  // no help for them
  // A member of the school is answered as ever.
  auto member = s.signed_post(s.command("U0MERE001", "help", "8.2.help", "&user_team=T0SCHOOL1"),
                              form_urlencoded);
  CHECK(member.status == 200);
  CHECK(member.body.find("/library") != std::string::npos);
  CHECK(member.body.find("this school's own workspace") == std::string::npos);
  auto db = s.stop_and_open();
  CHECK_FALSE(db->get(core::collections::people, "T0SCHOOL1/slack:U0GUEST01"));
  CHECK(db->get(core::collections::people, "T0SCHOOL1/slack:U0MERE001"));
  CHECK(db->count(core::collections::sessions) == 0);
}

TEST_CASE("slack authz e2e: an org-wide token is used only for a team seen in that org", "[integration][slack][authz]") {
  authz_slack_server s(
      [](store::store& db) {
        store::transaction txn;
        txn.put("slack_installations", "E0ORG0001:-",
                {{"enterprise_id", "E0ORG0001"}, {"team_id", ""}, {"enterprise_install", true}, {"bot_token", "xoxb-org"}});
        REQUIRE(db.commit(std::move(txn)));
      },
      true);
  s.api.on("/api/chat.postMessage", fake_response::ok(R"({"ok":true,"channel":"D0MERE001","ts":"1.2"})"));
  // A workspace of the org: its request names the org, so the org's install answers it.
  REQUIRE(s.dm("T0MEMBER1", "E0ORG0001", "Ev0MEMBER1").status == 200);
  REQUIRE(s.api.wait_for(1));
  // A workspace outside any org with an install: nothing is sent with the org's token.
  REQUIRE(s.dm("T0STRAY01", "", "Ev0STRAY01").status == 200);
  // Its reply fails closed: dead-lettered with the reason, never sent.
  CHECK(eventually([&] {
    const auto log = read_file(s.dir / "server.log");
    return log.find("outbox.dead_letter") != std::string::npos &&
           log.find("no Slack installation covers workspace T0STRAY01") != std::string::npos;
  }));
  auto db = s.stop_and_open();
  // One post: the member's, with the org's token; none for the stray workspace.
  int posts = 0;
  for (const auto& r : s.api.requests())
    if (r.target == "/api/chat.postMessage") {
      ++posts;
      CHECK(r.header("Authorization") == "Bearer xoxb-org");
    }
  CHECK(posts == 1);
  CHECK(db->count(core::collections::outbox) == 0);
  bool stray_dead = false;
  for (const auto& [key, value] : db->scan("dead_letters"))
    if (value.dump().find("no Slack installation covers workspace T0STRAY01") != std::string::npos) stray_dead = true;
  CHECK(stray_dead);
}
