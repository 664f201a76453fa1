// How actions may be reached: a button carries only actions declared as buttons, for the
// roles they name; lifecycle actions run only for lifecycle events; an act step re-checks the
// action's roles each time it runs, and a resumed role-restricted flow re-checks the flow's.
#include "flows/engine.hpp"
#include "no_records.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <stdexcept>

using namespace commonsbot;
using namespace commonsbot::flows;

namespace {

action_result access_test_writes(action_call& call, const std::string& what) {
  call.out.writes.put("things", "s/" + what, {{"by", call.ctx.person->user_id}});
  action_result r;
  r.replies.push_back({});
  r.replies.back().text = what;
  return r;
}

// A staff-only flow ("secret"): ask a name, then save it with a staff-only action.
struct access_fixture {
  access_fixture() {
    auto& m = reg.messages();
    for (const char* key : {"engine.controls", "engine.gone", "engine.broken_flow", "engine.refused", "engine.step_refused",
                            "engine.button_refused", "s.summary", "s.usage", "s.who", "s.done"})
      m.add("en-NZ", key, key);
    actions.add("secret.save", [](action_call& call) { return access_test_writes(call, "saved"); }, {},
                only_for({core::role::library_staff}));
    actions.add_button("secret.tick", [](action_call& call) { return access_test_writes(call, "ticked"); },
                       {core::role::library_staff});
    actions.add_button("open.tick", [](action_call& call) { return access_test_writes(call, "anyone"); });
    actions.add_lifecycle("on.uninstalled", [](action_call& call) { return access_test_writes(call, "forgotten"); });
    const auto j = nlohmann::json::parse(R"({
      "id": "secret", "command": "secret", "summary": "s.summary", "usage": "s.usage", "start": "who",
      "roles": ["library_staff"],
      "steps": {
        "who": {"kind": "text", "prompt": "s.who", "save": "who", "next": "save"},
        "save": {"kind": "act", "action": "secret.save", "next": "done"},
        "done": {"kind": "end", "text": "s.done"}
      }})");
    problem_list problems;
    auto flow = parse_flow(j, "secret.json", reg.messages(), problems);
    REQUIRE(flow);
    REQUIRE(problems.empty());
    reg.add(*flow);
    me.tenant = "s";
    me.platform = "test";
    me.user_id = "aroha";
  }

  flow_context ctx(core::role role) const {
    return flow_context{reg, role, "", "Aroha", 1000, 60'000, &me, &records, &actions};
  }

  flow_registry reg;
  action_registry actions;
  flows_test::no_records records;
  core::person me;
};

}  // namespace

TEST_CASE("action access: a button carries only actions declared as buttons, for their roles", "[flows][authz]") {
  access_fixture f;
  // A flow step, a lifecycle action: never from a button, whoever presses it.
  for (const char* name : {"secret.save", "on.uninstalled"})
    for (auto role : {core::role::teacher, core::role::library_staff, core::role::admin}) {
      auto r = run_record_action(name, "{}", f.ctx(role));
      REQUIRE(r.replies.size() == 1);
      CHECK(r.replies[0].text == "engine.button_refused");
      CHECK(r.effects.empty());
    }
  // A staff button: refused for a teacher, run for staff and admins.
  auto teacher = run_record_action("secret.tick", "", f.ctx(core::role::teacher));
  CHECK(teacher.replies.at(0).text == "engine.button_refused");
  CHECK(teacher.effects.empty());
  CHECK(run_record_action("secret.tick", "", f.ctx(core::role::library_staff)).replies.at(0).text == "ticked");
  CHECK(run_record_action("secret.tick", "", f.ctx(core::role::admin)).replies.at(0).text == "ticked");
  CHECK(run_record_action("open.tick", "", f.ctx(core::role::teacher)).replies.at(0).text == "anyone");
}

