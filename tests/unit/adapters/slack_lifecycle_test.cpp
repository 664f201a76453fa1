// The app's own events (Home opened, uninstalled, tokens revoked) as lifecycle events, the
// message a button was on carried for replacing it, and the rendering of a replacement and
// of a Home page.
#include "adapters/slack/web_api.hpp"
#include "slack_support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace slack_test;
using commonsbot::core::event_kind;
using nlohmann::json;

TEST_CASE("slack: app_home_opened on the Home tab is a home_opened lifecycle event", "[slack][parse]") {
  fixture_adapter f;
  auto in = handle(f, signed_request(fixture("app_home_opened.json"), json_type));
  REQUIRE(in.events.size() == 1);
  const auto& ev = in.events[0];
  CHECK(ev.kind == event_kind::lifecycle);
  CHECK(ev.text == "home_opened");
  CHECK(ev.user_id == "U0AROHA01");
  CHECK(ev.tenant == "T0SCHOOL1");
  CHECK(ev.delivery_id == "Ev0HOME0001");
  CHECK(ev.reply.user_id == "U0AROHA01");
  CHECK(ev.inline_replies == 0);
  CHECK(in.ack == adapters::ack_style::empty);

  // The same event for the Messages tab has no page to draw.
  auto messages = json::parse(fixture("app_home_opened.json"));
  messages["event"]["tab"] = "messages";
  auto ignored = handle(f, signed_request(messages.dump(), json_type));
  CHECK(ignored.events.empty());
  REQUIRE(ignored.immediate);
  CHECK(ignored.immediate->status == 200);
}

TEST_CASE("slack: app_uninstalled and tokens_revoked are workspace lifecycle events", "[slack][parse]") {
  fixture_adapter f;
  auto gone = handle(f, signed_request(fixture("app_uninstalled.json"), json_type));
  REQUIRE(gone.events.size() == 1);
  CHECK(gone.events[0].kind == event_kind::lifecycle);
  CHECK(gone.events[0].text == "uninstalled");
  CHECK(gone.events[0].user_id.empty());  // nobody in particular
  CHECK(gone.events[0].tenant == "T0SCHOOL1");
  CHECK(gone.events[0].delivery_id == "Ev0UNINST01");

  auto revoked = handle(f, signed_request(fixture("tokens_revoked.json"), json_type));
  REQUIRE(revoked.events.size() == 1);
  CHECK(revoked.events[0].text == "tokens_revoked");
  CHECK(revoked.events[0].fields.at("bot") == "U0BOT0001");
  CHECK(revoked.events[0].fields.at("oauth") == "U0AROHA01");
}

TEST_CASE("slack: an org-wide install's app_uninstalled names its enterprise", "[slack][parse]") {
  fixture_adapter f;
  auto gone = handle(f, signed_request(fixture("app_uninstalled_org.json"), json_type));
  REQUIRE(gone.events.size() == 1);
  const auto& ev = gone.events[0];
  CHECK(ev.text == "uninstalled");
  CHECK(ev.tenant == "T0SCHOOL1");
  CHECK(ev.fields.at("enterprise_id") == "E0ORG0001");
  CHECK(ev.fields.at("enterprise_install") == "true");

  // An org-level envelope with no team: the org is the tenant.
  auto org_only = json::parse(fixture("app_uninstalled_org.json"));
  org_only.erase("team_id");
  auto in = handle(f, signed_request(org_only.dump(), json_type));
  REQUIRE(in.events.size() == 1);
  CHECK(in.events[0].tenant == "E0ORG0001");
  CHECK(in.events[0].fields.at("enterprise_id") == "E0ORG0001");

  // A workspace install (is_enterprise_install false, or a null): no org to forget.
  auto workspace = json::parse(fixture("app_uninstalled_org.json"));
  workspace["authorizations"][0]["is_enterprise_install"] = false;
  CHECK(handle(f, signed_request(workspace.dump(), json_type)).events.at(0).fields.empty());
  workspace["authorizations"][0]["is_enterprise_install"] = nullptr;
  CHECK(handle(f, signed_request(workspace.dump(), json_type)).events.at(0).fields.empty());
  CHECK(handle(f, signed_request(fixture("app_uninstalled.json"), json_type)).events.at(0).fields.empty());

  // tokens_revoked for the org's bot carries the same.
  auto revoked = json::parse(fixture("tokens_revoked.json"));
  revoked["authorizations"] = json::parse(fixture("app_uninstalled_org.json"))["authorizations"];
  auto r = handle(f, signed_request(revoked.dump(), json_type));
  REQUIRE(r.events.size() == 1);
  CHECK(r.events[0].fields.at("enterprise_id") == "E0ORG0001");
  CHECK(r.events[0].fields.at("bot") == "U0BOT0001");
}

