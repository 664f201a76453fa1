#include "flows/engine.hpp"
#include "no_records.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace commonsbot;
using namespace commonsbot::flows;
using flows_test::no_records;

namespace {

struct actions_fixture {
  actions_fixture() {
    auto& m = reg.messages();
    for (const char* key : {"engine.controls", "engine.gone", "engine.broken_flow", "engine.pick_one", "a.summary",
                            "a.usage", "a.pick", "a.done", "a.none"})
      m.add("en-NZ", key, key);
    actions.add("things.list", [](action_call& call) {
      action_result r;
      if (!call.args.empty() && call.args[0] == "empty") {
        r.outcome = "none";
        return r;
      }
      call.vars["things"] = nlohmann::json::array({{{"id", "t1"}, {"label", "First thing"}}, {{"id", "t2"}, {"label", "Second"}}});
      return r;
    }, {"none"});
    actions.add_button("things.keep", [](action_call& call) {
      call.out.writes.put("things", "s/" + call.vars.value("thing", ""), {{"by", call.ctx.person->user_id}});
      call.out.notices.push_back({{"test", "s", "", "partner", "", "", ""}, {}});
      action_result r;
      r.replies.push_back({});
      r.replies.back().text = "kept " + call.vars.value("thing", "") + call.payload;
      return r;
    });
    const auto j = nlohmann::json::parse(R"({
      "id": "a", "command": "things", "summary": "a.summary", "usage": "a.usage", "start": "list",
      "steps": {
        "list": {"kind": "act", "action": "things.list", "next": "pick", "outcomes": {"none": "none"}},
        "pick": {"kind": "choice", "prompt": "a.pick", "save": "thing", "options_from": "things", "next": "keep"},
        "keep": {"kind": "act", "action": "things.keep", "next": "done"},
        "done": {"kind": "end", "text": "a.done"},
        "none": {"kind": "end", "text": "a.none"}
      }})");
    problem_list problems;
    auto flow = parse_flow(j, "a.json", reg.messages(), problems);
    REQUIRE(flow);
    REQUIRE(problems.empty());
    reg.add(*flow);
    me.tenant = "s";
    me.platform = "test";
    me.user_id = "aroha";
  }

  flow_context ctx() const { return flow_context{reg, core::role::teacher, "", "Aroha", 1000, 60'000, &me, &records, &actions}; }

  flow_registry reg;
  action_registry actions;
  no_records records;
  core::person me;
};

}  // namespace

TEST_CASE("an act step fills a choice's options and another writes effects") {
  actions_fixture f;
  auto start = start_flow(*f.reg.by_id("a"), {}, f.ctx());
  REQUIRE(start.state);
  REQUIRE(start.replies.back().choices.size() == 2);
  CHECK(start.replies.back().choices[0].label == "First thing");
  CHECK(start.effects.empty());

  auto picked = resume_flow(*start.state, {"2", "", ""}, f.ctx());
  CHECK_FALSE(picked.state);
  REQUIRE(picked.replies.size() == 2);
  CHECK(picked.replies[0].text == "kept t2");
  CHECK(picked.replies[1].text == "a.done");
  REQUIRE(picked.effects.writes.operations().size() == 1);
  CHECK(picked.effects.writes.operations()[0].key == "s/t2");
  CHECK(picked.effects.writes.operations()[0].value["by"] == "aroha");
  CHECK(picked.effects.notices.size() == 1);
}

TEST_CASE("an act step's outcome picks the next step") {
  actions_fixture f;
  auto r = start_flow(*f.reg.by_id("a"), {"empty"}, f.ctx());
  CHECK_FALSE(r.state);
  REQUIRE(r.replies.size() == 1);
  CHECK(r.replies[0].text == "a.none");
}

TEST_CASE("a dynamic choice rejects an option it did not offer") {
  actions_fixture f;
  auto start = start_flow(*f.reg.by_id("a"), {}, f.ctx());
  auto bad = resume_flow(*start.state, {"7", "", ""}, f.ctx());
  REQUIRE(bad.state);
  CHECK(bad.replies.front().text == "engine.pick_one");
  CHECK(bad.effects.empty());
}

TEST_CASE("a flow whose act step has no actions to run ends as broken, writing nothing") {
  actions_fixture f;
  auto c = f.ctx();
  c.actions = nullptr;
  auto r = start_flow(*f.reg.by_id("a"), {}, c);
  CHECK_FALSE(r.state);
  CHECK(r.replies.back().text == "engine.broken_flow");
  CHECK(r.effects.empty());
}

TEST_CASE("record buttons parse and run their action with the payload") {
  actions_fixture f;
  const auto id = record_button("things.keep", "p7/outcomes");
  CHECK(id == "do:things.keep|p7/outcomes");
  auto parsed = parse_record_button(id);
  REQUIRE(parsed);
  CHECK(parsed->first == "things.keep");
  CHECK(parsed->second == "p7/outcomes");
  CHECK_FALSE(parse_record_button("a:pick/t1"));
  CHECK_FALSE(parse_record_button("do:|x"));

  auto r = run_record_action("things.keep", "!", f.ctx());
  CHECK(r.replies.front().text == "kept !");
  CHECK(r.effects.writes.operations().size() == 1);
  auto unknown = run_record_action("nope", "", f.ctx());
  CHECK(unknown.replies.front().text == "engine.gone");
}

TEST_CASE("check_actions names unknown actions and unrouted outcomes") {
  actions_fixture f;
  problem_list problems;
  f.reg.check_actions(f.actions, problems);
  CHECK(problems.empty());

  action_registry fewer;
  fewer.add("things.list", [](action_call&) { return action_result{}; }, {"none", "refused"});
  f.reg.check_actions(fewer, problems);
  REQUIRE(problems.size() == 2);
  std::string all;
  for (const auto& p : problems) all += p.to_string() + "\n";
  CHECK(all.find("no step for the action's outcome \"refused\"") != std::string::npos);
  CHECK(all.find("unknown action \"things.keep\"") != std::string::npos);
}
