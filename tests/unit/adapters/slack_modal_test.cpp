// Slack modals: a core::form drawn as a views.open within Slack's limits, and view_submission
// / view_closed turned into events; the acknowledgement built from the pipeline's outcome.
#include "adapters/slack/modal.hpp"
#include "adapters/slack/web_api.hpp"
#include "core/text.hpp"
#include "slack_support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace commonsbot;
using namespace slack_test;
using nlohmann::json;

namespace {

core::form booking_form() {
  core::form f;
  f.title = "Book the library";
  f.submit = "Check booking";
  f.trigger = "12.34.abc";
  f.metadata = R"({"conversation_id":"C0LIBRARY"})";
  f.fields.push_back({"date", "What day?", "Try Friday or 14/3.", false, false, 40, {}});
  f.fields.push_back({"purpose", "What's the purpose?", "", false, true, 800, {}});
  f.fields.push_back({"plan", "A lesson plan?", "", true, true, 5000, {}});
  f.fields.push_back({"room", "Which space?", "", false, false, 0, {{"r1", "Reading corner"}, {"r2", "Makerspace"}}});
  return f;
}

}  // namespace

TEST_CASE("slack modal: one input block per field, within Slack's limits") {
  const json view = adapters::slack::modal_view(booking_form());
  CHECK(view["type"] == "modal");
  CHECK(view["callback_id"] == "commonsbot.form");
  CHECK(view["notify_on_close"] == true);
  CHECK(view["title"]["text"] == "Book the library");
  CHECK(view["submit"]["text"] == "Check booking");
  CHECK(view["private_metadata"] == R"({"conversation_id":"C0LIBRARY"})");
  REQUIRE(view["blocks"].size() == 4);
  const auto& date = view["blocks"][0];
  CHECK(date["type"] == "input");
  CHECK(date["block_id"] == "date");
  CHECK(date["label"]["text"] == "What day?");
  CHECK(date["hint"]["text"] == "Try Friday or 14/3.");
  CHECK(date["optional"] == false);
  CHECK(date["element"]["type"] == "plain_text_input");
  CHECK(date["element"]["action_id"] == "date");
  CHECK(date["element"]["multiline"] == false);
  CHECK(date["element"]["max_length"] == 40);
  CHECK_FALSE(view["blocks"][1].contains("hint"));
  CHECK(view["blocks"][2]["optional"] == true);
  CHECK(view["blocks"][2]["element"]["max_length"] == 3000);  // Slack's most for one input
  const auto& room = view["blocks"][3]["element"];
  CHECK(room["type"] == "static_select");
  REQUIRE(room["options"].size() == 2);
  CHECK(room["options"][1]["value"] == "r2");
  CHECK(room["options"][1]["text"]["text"] == "Makerspace");
}

TEST_CASE("slack modal: words too long for their place are shortened, never refused, at most 100 blocks") {
  core::form f = booking_form();
  f.title = "Book the school library for your class";
  f.fields[0].label = std::string(2100, 'a');
  f.fields[3].options = {{"r1", std::string(90, 'x')}};
  for (int i = 0; i < 120; ++i) f.fields.push_back({"f" + std::to_string(i), "Q", "", true, false, 10, {}});
  const json view = adapters::slack::modal_view(f);
  // Cut at a word break, with an ellipsis that says so.
  const std::string title = view["title"]["text"];
  CHECK(core::utf8_length(title) <= adapters::slack::max_view_title);
  CHECK(title.ends_with("\xE2\x80\xA6"));
  CHECK(core::utf8_length(view["blocks"][0]["label"]["text"].get<std::string>()) == adapters::slack::max_input_label);
  CHECK(core::utf8_length(view["blocks"][3]["element"]["options"][0]["text"]["text"].get<std::string>()) ==
        adapters::slack::max_option_text);
  CHECK(view["blocks"].size() == adapters::slack::max_blocks_per_view);
}

TEST_CASE("slack modal: a form message renders as views.open with its trigger") {
  const auto reqs = adapters::slack::render_requests(test_settings(), core::form_message(booking_form()),
                                                     {"slack", "T0SCHOOL1", "C0LIBRARY", "U0AROHA01", "", "https://hooks.slack.com/x"});
  REQUIRE(reqs.size() == 1);
  CHECK(reqs[0].url == "https://slack.test/api/views.open");
  const auto body = json::parse(reqs[0].body);
  CHECK(body["trigger_id"] == "12.34.abc");
  CHECK(body["view"]["blocks"].size() == 4);
}

