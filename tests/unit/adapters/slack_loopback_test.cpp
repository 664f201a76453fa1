// The whole road in one process, over loopback: a signed block_actions press on a record's
// checklist reaches the pipeline through the HTTP server, the record action runs and commits,
// and the outbox worker sends the redrawn card to the fake Slack API as a replacement of the
// message the button was on. A tiny test action stands in for the plans area's "plans.tick".
#include "core/keys.hpp"
#include "delivery/worker.hpp"
#include "flows/engine.hpp"
#include "http/server.hpp"
#include "pipeline/ingress.hpp"
#include "pipeline/pipeline.hpp"
#include "slack_support.hpp"
#include "support/fake_platform.hpp"
#include "support/http_client.hpp"
#include "support/memory_store.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <thread>

using namespace slack_test;
using nlohmann::json;

namespace {

// "test.tick" toggles one item of a two-item checklist kept in collection "cards" and answers
// with the card redrawn, as plans.tick does for a plan.
flows::action_result tick(flows::action_call& call) {
  const std::string key = core::tenant_key(call.ctx.person->tenant, "card1");
  json card = call.ctx.records->get("cards", key).value_or(json{{"room", false}, {"books", false}});
  card[call.payload] = !card.value(call.payload, false);
  call.out.writes.put("cards", key, card);
  core::message m;
  m.text = "Rivers unit: checklist";
  for (const char* item : {"room", "books"})
    m.checklist.push_back({flows::record_button("test.tick", item), item, card.value(item, false), ""});
  flows::action_result r;
  r.replies.push_back(std::move(m));
  return r;
}

long long now_s() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

struct rig {
  rig() {
    flows::problem_list problems;
    flows = flows::flow_registry::load(std::string(COMMONSBOT_SOURCE_DIR) + "/templates", "en-NZ", problems);
    actions.add_button("test.tick", tick);
    pipeline::pipeline_options options;
    options.actions = &actions;
    events = std::make_unique<pipeline::pipeline>(db, flows, clock, options);

    auto s = test_settings();
    s.api_base_url = api.url("/api");
    s.response_url_prefix = api.url("/hooks/");
    slack = std::make_unique<adapters::slack::slack_adapter>(s, clock);

    delivery::worker_options o;
    o.transport.allow_plain_http = true;
    o.rescan_interval_ms = 50;
    o.max_wait_ms = 20;
    outbox = std::make_unique<delivery::worker>(
        db, [this](std::string_view p) -> const adapters::adapter* { return p == "slack" ? slack.get() : nullptr; },
        clock, o);
    events->set_outbox_notify([this](std::vector<std::string> keys) { outbox->notify(std::move(keys)); });
    outbox->start();

    pipeline::mount(routes, *slack, *events);
    http::server_options so;
    so.port = 0;
    server = std::make_unique<http::server>(so, routes);
    server->start();
  }
  ~rig() {
    server->stop();
    outbox->stop();
  }

  test::http_result press(const json& payload) {
    const std::string body = as_payload(payload.dump());
    const std::string ts = std::to_string(now_s());
    return test::post(server->port(), "/slack/events", body,
                      {{"Content-Type", "application/x-www-form-urlencoded"},
                       {"X-Slack-Request-Timestamp", ts},
                       {"X-Slack-Signature", adapters::slack::sign(secret, ts, body)}});
  }

  test::fake_platform api;
  test::memory_store db;
  core::system_clock clock;
  flows::flow_registry flows;
  flows::action_registry actions;
  std::unique_ptr<pipeline::pipeline> events;
  std::unique_ptr<adapters::slack::slack_adapter> slack;
  std::unique_ptr<delivery::worker> outbox;
  http::router routes;
  std::unique_ptr<http::server> server;
};

// A block_actions press of the "books" checkbox on a card drawn with nothing ticked.
json books_pressed(const rig& r, const std::string& response_url) {
  const std::string books = flows::record_button("test.tick", "books");
  const std::string room = flows::record_button("test.tick", "room");
  auto option = [](const std::string& v) { return json{{"text", {{"type", "mrkdwn"}, {"text", v}}}, {"value", v}}; };
  json p = json::parse(fixture("block_actions_checkbox.json"));
  p["message"]["blocks"] = json::array({{{"type", "actions"},
                                         {"block_id", "cl0.0"},
                                         {"elements", json::array({{{"type", "checkboxes"},
                                                                    {"action_id", "checklist.0"},
                                                                    {"options", json::array({option(room), option(books)})}}})}}});
  p["actions"] = json::array({{{"type", "checkboxes"},
                               {"action_id", "checklist.0"},
                               {"block_id", "cl0.0"},
                               {"selected_options", json::array({option(books)})},
                               {"action_ts", "1715000701.323456"}}});
  if (response_url.empty()) p.erase("response_url");
  else p["response_url"] = r.api.url(response_url);
  return p;
}

}  // namespace

TEST_CASE("slack loopback: a checklist tick replaces the card through the response_url", "[slack][loopback]") {
  rig r;
  auto pressed = r.press(books_pressed(r, "/hooks/actions/T0SCHOOL1/9/tick"));
  INFO(pressed.error << " " << pressed.body);
  REQUIRE(pressed.status == 200);
  CHECK(pressed.body.empty());  // an interaction's ack carries nothing; the card follows

  REQUIRE(r.api.wait_for(1));
  const auto reqs = r.api.requests();
  REQUIRE(reqs.size() == 1);
  CHECK(reqs[0].target == "/hooks/actions/T0SCHOOL1/9/tick");
  auto sent = json::parse(reqs[0].body);
  CHECK(sent["replace_original"] == true);
  // The redrawn card: "books" now ticked, "room" not, carried in the checkbox block.
  bool books_ticked = false;
  for (const auto& b : sent["blocks"])
    if (b["type"] == "actions" && b["elements"][0]["type"] == "checkboxes")
      for (const auto& o : b["elements"][0].value("initial_options", json::array()))
        if (o["value"] == flows::record_button("test.tick", "books")) books_ticked = true;
  CHECK(books_ticked);
  CHECK(r.db.get("cards", "T0SCHOOL1/card1")->at("books") == true);
}

TEST_CASE("slack loopback: without a response_url the card is replaced with chat.update", "[slack][loopback]") {
  rig r;
  auto pressed = r.press(books_pressed(r, ""));
  REQUIRE(pressed.status == 200);
  REQUIRE(r.api.wait_for(1));
  const auto reqs = r.api.requests();
  REQUIRE(reqs.size() == 1);
  CHECK(reqs[0].target == "/api/chat.update");
  CHECK(reqs[0].header("Authorization") == "Bearer xoxb-test-token");
  auto sent = json::parse(reqs[0].body);
  CHECK(sent["channel"] == "D0AROHA01");
  CHECK(sent["ts"] == "1715000700.000800");
  CHECK(sent["blocks"].size() > 0);
}
