// Parsing and dispatch over the fixture corpus: each inbound kind to its events (or to an
// immediate answer), and every malformed request to a specific 400 with nothing to run.
#include "slack_support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace slack_test;
using commonsbot::core::event_kind;

TEST_CASE("slack: a slash command becomes a command event answered in the body", "[slack][parse]") {
  fixture_adapter f;
  auto in = handle(f, signed_request(fixture("slash_command_help.form"), form));
  REQUIRE(in.events.size() == 1);
  const auto& ev = in.events[0];
  CHECK(ev.kind == event_kind::command);
  CHECK(ev.command == "help");
  CHECK(ev.tenant == "T0SCHOOL1");
  CHECK(ev.user_id == "U0AROHA01");
  CHECK(ev.user_name == "aroha");
  CHECK(ev.conversation_id == "C0LIBRARY");
  CHECK(ev.delivery_id == "command:13345224609.738474920.8088930838d88f008e0");
  CHECK(ev.reply.service_url == "https://hooks.slack.com/commands/T0SCHOOL1/1234567890/abcDEFghiJKL");
  CHECK(ev.inline_replies == 1);
  CHECK(in.ack == adapters::ack_style::reply_in_body);
}

TEST_CASE("slack: url_verification echoes the challenge, ssl_check is an empty 200", "[slack][parse]") {
  fixture_adapter f;
  auto in = handle(f, signed_request(fixture("url_verification.json"), json_type));
  REQUIRE(in.immediate);
  CHECK(nlohmann::json::parse(in.immediate->body)["challenge"] == "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");

  // ssl_check is unsigned; it passes verification and nothing else in it is looked at.
  http::request ssl;
  ssl.method = "POST";
  ssl.body = fixture("ssl_check.form") + "&command=%2Flibrary&team_id=T1&user_id=U1&channel_id=C1";
  ssl.headers = {{"Content-Type", form}};
  CHECK(f.adapter.verify(ssl).ok);
  auto ack = f.adapter.parse(ssl);
  REQUIRE(ack.immediate);
  CHECK(ack.immediate->status == 200);
  CHECK(ack.immediate->body.empty());
  CHECK(ack.events.empty());
  // Without ssl_check=1 the same unsigned body is refused.
  ssl.body = "command=%2Flibrary&team_id=T1&user_id=U1&channel_id=C1";
  CHECK(f.adapter.verify(ssl).code == "missing_signature");
}

TEST_CASE("slack: app_mention and message.im become message events keyed by event_id", "[slack][parse]") {
  fixture_adapter f;
  auto mention = handle(f, signed_request(fixture("app_mention.json"), json_type));
  REQUIRE(mention.events.size() == 1);
  CHECK(mention.events[0].kind == event_kind::message);
  CHECK(mention.events[0].text == "plan Rivers & lakes");
  CHECK(mention.events[0].delivery_id == "Ev0MENTION1");
  CHECK(mention.events[0].reply.thread_id == "1715000000.000100");  // answered in a thread
  CHECK(mention.events[0].inline_replies == 0);

  auto dm = handle(f, signed_request(fixture("message_im.json"), json_type));
  REQUIRE(dm.events.size() == 1);
  CHECK(dm.events[0].text == "Rivers unit");
  CHECK(dm.events[0].conversation_id == "D0AROHA01");
  CHECK(dm.events[0].delivery_id == "Ev0DIRECT1");
  CHECK(dm.ack == adapters::ack_style::empty);
}

TEST_CASE("slack: bot messages, our own messages and other events run nothing", "[slack][parse]") {
  fixture_adapter f;
  for (const char* name : {"message_im_bot.json", "message_im_self.json"}) {
    INFO(name);
    auto in = handle(f, signed_request(fixture(name), json_type));
    CHECK(in.events.empty());
    REQUIRE(in.immediate);
    CHECK(in.immediate->status == 200);
  }
}

TEST_CASE("slack: block_actions become action events for the flow engine", "[slack][parse]") {
  fixture_adapter f;
  // response_url is only trusted under the configured prefix (default hooks.slack.com).
  auto button = handle(f, signed_request(as_payload(fixture("block_actions_button.json")), form));
  REQUIRE(button.events.size() == 1);
  CHECK(button.events[0].kind == event_kind::action);
  CHECK(button.events[0].action_id == "plan:format/unit");
  CHECK(button.events[0].action_value == "unit");
  CHECK(button.events[0].reply.service_url == "https://hooks.slack.com/actions/T0SCHOOL1/1234567890/xyzResponse");
  CHECK(button.events[0].delivery_id == "action:13345224609.738474920.button0001/0");

  auto select = handle(f, signed_request(as_payload(fixture("block_actions_select.json")), form));
  REQUIRE(select.events.size() == 1);
  CHECK(select.events[0].action_id == "plan:year/y7");
  CHECK(select.events[0].action_value == "y7");

  // "room" was drawn ticked (mask 1); now room and email are ticked: email toggled.
  auto check = handle(f, signed_request(as_payload(fixture("block_actions_checkbox.json")), form));
  REQUIRE(check.events.size() == 1);
  CHECK(check.events[0].action_id == "prep:list/email");
  CHECK(check.events[0].action_value == "email");
}

