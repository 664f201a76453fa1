// The real binary over loopback with a fake Slack: /library book opens a modal with the
// command's trigger_id; a submission with a date that isn't a date is answered with
// response_action "errors" on that block and nothing stored; the corrected one closes the
// modal, and the booking's summary goes back through the command's response_url, where
// "Yes" stores the booking and library staff get a DM. Cancel on a modal (view_closed) ends the flow.
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

constexpr const char* modal_secret = "it-slack-modal-secret-0123456789";

json fixture_json(const std::string& name) {
  std::ifstream in(std::string(COMMONSBOT_SOURCE_DIR) + "/tests/fixtures/slack/" + name, std::ios::binary);
  return json::parse(std::string((std::istreambuf_iterator<char>(in)), {}));
}

struct modal_server {
  modal_server() {
    ::setenv("CB_TEST_SLACK_SIGNING_SECRET", modal_secret, 1);
    ::setenv("CB_TEST_SLACK_BOT_TOKEN", "xoxb-modal", 1);
    api.on("/api/conversations.open", fake_response::ok(R"({"ok":true,"channel":{"id":"D0AROHA01"}})"));
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

  http_result signed_post(const std::string& body) {
    const std::string t = std::to_string(wall_s());
    return post(port, "/slack/events", body,
                {{"Content-Type", form_urlencoded}, {"X-Slack-Request-Timestamp", t},
                 {"X-Slack-Signature", adapters::slack::sign(modal_secret, t, body)}});
  }
  http_result command(const std::string& text, const std::string& user, const std::string& trigger) {
    return signed_post("token=x&team_id=T0SCHOOL1&team_domain=kowhai&channel_id=C0LIBRARY&channel_name=library&user_id=" +
                       user + "&user_name=mere&command=%2Flibrary&text=" + adapters::slack::url_encode(text) +
                       "&response_url=" + adapters::slack::url_encode(api.url("/hooks/commands/T0SCHOOL1/1/abc")) +
                       "&trigger_id=" + trigger);
  }
  http_result interaction(const json& payload) {
    return signed_post("payload=" + adapters::slack::url_encode(payload.dump()));
  }
  // The request the fake Slack got at `target`, waiting for it.
  std::optional<recorded_request> wait_for_target(const std::string& target) {
    for (int i = 0; i < 100; ++i) {
      for (const auto& r : api.requests())
        if (r.target == target) return r;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return std::nullopt;
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
  std::filesystem::path config;
  std::unique_ptr<child_process> process;
  std::uint16_t port = 0;
};

}  // namespace

TEST_CASE("slack e2e: /library book opens a modal, an invalid field is named, the fixed one books", "[integration][slack]") {
  modal_server s;
  // Aroha (library staff) has met the bot, so the booking can be sent to her.
  REQUIRE(s.command("help", "U0AROHA01", "7.0.help").status == 200);
  auto started = s.command("book", "U0TEACH01", "7.1.book");
  INFO(started.body);
  REQUIRE(started.status == 200);
  CHECK(started.body.empty());  // the modal is the answer

  auto opened = s.wait_for_target("/api/views.open");
  REQUIRE(opened);
  CHECK(opened->header("Authorization") == "Bearer xoxb-modal");
  const auto call = json::parse(opened->body);
  CHECK(call["trigger_id"] == "7.1.book");
  const auto& view = call["view"];
  CHECK(view["type"] == "modal");
  CHECK(view["callback_id"] == "commonsbot.form");
  CHECK(view["title"]["text"] == "Book the library");
  REQUIRE(view["blocks"].size() == 7);
  CHECK(view["blocks"][0]["block_id"] == "date");
  CHECK(view["blocks"][0]["type"] == "input");
  CHECK(view["blocks"][0]["optional"] == false);
  CHECK(view["blocks"][5]["block_id"] == "plan");
  CHECK(view["blocks"][5]["optional"] == true);
  CHECK(view["blocks"][4]["element"]["multiline"] == true);

  // A date that isn't a date: the modal stays open with the error under that field.
  auto payload = fixture_json("view_submission_book.json");
  payload["view"]["private_metadata"] = view["private_metadata"];
  auto bad = s.interaction(payload);
  INFO(bad.body);
  REQUIRE(bad.status == 200);
  auto answer = json::parse(bad.body);
  CHECK(answer["response_action"] == "errors");
  REQUIRE(answer["errors"].size() == 1);
  const std::string why = answer["errors"]["date"].get<std::string>();
  CHECK(why.find("not a date") != std::string::npos);
  CHECK(why.find("Try a day like Friday") != std::string::npos);

  // Fixed: the modal closes and the summary with Yes / No comes back where the command was.
  payload["trigger_id"] = "13345224609.738474920.book000002";
  payload["view"]["state"]["values"]["date"]["date"]["value"] = "tomorrow";
  auto good = s.interaction(payload);
  INFO(good.body);
  REQUIRE(good.status == 200);
  CHECK(json::parse(good.body)["response_action"] == "clear");
  auto summary = s.wait_for_target("/hooks/commands/T0SCHOOL1/1/abc");
  REQUIRE(summary);
  std::string yes_id;
  for (int i = 0; i < 40 && yes_id.empty(); ++i) {
    for (const auto& r : s.api.requests())
      if (r.target == "/hooks/commands/T0SCHOOL1/1/abc")
        for (const json sent = json::parse(r.body); const auto& b : sent["blocks"])
          if (b["type"] == "actions")
            for (const auto& el : b["elements"])
              if (el.value("value", "") == "yes") yes_id = el["action_id"];
    if (yes_id.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  REQUIRE_FALSE(yes_id.empty());

  // "Yes" on that message sends the booking.
  auto press = fixture_json("block_actions_button.json");
  press["user"]["id"] = "U0TEACH01";
  press["channel"]["id"] = "C0LIBRARY";
  press["container"]["channel_id"] = "C0LIBRARY";
  press["response_url"] = s.api.url("/hooks/actions/T0SCHOOL1/7/yes");
  press["actions"][0]["action_id"] = yes_id;
  press["actions"][0]["value"] = "yes";
  CHECK(s.interaction(press).status == 200);
  auto sent = s.wait_for_target("/hooks/actions/T0SCHOOL1/7/yes");
  REQUIRE(sent);
  INFO(sent->body);
  CHECK(sent->body.find("Sent to the library team (b1)") != std::string::npos);
  // ... and the library team hears about it in their DM, opened first.
  auto opened_dm = s.wait_for_target("/api/conversations.open");
  REQUIRE(opened_dm);
  CHECK(json::parse(opened_dm->body)["users"] == "U0AROHA01");
  auto told = s.wait_for_target("/api/chat.postMessage");
  REQUIRE(told);
  CHECK(json::parse(told->body)["channel"] == "D0AROHA01");

  auto db = s.stop_and_open();
  CHECK(db->count("bookings") == 1);
}

TEST_CASE("slack e2e: an invalid modal stores nothing, closing the modal ends the flow", "[integration][slack]") {
  modal_server s;
  REQUIRE(s.command("book", "U0TEACH01", "8.1.book").status == 200);
  auto opened = s.wait_for_target("/api/views.open");
  REQUIRE(opened);
  auto payload = fixture_json("view_submission_book.json");
  payload["view"]["private_metadata"] = json::parse(opened->body)["view"]["private_metadata"];
  auto bad = s.interaction(payload);
  REQUIRE(bad.status == 200);
  CHECK(json::parse(bad.body)["response_action"] == "errors");

  auto closed = fixture_json("view_closed.json");
  closed["view"]["private_metadata"] = payload["view"]["private_metadata"];
  CHECK(s.interaction(closed).status == 200);
  auto cancelled = s.wait_for_target("/hooks/commands/T0SCHOOL1/1/abc");
  REQUIRE(cancelled);
  CHECK(cancelled->body.find("/library book") != std::string::npos);

  auto db = s.stop_and_open();
  CHECK(db->count("bookings") == 0);
  CHECK(db->count(core::collections::sessions) == 0);
}

TEST_CASE("slack e2e: a form flow for the wrong role is refused in the body, no modal", "[integration][slack]") {
  modal_server s;
  auto refused = s.command("book", "U0AROHA01", "9.1.book");
  INFO(refused.body);
  REQUIRE(refused.status == 200);
  CHECK(json::parse(refused.body)["text"].get<std::string>().find("teacher") != std::string::npos);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  for (const auto& r : s.api.requests()) CHECK(r.target != "/api/views.open");
}
