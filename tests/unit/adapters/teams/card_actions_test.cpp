// Teams card actions: what Teams sends back for our buttons, choice sets and checklists read
// as action ids and values, without server state; the invoke answers' exact envelopes.
#include "adapters/teams/card_actions.hpp"
#include "adapters/teams/cards.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

namespace teams = commonsbot::adapters::teams;
namespace core = commonsbot::core;
using nlohmann::json;

namespace {

// The actions of every card of `m` (in body ActionSets), in order.
std::vector<json> card_actions_of(const core::message& m, const teams::card_options& options = {}) {
  std::vector<json> out;
  for (const auto& a : teams::render_activities(m, options))
    if (const json* card = teams::card_of(a))
      for (const auto& e : (*card)["body"])
        if (e["type"] == "ActionSet")
          for (const auto& action : e["actions"]) out.push_back(action);
  return out;
}

// What Teams sends for `action`: its data, merged with `inputs` unless it sends none.
json card_submitted(const json& action, const json& inputs = json::object()) {
  json value = action["data"];
  if (action.value("associatedInputs", "auto") != "none") value.update(inputs);
  return value;
}

core::message card_plan() {
  core::message m;
  m.text = "Plan p3: Rivers";
  m.checklist = {{"do:plans.tick|p3/outcomes", "Learning outcomes", false, ""},
                 {"do:plans.tick|p3/resources", "Resources", true, "Aroha"},
                 {"do:plans.tick|p3/assessment", "Assessment", false, ""}};
  return m;
}

}  // namespace

TEST_CASE("teams actions: the invoke answers' envelopes", "[teams][actions]") {
  const json card = {{"type", "AdaptiveCard"}, {"version", "1.5"}, {"body", json::array()}};
  CHECK(teams::card_answer(card).dump() ==
        R"({"statusCode":200,"type":"application/vnd.microsoft.card.adaptive",)"
        R"("value":{"body":[],"type":"AdaptiveCard","version":"1.5"}})");
  CHECK(teams::message_answer("Ticked.").dump() ==
        R"({"statusCode":200,"type":"application/vnd.microsoft.activity.message","value":"Ticked."})");
  CHECK(teams::error_answer(400, "bad_action", "That card is out of date.").dump() ==
        R"({"statusCode":400,"type":"application/vnd.microsoft.error",)"
        R"("value":{"code":"bad_action","message":"That card is out of date."}})");
}

TEST_CASE("teams actions: a button comes back as its choice id and value, exactly", "[teams][actions]") {
  core::message m;
  m.text = "Tick it?";
  m.choices = {{"do:plans.tick|p3/outcomes", "Tick outcomes", "p3/outcomes"},
               {"planning:area/science", "Science", "science"},
               {"do:digest.unsubscribe|", "Unsubscribe", ""}};
  const auto actions = card_actions_of(m);
  REQUIRE(actions.size() == 3);
  // Other inputs on the card are not sent with a button (associatedInputs none).
  const json inputs = {{"tick.0", "true"}, {"pick.0", "x:y/z"}};
  for (std::size_t i = 0; i < 3; ++i) {
    const auto read = teams::read_card_action(card_submitted(actions[i], inputs));
    REQUIRE(read.actions.size() == 1);
    CHECK(read.actions[0] == teams::card_action{m.choices[i].id, m.choices[i].value});
    CHECK(read.reason.empty());
  }
}

TEST_CASE("teams actions: a choice-set pick comes back as the picked choice id", "[teams][actions]") {
  core::message m;
  for (int i = 0; i < 8; ++i)
    m.choices.push_back({"planning:area/option" + std::to_string(i) + ",with,commas", "Area " + std::to_string(i), ""});
  m.choices.push_back({"do:plans.tick|p3/outcomes", "Tick outcomes", ""});
  const auto actions = card_actions_of(m);
  REQUIRE(actions.size() == 1);
  for (const auto& c : m.choices) {
    const auto read = teams::read_card_action(card_submitted(actions[0], {{"pick.0", c.id}}));
    REQUIRE(read.actions.size() == 1);
    CHECK(read.actions[0].action_id == c.id);
  }
  CHECK(teams::read_card_action(card_submitted(actions[0], {{"pick.0", "planning:area/science"}})).actions[0] ==
        teams::card_action{"planning:area/science", "science"});
  const auto none = teams::read_card_action(card_submitted(actions[0], {{"pick.0", ""}}));
  CHECK(none.actions.empty());
  CHECK(none.reason == "nothing was picked");
}

