// The Slack adapter's inbound limits, with the real binary: a burst of signed commands for
// one team beyond its rate gets 429 with Retry-After and stores nothing, while another team
// is still served; an interactivity payload carrying more actions than the cap runs only the
// first ones; a delivery id is forgotten by the background sweep once the retention window
// has passed. The server's clock stands still (until a test moves it), so no request is
// earned back mid-burst.
#include "adapters/slack/form.hpp"
#include "adapters/slack/signature.hpp"
#include "core/keys.hpp"
#include "store/json_file_store.hpp"
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

using namespace commonsbot;
using namespace commonsbot::test;

namespace {

constexpr const char* limits_secret = "it-slack-limits-signing-secret-0123";

struct limits_server {
  limits_server() {
    ::setenv("CB_TEST_SLACK_LIMITS_SIGNING_SECRET", limits_secret, 1);
    ::setenv("CB_TEST_SLACK_LIMITS_BOT_TOKEN", "xoxb-limits", 1);
    set_clock_file(dir / "clock", wall_ms());
    std::ofstream(dir / "commonsbot.json") << R"({
      "server": {"address": "127.0.0.1", "port": 0, "threads": 2},
      "store": {"dir": ")" << (dir / "data").string() << R"("},
      "flows": {"templates_dir": ")" << COMMONSBOT_SOURCE_DIR << R"(/templates"},
      "inbound": {"tenant_rate_per_second": 1, "tenant_rate_burst": 4},
      "adapters": {"slack": {
        "signing_secret": {"env": "CB_TEST_SLACK_LIMITS_SIGNING_SECRET"},
        "bot_token": {"env": "CB_TEST_SLACK_LIMITS_BOT_TOKEN"},
        "api_base_url": ")" << api.url("/api") << R"(",
        "response_url_prefix": ")" << api.url("/hooks/") << R"(",
        "max_actions_per_payload": 3}},
      "delivery": {"allow_plain_http": true}
    })";
    process = std::make_unique<child_process>(
        std::vector<std::string>{binary(), "serve", "--config", (dir / "commonsbot.json").string(), "--port-file",
                                 (dir / "port").string(), "--clock-file", (dir / "clock").string()},
        dir / "server.log");
    port = wait_for_port_file(dir / "port");
    INFO(read_file(dir / "server.log"));
    REQUIRE(port != 0);
  }

  http_result signed_post(const std::string& body) {
    const std::string t = std::to_string(wall_s());
    return post(port, "/slack/events", body,
                {{"Content-Type", "application/x-www-form-urlencoded"}, {"X-Slack-Request-Timestamp", t},
                 {"X-Slack-Signature", adapters::slack::sign(limits_secret, t, body)}});
  }
  http_result command(const std::string& team, const std::string& trigger) {
    return signed_post("token=x&team_id=" + team + "&channel_id=C0LIBRARY&user_id=U0AROHA01&user_name=aroha"
                       "&command=%2Flibrary&text=help&response_url=" +
                       adapters::slack::url_encode(api.url("/hooks/commands/" + team + "/1/abc")) + "&trigger_id=" + trigger);
  }

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
  std::unique_ptr<child_process> process;
  std::uint16_t port = 0;
};

}  // namespace

TEST_CASE("slack e2e: a team over its request rate gets 429 with Retry-After, another team is served", "[integration][slack][limits]") {
  limits_server s;
  for (int i = 0; i < 4; ++i) {
    auto r = s.command("T0SCHOOL1", "burst." + std::to_string(i));
    INFO(r.body);
    CHECK(r.status == 200);
  }
  auto refused = s.command("T0SCHOOL1", "burst.over");
  INFO(refused.body);
  CHECK(refused.status == 429);
  CHECK(refused.body.find("rate_limited") != std::string::npos);
  const auto retry_after = std::atoll(refused.header("Retry-After").c_str());
  CHECK(retry_after >= 1);
  CHECK(retry_after <= 60);

  auto other = s.command("T0SCHOOL2", "other.1");
  INFO(other.body);
  CHECK(other.status == 200);

  auto db = s.stop_and_open();
  CHECK(db->get(core::collections::dedupe, "T0SCHOOL1/slack/command:burst.3"));
  CHECK_FALSE(db->get(core::collections::dedupe, "T0SCHOOL1/slack/command:burst.over"));
  CHECK(db->get(core::collections::dedupe, "T0SCHOOL2/slack/command:other.1"));
  CHECK(read_file(s.dir / "server.log").find("ingress.rate_limited") != std::string::npos);
}

TEST_CASE("slack e2e: an interactivity payload with more actions than the cap runs only the first ones", "[integration][slack][limits]") {
  limits_server s;
  nlohmann::json payload = {
      {"type", "block_actions"},
      {"user", {{"id", "U0AROHA01"}, {"name", "aroha"}}},
      {"team", {{"id", "T0SCHOOL3"}}},
      {"channel", {{"id", "C0LIBRARY"}}},
      {"trigger_id", "many.actions"},
      {"response_url", s.api.url("/hooks/actions/T0SCHOOL3/1/xyz")},
      {"actions", nlohmann::json::array()}};
  for (int i = 0; i < 25; ++i)
    payload["actions"].push_back({{"type", "button"}, {"action_id", "plan:format/unit"}, {"value", "unit"},
                                  {"action_ts", "1715000501." + std::to_string(i)}});
  auto r = s.signed_post("payload=" + adapters::slack::url_encode(payload.dump()));
  INFO(r.body);
  CHECK(r.status == 200);

  auto db = s.stop_and_open();
  // Each handled action keeps its delivery id: three, not twenty-five.
  CHECK(db->scan(core::collections::dedupe, "T0SCHOOL3/slack/action:many.actions/").size() == 3);
  CHECK(read_file(s.dir / "server.log").find("slack.actions_capped") != std::string::npos);
}

TEST_CASE("slack e2e: a delivery id is forgotten by the background sweep after the retention window", "[integration][slack][limits]") {
  limits_server s;
  auto r = s.command("T0SCHOOL4", "retained.1");
  INFO(r.body);
  REQUIRE(r.status == 200);
  // A day and an hour later (retention.dedupe_hours defaults to 24), by the server's clock.
  set_clock_file(s.dir / "clock", wall_ms() + 25LL * 60 * 60 * 1000);
  CHECK(eventually([&] { return read_file(s.dir / "server.log").find("retention.swept") != std::string::npos; },
                   std::chrono::seconds(30)));
  auto db = s.stop_and_open();
  CHECK_FALSE(db->get(core::collections::dedupe, "T0SCHOOL4/slack/command:retained.1"));
}