TEST_CASE("slack: a block_actions payload beyond the actions cap runs only the first actions", "[slack][parse]") {
  fixture_adapter f;  // max_actions_per_payload: the default, 10
  auto payload = nlohmann::json::parse(fixture("block_actions_button.json"));
  const auto one = payload["actions"][0];
  payload["actions"] = nlohmann::json::array();
  for (int i = 0; i < 40; ++i) payload["actions"].push_back(one);
  auto in = handle(f, signed_request(as_payload(payload.dump()), form));
  REQUIRE(in.events.size() == 10);
  CHECK(in.events[9].delivery_id == "action:13345224609.738474920.button0001/9");
  while (payload["actions"].size() > 10) payload["actions"].erase(payload["actions"].size() - 1);
  CHECK(handle(f, signed_request(as_payload(payload.dump()), form)).events.size() == 10);
}

TEST_CASE("slack: a response_url outside the trusted prefix is never used", "[slack][parse]") {
  fixture_adapter f;
  auto body = fixture("block_actions_button.json");
  const std::string good = "https://hooks.slack.com/actions/T0SCHOOL1/1234567890/xyzResponse";
  body.replace(body.find(good), good.size(), "https://evil.example/steal");
  auto in = handle(f, signed_request(as_payload(body), form));
  REQUIRE(in.events.size() == 1);
  CHECK(in.events[0].reply.service_url.empty());
}

TEST_CASE("slack: malformed requests get a specific 400 and no events", "[slack][parse]") {
  fixture_adapter f;
  auto refused = [&](const http::request& r, int status, const std::string& code) {
    auto in = handle(f, r);
    CHECK(in.events.empty());
    REQUIRE(in.rejection);
    CHECK(in.rejection->status == status);
    CHECK(nlohmann::json::parse(in.rejection->body)["error"] == code);
  };
  refused(signed_request("{\"type\": \"event_callback\", ", json_type), 400, "malformed_json");
  refused(signed_request("text=%zz&command=%2Flibrary", form), 400, "malformed_form");
  refused(signed_request("payload=%7Bnot-json", form), 400, "malformed_json");
  refused(signed_request("command=%2Flibrary&team_id=T1&user_id=U1&channel_id=C1&text=%FF%FE", form), 400, "invalid_utf8");
  refused(signed_request("{\"type\":\"url_verification\",\"challenge\":\"\xff\"}", json_type), 400, "invalid_utf8");
  refused(signed_request("command=%2Flibrary&team_id=T1", form), 400, "missing_field");
  refused(signed_request(R"({"type":"event_callback","team_id":"T1","event":{"type":"app_mention"}})", json_type), 400,
          "missing_field");
  refused(signed_request("hello", "text/plain"), 415, "unsupported_media_type");
  auto no_type = signed_request("command=x", form);
  no_type.headers.erase(no_type.headers.begin());
  refused(no_type, 400, "missing_content_type");
}

TEST_CASE("slack: a command's first reply rides in the body, ephemeral by default", "[slack][ack]") {
  fixture_adapter f;
  auto in = f.adapter.parse(signed_request(fixture("slash_command_help.form"), form));
  core::outcome done;
  core::message m;
  m.text = "Commands: plan, starters <& more>";
  done.replies = {m};
  auto r = f.adapter.acknowledge(in, {done});
  REQUIRE(r.status == 200);
  auto body = nlohmann::json::parse(r.body);
  CHECK(body["response_type"] == "ephemeral");
  CHECK(body["text"] == "Commands: plan, starters &lt;&amp; more&gt;");
  CHECK(body["blocks"].size() == 1);

  core::outcome dup{core::outcome::status::duplicate, {}, ""};
  CHECK(f.adapter.acknowledge(in, {dup}).body.empty());
  core::outcome down{core::outcome::status::unavailable, {}, "disk"};
  CHECK(f.adapter.acknowledge(in, {down}).status == 503);
}

TEST_CASE("slack: the person's own workspace and the request's org reach the event", "[slack][parse][authz]") {
  fixture_adapter f;
  // A Slack Connect user's slash command names their own team in user_team.
  auto command = handle(f, signed_request(fixture("slash_command_help.form") + "&user_team=T0OTHER99&enterprise_id=E0GRID1", form));
  REQUIRE(command.events.size() == 1);
  CHECK(command.events[0].user_tenant == "T0OTHER99");
  CHECK(command.events[0].org == "E0GRID1");
  CHECK(handle(f, signed_request(fixture("slash_command_help.form"), form)).events.at(0).user_tenant.empty());

  auto message = nlohmann::json::parse(fixture("message_im.json"));
  message["event"]["user_team"] = "T0OTHER99";
  message["enterprise_id"] = "E0GRID1";
  auto dm = handle(f, signed_request(message.dump(), json_type));
  REQUIRE(dm.events.size() == 1);
  CHECK(dm.events[0].user_tenant == "T0OTHER99");
  CHECK(dm.events[0].org == "E0GRID1");

  auto pressed = nlohmann::json::parse(fixture("block_actions_button.json"));
  pressed["user"]["team_id"] = "T0OTHER99";
  pressed["enterprise"] = {{"id", "E0GRID1"}};
  auto button = handle(f, signed_request(as_payload(pressed.dump()), form));
  REQUIRE(button.events.size() == 1);
  CHECK(button.events[0].user_tenant == "T0OTHER99");
  CHECK(button.events[0].org == "E0GRID1");
}
