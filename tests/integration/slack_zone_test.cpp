// Time zones from Slack with the real binary: a signed slash command from someone the bot
// has not met, then (a minute later on the server's clock) the people_zones worker asks a
// fake Slack's users.info with the bot token and the answer is applied through the
// pipeline: the stored person has Slack's zone. Someone who chose a zone is never asked.
#include "adapters/slack/form.hpp"
#include "adapters/slack/signature.hpp"
#include "core/keys.hpp"
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
#include <fstream>
#include <thread>

using namespace commonsbot;
using namespace commonsbot::test;
using nlohmann::json;

namespace {

constexpr const char* zone_secret = "it-slack-zone-signing-secret-0123";

std::string command(const std::string& user, const std::string& text, const std::string& trigger,
                    const fake_platform& api) {
  return "token=x&team_id=T0SCHOOL1&team_domain=kowhai&channel_id=C0LIBRARY&channel_name=library&user_id=" + user +
         "&user_name=" + user + "&command=%2Flibrary&text=" + adapters::slack::url_encode(text) +
         "&response_url=" + adapters::slack::url_encode(api.url("/hooks/commands/T0SCHOOL1/1/abc")) +
         "&trigger_id=" + trigger;
}

std::size_t users_info_calls(const fake_platform& api) {
  std::size_t n = 0;
  for (const auto& r : api.requests())
    if (r.target.find("/users.info") != std::string::npos) ++n;
  return n;
}

}  // namespace

TEST_CASE("slack e2e: a person with no time zone gets Slack's, through the pipeline", "[integration][slack][zones]") {
  ::setenv("CB_TEST_SLACK_SIGNING_SECRET", zone_secret, 1);
  ::setenv("CB_TEST_SLACK_BOT_TOKEN", "xoxb-zones", 1);
  fake_platform api;
  api.on("/users.info", fake_response::ok(R"({"ok":true,"user":{"id":"U1","tz":"Europe/London","tz_offset":0}})"));
  temp_dir dir;
  const auto clock = dir / "clock";
  const long long start = wall_ms();
  set_clock_file(clock, start);
  const auto config = dir / "commonsbot.json";
  std::ofstream(config) << R"({
    "server": {"address": "127.0.0.1", "port": 0, "threads": 2},
    "store": {"dir": ")" << (dir / "data").string() << R"("},
    "flows": {"templates_dir": ")" << COMMONSBOT_SOURCE_DIR << R"(/templates"},
    "tenants": [{"id": "T0SCHOOL1", "roles": {"U2": "library_staff"}}],
    "adapters": {"slack": {
      "signing_secret": {"env": "CB_TEST_SLACK_SIGNING_SECRET"},
      "bot_token": {"env": "CB_TEST_SLACK_BOT_TOKEN"},
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

  auto signed_post = [&](const std::string& body) {
    const std::string t = std::to_string(wall_ms() / 1000);
    return post(port, "/slack/events", body,
                {{"Content-Type", form_urlencoded}, {"X-Slack-Request-Timestamp", t},
                 {"X-Slack-Signature", adapters::slack::sign(zone_secret, t, body)}});
  };
  // U1 has never set a zone. U2 sets one before Slack is asked, so keeps it.
  REQUIRE(signed_post(command("U1", "help", "z.1", api)).status == 200);
  auto chose = signed_post(command("U2", "profile zone Pacific/Chatham", "z.2", api));
  INFO(chose.body);
  REQUIRE(chose.status == 200);
  // The command answered at once: nobody waited on users.info.
  CHECK(users_info_calls(api) == 0);

  // A minute later (the server's clock) the worker scans people again and asks about U1.
  set_clock_file(clock, start + 61'000);
  for (int i = 0; i < 100 && users_info_calls(api) == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  REQUIRE(users_info_calls(api) >= 1);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  for (const auto& r : api.requests()) {
    if (r.target.find("/users.info") == std::string::npos) continue;
    CHECK(r.method == "GET");
    CHECK(r.target == "/api/users.info?user=U1");
    CHECK(r.header("Authorization") == "Bearer xoxb-zones");
  }

  server.signal(SIGTERM);
  REQUIRE(server.wait() == 0);
  store::options opts;
  opts.dir = (dir / "data").string();
  auto opened = store::json_file_store::open(opts);
  REQUIRE(opened.st);
  auto u1 = opened.store->get(core::collections::people, core::tenant_key("T0SCHOOL1", "slack:U1"));
  REQUIRE(u1);
  CHECK((*u1)["time_zone"] == "Europe/London");
  CHECK((*u1)["display_name"] == "U1");
  auto u2 = opened.store->get(core::collections::people, core::tenant_key("T0SCHOOL1", "slack:U2"));
  REQUIRE(u2);
  INFO(u2->dump());
  CHECK((*u2)["time_zone"] == "Pacific/Chatham");
  const auto log = read_file(dir / "server.log");
  CHECK(log.find("people.zone_set") != std::string::npos);
  CHECK(log.find("xoxb-zones") == std::string::npos);  // the token never reaches the log
}