TEST_CASE("slack modal: view_submission becomes a form event with every field and the reply address") {
  fixture_adapter f;
  auto payload = json::parse(fixture("view_submission_book.json"));
  payload["view"]["private_metadata"] =
      R"({"platform":"slack","tenant":"T0SCHOOL1","conversation_id":"C0LIBRARY","user_id":"U0TEACH01","service_url":"https://hooks.slack.com/commands/T0SCHOOL1/1/abc"})";
  auto in = f.adapter.parse(signed_request(as_payload(payload.dump()), "application/x-www-form-urlencoded"));
  REQUIRE_FALSE(in.rejection);
  CHECK(in.ack == adapters::ack_style::synchronous_body);
  REQUIRE(in.events.size() == 1);
  const auto& ev = in.events[0];
  CHECK(ev.kind == core::event_kind::form_submission);
  CHECK(ev.tenant == "T0SCHOOL1");
  CHECK(ev.user_id == "U0TEACH01");
  CHECK(ev.conversation_id == "C0LIBRARY");
  CHECK(ev.reply.service_url == "https://hooks.slack.com/commands/T0SCHOOL1/1/abc");
  CHECK(ev.inline_replies == 0);
  CHECK(ev.delivery_id == "view:13345224609.738474920.book000001");
  CHECK(ev.fields.at("date") == "not a date");
  CHECK(ev.fields.at("year") == "Year 5");
  CHECK(ev.fields.at("plan").empty());  // Slack sends null for an empty optional input
  CHECK(ev.fields.size() == 7);
}

TEST_CASE("slack modal: an untrusted response_url in the metadata is dropped, replies go to the DM") {
  fixture_adapter f;
  auto payload = json::parse(fixture("view_submission_book.json"));
  payload["view"]["private_metadata"] = R"({"conversation_id":"C0LIBRARY","service_url":"https://evil.example/x"})";
  auto in = f.adapter.parse(signed_request(as_payload(payload.dump()), "application/x-www-form-urlencoded"));
  REQUIRE(in.events.size() == 1);
  CHECK(in.events[0].conversation_id == "C0LIBRARY");  // the session
  CHECK(in.events[0].reply.service_url.empty());
  CHECK(in.events[0].reply.conversation_id.empty());  // chat.postMessage to the user: their DM
}

TEST_CASE("slack modal: view_closed cancels, other apps' views and bad payloads are left alone") {
  fixture_adapter f;
  auto closed = f.adapter.parse(signed_request(as_payload(fixture("view_closed.json")), "application/x-www-form-urlencoded"));
  REQUIRE(closed.events.size() == 1);
  CHECK(closed.events[0].kind == core::event_kind::message);
  CHECK(closed.events[0].text == "cancel");
  CHECK(closed.events[0].conversation_id == "C0LIBRARY");

  // The older fixture's callback id is not ours: answered, nothing run.
  auto other = f.adapter.parse(signed_request(as_payload(fixture("view_submission.json")), "application/x-www-form-urlencoded"));
  CHECK(other.events.empty());
  CHECK_FALSE(other.rejection);

  auto bad = f.adapter.parse(signed_request(as_payload(R"({"type":"view_submission","team":{"id":"T0SCHOOL1"}})"),
                                            "application/x-www-form-urlencoded"));
  CHECK(bad.rejection);
}

TEST_CASE("slack modal: the submission's answer is errors by block id, or clear") {
  fixture_adapter f;
  adapters::inbound in;
  in.ack = adapters::ack_style::synchronous_body;
  core::outcome turned_down{core::outcome::status::done, {}, "", {{"date", "I couldn't read that as a date."}}};
  auto r = f.adapter.acknowledge(in, {turned_down});
  CHECK(r.status == 200);
  const auto body = json::parse(r.body);
  CHECK(body["response_action"] == "errors");
  CHECK(body["errors"]["date"] == "I couldn't read that as a date.");

  auto ok = f.adapter.acknowledge(in, {core::outcome{core::outcome::status::done, {}, ""}});
  CHECK(json::parse(ok.body)["response_action"] == "clear");
}