TEST_CASE("teams actions: a changed tick gives exactly one event, untick too", "[teams][actions]") {
  const auto m = card_plan();
  const auto actions = card_actions_of(m);
  REQUIRE(actions.size() == 1);
  REQUIRE(actions[0]["type"] == "Action.Execute");
  const json drawn = {{"tick.0", "false"}, {"tick.1", "true"}, {"tick.2", "false"}};

  auto ticked = [&](json inputs) {
    // As Teams sends an Action.Execute: adaptiveCard/action with the inputs merged into data.
    const json value = {{"action",
                         {{"type", "Action.Execute"},
                          {"id", ""},
                          {"verb", actions[0]["verb"]},
                          {"data", card_submitted(actions[0], inputs)}}},
                        {"trigger", "manual"}};
    return teams::read_execute_invoke(value);
  };
  const auto same = ticked(drawn);
  CHECK(same.actions.empty());
  CHECK(same.reason == "no tick changed");

  json tick = drawn;
  tick["tick.0"] = "true";
  auto read = ticked(tick);
  REQUIRE(read.actions.size() == 1);
  CHECK(read.actions[0] == teams::card_action{"do:plans.tick|p3/outcomes", "outcomes"});

  json untick = drawn;
  untick["tick.1"] = "false";
  read = ticked(untick);
  REQUIRE(read.actions.size() == 1);
  CHECK(read.actions[0] == teams::card_action{"do:plans.tick|p3/resources", "resources"});

  json both = {{"tick.0", "true"}, {"tick.1", "false"}, {"tick.2", "false"}};
  read = ticked(both);
  REQUIRE(read.actions.size() == 2);
  CHECK(read.actions[1].action_id == "do:plans.tick|p3/resources");

  // The same data read from a classic Action.Submit message activity's value.
  CHECK(teams::read_card_action(card_submitted(actions[0], tick)).actions.size() == 1);
}

TEST_CASE("teams actions: a tick on the later card of a split checklist finds its item", "[teams][actions]") {
  core::message m;
  for (int i = 0; i < 300; ++i) m.checklist.push_back({"do:plans.tick|p9/i" + std::to_string(i), "Item", false, ""});
  const auto actions = card_actions_of(m, {4 * 1024});
  REQUIRE(actions.size() > 2);
  const json& last = actions.back();
  const auto first = last["data"]["first"].get<std::size_t>();
  const auto count = last["data"]["ids"].size();
  CHECK(first + count == 300);
  json inputs;
  for (std::size_t i = first; i < first + count; ++i) inputs[teams::toggle_input_id(i)] = i == 299 ? "true" : "false";
  const auto read = teams::read_card_action(card_submitted(last, inputs));
  REQUIRE(read.actions.size() == 1);
  CHECK(read.actions[0].action_id == "do:plans.tick|p9/i299");
}

TEST_CASE("teams actions: malformed input gives a reason, never throws", "[teams][actions]") {
  const std::vector<json> values = {
      json(),
      json::array({1, 2}),
      json("button"),
      json::object(),
      {{"cb", 3}},
      {{"cb", "mystery"}},
      {{"cb", "button"}},
      {{"cb", "button"}, {"id", ""}},
      {{"cb", "button"}, {"id", 7}},
      {{"cb", "pick"}},
      {{"cb", "pick"}, {"input", "tick.0"}, {"tick.0", "a:b/c"}},
      {{"cb", "pick"}, {"input", "pick.0"}, {"pick.0", json::array({"a"})}},
      {{"cb", "checklist"}},
      {{"cb", "checklist"}, {"ids", json::array({"a"})}, {"ticked", "01"}, {"first", 0}},
      {{"cb", "checklist"}, {"ids", json::array({"a"})}, {"ticked", "x"}, {"first", 0}, {"tick.0", "true"}},
      {{"cb", "checklist"}, {"ids", json::array({1})}, {"ticked", "0"}, {"first", 0}, {"tick.0", "true"}},
      {{"cb", "checklist"}, {"ids", json::array({"a"})}, {"ticked", "0"}, {"first", -1}, {"tick.-1", "true"}},
      {{"cb", "checklist"}, {"ids", json::array({"a"})}, {"ticked", "0"}, {"first", "0"}, {"tick.0", "true"}},
      {{"cb", "checklist"}, {"ids", "a"}, {"ticked", "0"}, {"first", 0}},
  };
  for (const auto& v : values) {
    CAPTURE(v.dump());
    teams::card_reading read;
    CHECK_NOTHROW(read = teams::read_card_action(v));
    CHECK(read.actions.empty());
    CHECK_FALSE(read.reason.empty());
  }
  const std::vector<json> invokes = {
      json(),
      json::object(),
      {{"action", "x"}},
      {{"action", {{"type", "Action.Submit"}, {"data", {{"cb", "button"}, {"id", "a"}}}}}},
      {{"action", {{"type", "Action.Execute"}}}},
      {{"action", {{"type", "Action.Execute"}, {"data", "text"}}}},
  };
  for (const auto& v : invokes) {
    CAPTURE(v.dump());
    teams::card_reading read;
    CHECK_NOTHROW(read = teams::read_execute_invoke(v));
    CHECK(read.actions.empty());
    CHECK_FALSE(read.reason.empty());
  }
  // A toggle value that is neither true nor false counts as unchanged, not as a tick.
  const json odd = {{"cb", "checklist"}, {"ids", {"a/x"}}, {"ticked", "0"}, {"first", 0}, {"tick.0", "maybe"}};
  CHECK(teams::read_card_action(odd).actions.empty());
  const json boolean = {{"cb", "checklist"}, {"ids", {"a/x"}}, {"ticked", "0"}, {"first", 0}, {"tick.0", true}};
  CHECK(teams::read_card_action(boolean).actions == std::vector<teams::card_action>{{"a/x", "x"}});
}
