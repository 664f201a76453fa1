// Flows over Teams with the real binary: a plan made in a personal chat (one answer given
// with a card's Action.Submit) down to its checklist card, which the library partner ticks
// from a channel with Action.Execute and gets the card back redrawn in the HTTP answer; the
// same invoke sent three times changing the plan once; and a booking through a task module
// (dialog), turned down once for a field and then accepted.
#include "collab/plan.hpp"
#include "integration/teams_server.hpp"

using namespace commonsbot;
using namespace commonsbot::test;
using namespace commonsbot::test::teams_e2e;

namespace {

constexpr const char* teams_sam_chat_path = "/v3/conversations/a%3A1PeRsOnAlSamChat0123456789abcdefABCDEF/activities";

// Aroha (library staff) has met the bot, in her own personal chat, so Sam can name her.
void teams_aroha_says_hello(teams_server& s) {
  json hello = s.message("library help");
  hello["from"] = {{"id", teams_aroha}, {"name", "Aroha"}};
  hello["conversation"]["id"] = teams_aroha_dm;
  REQUIRE(s.send(hello).status == 200);
  REQUIRE(s.wait_for_sent("starters"));
}

// What pressing the first choice on the card of `r` submits: a button's data, or a choice
// set's submit data with its first choice picked (long labels are drawn as a choice set).
json teams_first_choice(const recorded_request& r) {
  const json card = teams_card_of(r);
  json data;
  teams_each_action(card, [&](const json& a) {
    if (!data.is_null() || a["type"] != "Action.Submit" || !a.contains("data")) return;
    if (a["data"].value("cb", "") == "button" || a["data"].value("cb", "") == "pick") data = a["data"];
  });
  if (data.is_object() && data["cb"] == "pick") {
    std::function<void(const json&)> find = [&](const json& j) {
      if (j.is_object() && j.value("type", "") == "Input.ChoiceSet" && j.value("id", "") == data["input"])
        data[data["input"].get<std::string>()] = j["choices"][0]["value"];
      else if (j.is_object() || j.is_array())
        for (const auto& v : j) find(v);
    };
    find(card);
  }
  return data;
}

// Sam plans "Volcanoes" with Aroha; returns the plan card's Action.Execute data.
json teams_make_plan(teams_server& s) {
  teams_aroha_says_hello(s);
  for (const char* line : {"library plan Volcanoes", "Science", "7", "@Aroha", "skip", "skip", "Explain how volcanoes form"})
    REQUIRE(s.send(s.message(line)).status == 200);
  // The support question's buttons: the first pressed as Teams sends an Action.Submit.
  auto support = s.wait_for_sent("How will the library support");
  REQUIRE(support);
  const json button = teams_first_choice(*support);
  INFO(support->body);
  REQUIRE(button.is_object());
  json press = s.ms.activity("card_submit.json");
  press["id"] = s.next_id();
  press["value"] = button;
  REQUIRE(s.send(press).status == 200);
  for (const char* line : {"6", "Books and a video", "A short quiz", "yes"}) REQUIRE(s.send(s.message(line)).status == 200);

  auto saved = s.wait_for_sent("Saved as plan p1");
  INFO(s.log());
  REQUIRE(saved);
  auto card = s.wait_for_sent("Action.Execute");
  REQUIRE(card);
  CHECK(card->target == std::string("/smba/amer") + teams_sam_chat_path);
  json execute;
  teams_each_action(teams_card_of(*card), [&](const json& a) {
    if (a["type"] == "Action.Execute" && a.value("verb", "") == "checklist") execute = a;
  });
  REQUIRE(execute.is_object());
  return execute["data"];
}

// The Input.Toggle `id` on `card`, or null.
json teams_toggle(const json& j, const std::string& id) {
  if (j.is_object()) {
    if (j.value("type", "") == "Input.Toggle" && j.value("id", "") == id) return j;
    for (const auto& [k, v] : j.items())
      if (auto t = teams_toggle(v, id); !t.is_null()) return t;
  } else if (j.is_array()) {
    for (const auto& v : j)
      if (auto t = teams_toggle(v, id); !t.is_null()) return t;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("teams e2e: a plan made in a personal chat is ticked from a channel through Action.Execute, once",
          "[integration][teams]") {
  teams_server s;
  json data = teams_make_plan(s);
  // Aroha heard about the plan in a 1:1 the bot opened for her (a proactive message).
  REQUIRE(s.wait_for_sent("started a plan with you"));
  const auto created = s.ms.created_conversations();
  REQUIRE(created.size() == 1);
  bool create_call = false;
  for (const auto& r : s.ms.connector_calls())
    if (r.target == "/smba/amer/v3/conversations") {
      create_call = true;
      CHECK(json::parse(r.body)["members"][0]["id"] == teams_aroha);
    }
  CHECK(create_call);

  // Aroha ticks the first step on the card, in a channel.
  const std::size_t first = data["first"].get<std::size_t>();
  const std::string toggle = "tick." + std::to_string(first);
  data[toggle] = "true";
  json invoke = s.ms.activity("card_action_invoke.json");
  invoke["value"]["action"]["data"] = data;
  auto ticked = s.send(invoke);
  INFO(ticked.body);
  REQUIRE(ticked.status == 200);
  const json answer = json::parse(ticked.body);
  CHECK(answer.size() == 3);
  CHECK(answer["statusCode"] == 200);
  CHECK(answer["type"] == "application/vnd.microsoft.card.adaptive");
  CHECK(answer["value"]["type"] == "AdaptiveCard");
  const json shown = teams_toggle(answer["value"], toggle);
  REQUIRE(shown.is_object());
  CHECK(shown["value"] == "true");
  CHECK(ticked.body.find("1/7") != std::string::npos);

  // Teams retries an invoke it thinks failed: the same activity id twice more changes nothing.
  for (int i = 0; i < 2; ++i) {
    auto again = s.send(invoke);
    CHECK(again.status == 200);
    CHECK(json::parse(again.body)["statusCode"] == 200);
  }
  REQUIRE(s.wait_for_sent("Aroha ticked"));
  // Anything Sam was sent because of the retries would come before this answer.
  REQUIRE(s.send(s.message("library help")).status == 200);
  REQUIRE(s.wait_for_sent("Here's what you can do", 1));  // Aroha's hello, then Sam's help
  std::size_t told = 0;
  for (const auto& r : s.ms.connector_calls()) told += r.body.find("Aroha ticked") != std::string::npos;
  CHECK(told == 1);

  auto db = s.stop_and_open();
  auto stored = db->get(collab::plans_collection, core::tenant_key(fake_microsoft::tenant, "p1"));
  REQUIRE(stored);
  const auto plan = stored->get<collab::plan>();
  CHECK(plan.ticked_count() == 1);
  CHECK(plan.checklist.at(first).ticked);
  CHECK(plan.checklist.at(first).ticked_by == std::string("teams:") + teams_aroha);
  CHECK(db->get(core::collections::dedupe, core::tenant_key(fake_microsoft::tenant, "teams/f:it-execute-0001")));
}

TEST_CASE("teams e2e: a booking through a task module: the form, a field turned down, then accepted",
          "[integration][teams]") {
  teams_server s;
  teams_aroha_says_hello(s);  // library staff to hear about the booking

  json fetch = s.ms.activity("task_fetch.json");
  auto opened = s.send(fetch);
  INFO(opened.body);
  REQUIRE(opened.status == 200);
  const json task = json::parse(opened.body);
  REQUIRE(task["task"]["type"] == "continue");
  const json& form = task["task"]["value"]["card"]["content"];
  CHECK(task["task"]["value"]["title"] == "Book the library");
  json submit_data;
  teams_each_action(form, [&](const json& a) {
    if (a["type"] == "Action.Submit") submit_data = a["data"];
  });
  REQUIRE(submit_data.value("cb", "") == "form");

  // Every field but the date answered well.
  json submit = s.ms.activity("task_submit.json");
  auto& d = submit["value"]["data"];
  d["metadata"] = submit_data["metadata"];
  d["field.date"] = "not a date";
  d["field.time"] = "10:30";
  d["field.year"] = "Year 5";
  d["field.class"] = "5R";
  d["field.purpose"] = "find two reliable sources on native birds for their inquiry";
  d["field.needs"] = "non-fiction on native birds";
  auto bad = s.send(submit);
  INFO(bad.body);
  REQUIRE(bad.status == 200);
  const json again = json::parse(bad.body);
  CHECK(again["task"]["type"] == "continue");
  CHECK(bad.body.find("not a date") != std::string::npos);
  CHECK(bad.body.find("5R") != std::string::npos);  // what was typed is kept

  submit["id"] = "f:it-task-submit-0002";
  d["field.date"] = "tomorrow";
  auto good = s.send(submit);
  INFO(good.body);
  REQUIRE(good.status == 200);
  CHECK(json::parse(good.body)["task"]["type"] == "message");

  // The summary's Yes, pressed on the card the Connector delivered, sends the booking.
  auto confirm = s.wait_for_sent("\"yes\"");
  INFO(s.log());
  REQUIRE(confirm);
  json yes;
  teams_each_action(teams_card_of(*confirm), [&](const json& a) {
    if (a["type"] == "Action.Submit" && a["data"].value("value", "") == "yes") yes = a["data"];
  });
  REQUIRE(yes.is_object());
  json press = s.ms.activity("card_submit.json");
  press["id"] = s.next_id();
  press["value"] = yes;
  REQUIRE(s.send(press).status == 200);
  REQUIRE(s.wait_for_sent("Sent to the library team (b1)"));

  auto db = s.stop_and_open();
  CHECK(db->count("bookings") == 1);
}