TEST_CASE("action access: lifecycle actions run only for lifecycle events and are named on.*", "[flows][authz]") {
  access_fixture f;
  auto ran = run_lifecycle_action("on.uninstalled", "", f.ctx(core::role::teacher));
  CHECK(ran.replies.at(0).text == "forgotten");
  // A button or a flow step is no lifecycle action.
  CHECK(run_lifecycle_action("open.tick", "", f.ctx(core::role::admin)).effects.empty());
  CHECK(run_lifecycle_action("secret.save", "", f.ctx(core::role::admin)).effects.empty());
  CHECK(f.actions.find("on.uninstalled", reach::flow_step, core::role::admin) == nullptr);
  CHECK(f.actions.find("on.uninstalled", reach::button, core::role::admin) == nullptr);
  CHECK(f.actions.find("on.uninstalled", reach::lifecycle, core::role::teacher) != nullptr);
  CHECK_THROWS_AS(f.actions.add_lifecycle("uninstalled", [](action_call&) { return action_result{}; }),
                  std::invalid_argument);
}

TEST_CASE("action access: a flow naming a lifecycle action in an act step fails its check", "[flows][authz]") {
  access_fixture f;
  const auto j = nlohmann::json::parse(R"({
    "id": "wipe", "command": "wipe", "summary": "s.summary", "usage": "s.usage", "start": "go",
    "steps": {"go": {"kind": "act", "action": "on.uninstalled", "next": ""}}})");
  problem_list problems;
  auto flow = parse_flow(j, "wipe.json", f.reg.messages(), problems);
  REQUIRE(flow);
  f.reg.add(*flow);
  f.reg.check_actions(f.actions, problems);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].to_string().find("is not a flow step") != std::string::npos);
  // And were it run anyway, the act step refuses it and writes nothing.
  auto r = start_flow(*f.reg.by_id("wipe"), {}, f.ctx(core::role::admin));
  CHECK(r.effects.empty());
}

TEST_CASE("action access: a resumed role-restricted flow re-checks the role at every step", "[flows][authz]") {
  access_fixture f;
  auto started = start_flow(*f.reg.by_id("secret"), {}, f.ctx(core::role::library_staff));
  REQUIRE(started.state);
  // Demoted to teacher before answering: the flow ends with the refusal and saves nothing.
  auto demoted = resume_flow(*started.state, {"Mere", "", ""}, f.ctx(core::role::teacher));
  CHECK_FALSE(demoted.state);
  CHECK(demoted.ended);
  REQUIRE(demoted.replies.size() == 1);
  CHECK(demoted.replies[0].text == "engine.refused");
  CHECK(demoted.effects.empty());
  // Still staff: it runs.
  auto kept = resume_flow(*started.state, {"Mere", "", ""}, f.ctx(core::role::library_staff));
  CHECK(kept.effects.writes.operations().size() == 1);
}

TEST_CASE("action access: an act step checks the action's own roles when it runs", "[flows][authz]") {
  access_fixture f;
  // A flow open to everyone whose act step is staff-only (as /library survey's "send" is).
  const auto j = nlohmann::json::parse(R"({
    "id": "open", "command": "open", "summary": "s.summary", "usage": "s.usage", "start": "save",
    "steps": {"save": {"kind": "act", "action": "secret.save", "next": "done"},
              "done": {"kind": "end", "text": "s.done"}}})");
  problem_list problems;
  auto flow = parse_flow(j, "open.json", f.reg.messages(), problems);
  REQUIRE(flow);
  f.reg.add(*flow);
  auto teacher = start_flow(*f.reg.by_id("open"), {}, f.ctx(core::role::teacher));
  CHECK_FALSE(teacher.state);
  REQUIRE(teacher.replies.size() == 1);
  CHECK(teacher.replies[0].text == "engine.step_refused");
  CHECK(teacher.effects.empty());
  auto staff = start_flow(*f.reg.by_id("open"), {}, f.ctx(core::role::library_staff));
  CHECK(staff.effects.writes.operations().size() == 1);
}