TEST_CASE("slack: a button press carries the message it was on", "[slack][parse]") {
  fixture_adapter f;
  auto in = handle(f, signed_request(as_payload(fixture("block_actions_checkbox.json")), form));
  REQUIRE(in.events.size() == 1);
  CHECK(in.events[0].reply.conversation_id == "D0AROHA01");
  CHECK(in.events[0].reply.message_id == "1715000700.000800");
}

TEST_CASE("slack: a replacement goes to the response_url, else chat.update", "[slack][render]") {
  const auto s = test_settings();
  core::message m;
  m.text = "Checklist: 2 of 9 ticked";
  m.replace_original = true;
  core::conversation_ref hook{"slack", "T1", "C9", "U1", "", "https://hooks.slack.com/actions/x", "", "171.5"};
  auto r = adapters::slack::render_requests(s, m, hook);
  REQUIRE(r.size() == 1);
  CHECK(r[0].url == "https://hooks.slack.com/actions/x");
  auto body = json::parse(r[0].body);
  CHECK(body["replace_original"] == true);
  CHECK_FALSE(body.contains("response_type"));  // the original keeps its visibility
  CHECK(body["blocks"].size() > 0);

  core::conversation_ref no_hook{"slack", "T1", "C9", "U1", "", "", "", "171.5"};
  auto upd = adapters::slack::render_requests(s, m, no_hook);
  REQUIRE(upd.size() == 1);
  CHECK(upd[0].url == "https://slack.test/api/chat.update");
  auto ub = json::parse(upd[0].body);
  CHECK(ub["channel"] == "C9");
  CHECK(ub["ts"] == "171.5");

  // Nothing to replace (no message id): posted as a new message.
  core::conversation_ref plain{"slack", "T1", "C9", "U1"};
  CHECK(adapters::slack::render_requests(s, m, plain)[0].url == "https://slack.test/api/chat.postMessage");

  // A replacement too long for one message: the first page replaces, the rest follow it.
  m.text.clear();
  for (int i = 0; i < 60; ++i) m.sections.push_back({"", "part " + std::to_string(i), {}});
  auto pages = adapters::slack::render_requests(s, m, hook);
  REQUIRE(pages.size() == 2);
  CHECK(json::parse(pages[0].body)["replace_original"] == true);
  CHECK(json::parse(pages[1].body)["replace_original"] == false);
}

TEST_CASE("slack: a Home page is published with views.publish, at most 100 blocks", "[slack][render]") {
  const auto s = test_settings();
  core::message m;
  m.surface = core::home_surface;
  m.text = "Kia ora Aroha";
  m.sections.push_back({"Your open plans", "Rivers (p3)", {}});
  core::conversation_ref to{"slack", "T1", "D1", "U7"};
  auto r = adapters::slack::render_requests(s, m, to);
  REQUIRE(r.size() == 1);
  CHECK(r[0].url == "https://slack.test/api/views.publish");
  CHECK(r[0].rate_bucket == "slack:T1:views.publish");
  auto body = json::parse(r[0].body);
  CHECK(body["user_id"] == "U7");
  CHECK(body["view"]["type"] == "home");
  CHECK(body["view"]["blocks"].size() >= 2);

  // Past the limit the page says so in its last block rather than failing to publish.
  for (int i = 0; i < 150; ++i) m.sections.push_back({"", "line " + std::to_string(i), {}});
  auto big = json::parse(adapters::slack::render_requests(s, m, to)[0].body);
  REQUIRE(big["view"]["blocks"].size() == adapters::slack::max_blocks_per_view);
  CHECK(big["view"]["blocks"].back()["type"] == "context");
}
