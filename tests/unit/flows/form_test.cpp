// Forms: a flow's form steps answered together go through the same checks as chat answers;
// the first one turned down is named with its hint and nothing changes.
#include "flows/form.hpp"
#include "no_records.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace commonsbot;
using namespace commonsbot::flows;
using flows_test::no_records;

namespace {

struct form_fixture {
  form_fixture() {
    auto& m = reg.messages();
    for (const char* key : {"engine.controls", "engine.gone", "engine.broken_flow", "engine.pick_one", "engine.empty",
                            "engine.too_long", "f.summary", "f.usage", "f.title", "f.submit", "f.intro", "f.ask_day",
                            "f.ask_room", "f.room_a", "f.room_b", "f.ask_note", "f.confirm", "f.done", "engine.yes",
                            "engine.no", "engine.cancelled"})
      m.add("en-NZ", key, key);
    m.add("en-NZ", "f.hint_day", "Type a weekday, like Monday.");
    m.add("en-NZ", "f.bad_day", "I couldn't read {day_in}.");
    actions.add("days.check", [](action_call& call) {
      action_result r;
      const std::string day = call.vars.value("day_in", "");
      if (day != "Monday" && day != "Friday") {
        r.outcome = "bad";
        r.replies.push_back({});
        r.replies.back().text = call.ctx.flows.messages().text("en-NZ", "f.bad_day", {{"day_in", day}}) + " " +
                                call.ctx.flows.messages().text("en-NZ", "f.hint_day");
      }
      return r;
    }, {"bad"});
    actions.add("days.keep", [](action_call& call) {
      call.out.writes.put("days", "s/1", {{"day", call.vars.value("day_in", "")}, {"room", call.vars.value("room", "")}});
      return action_result{};
    });
    const auto j = nlohmann::json::parse(R"({
      "id": "f", "command": "day", "summary": "f.summary", "usage": "f.usage", "start": "intro",
      "form": {"title": "f.title", "submit": "f.submit", "steps": ["day", "room", "note"]},
      "steps": {
        "intro": {"kind": "say", "text": "f.intro", "next": "day"},
        "day": {"kind": "text", "prompt": "f.ask_day", "hint": "f.hint_day", "save": "day_in", "max_length": 20, "next": "check"},
        "check": {"kind": "act", "action": "days.check", "next": "room", "outcomes": {"bad": "day"}},
        "room": {"kind": "choice", "prompt": "f.ask_room", "save": "room", "next": "note",
                 "options": [{"id": "a", "label": "f.room_a"}, {"id": "b", "label": "f.room_b"}]},
        "note": {"kind": "text", "prompt": "f.ask_note", "save": "note", "optional": true, "max_length": 500, "next": "confirm"},
        "confirm": {"kind": "confirm", "prompt": "f.confirm", "yes": "keep", "no": "done"},
        "keep": {"kind": "act", "action": "days.keep", "next": "done"},
        "done": {"kind": "end", "text": "f.done"}
      }})");
    problem_list problems;
    auto flow = parse_flow(j, "f.json", reg.messages(), problems);
    INFO((problems.empty() ? std::string() : problems.front().what));
    REQUIRE(flow);
    REQUIRE(problems.empty());
    reg.add(*flow);
    me.tenant = "s";
    me.platform = "test";
    me.user_id = "mere";
  }

  flow_context ctx() const { return flow_context{reg, core::role::teacher, "", "Mere", 1000, 60'000, &me, &records, &actions}; }
  session started() const {
    auto r = start_flow(*reg.by_id("f"), {}, ctx());
    REQUIRE(r.state);
    return *r.state;
  }

  flow_registry reg;
  action_registry actions;
  no_records records;
  core::person me;
};

}  // namespace

TEST_CASE("a flow's form: one field per form step, with hints, options and optional fields") {
  form_fixture f;
  auto form = form_for(f.started(), f.ctx(), "trig", "meta");
  REQUIRE(form);
  CHECK(form->title == "f.title");
  CHECK(form->submit == "f.submit");
  CHECK(form->trigger == "trig");
  CHECK(form->metadata == "meta");
  REQUIRE(form->fields.size() == 3);
  CHECK(form->fields[0].id == "day");
  CHECK(form->fields[0].label == "f.ask_day");
  CHECK(form->fields[0].hint == "Type a weekday, like Monday.");
  CHECK_FALSE(form->fields[0].optional);
  CHECK(form->fields[0].max_length == 20);
  CHECK(form->fields[1].options == std::vector<core::form_option>{{"a", "f.room_a"}, {"b", "f.room_b"}});
  CHECK(form->fields[2].optional);
  CHECK(form->fields[2].multiline);

  // It survives the trip through the outbox as a message.
  nlohmann::json stored = core::form_message(*form);
  CHECK(core::form_of(stored.get<core::message>()) == form);
  CHECK_FALSE(core::form_of(core::message{}));
}

TEST_CASE("a form is offered only while the flow waits at its first form step") {
  form_fixture f;
  auto s = f.started();
  s.step = "confirm";
  CHECK_FALSE(form_for(s, f.ctx(), "t", ""));
}

TEST_CASE("a submitted form with every answer good moves the flow on as chat answers would") {
  form_fixture f;
  auto out = submit_form(f.started(), {{"day", "Friday"}, {"room", "b"}, {"note", ""}}, f.ctx());
  REQUIRE(out.ok());
  REQUIRE(out.result.state);
  CHECK(out.result.state->step == "confirm");
  CHECK(out.result.state->vars["day_in"] == "Friday");
  CHECK(out.result.state->vars["room"] == "b");
  CHECK(out.result.state->vars["note"] == "");
  REQUIRE_FALSE(out.result.replies.empty());
  CHECK(out.result.replies.back().text == "f.confirm");
  // "back" in chat goes to the last form question, as if each had been answered there.
  CHECK(out.result.state->history.back() == "note");
}

TEST_CASE("a form answer a check turns down is named with the words it would get in chat") {
  form_fixture f;
  auto out = submit_form(f.started(), {{"day", "someday"}, {"room", "a"}}, f.ctx());
  REQUIRE_FALSE(out.ok());
  REQUIRE(out.errors.size() == 1);
  CHECK(out.errors.at("day") == "I couldn't read someday. Type a weekday, like Monday.");
  CHECK_FALSE(out.result.state);
  CHECK(out.result.replies.empty());
  CHECK(out.result.effects.empty());
}

TEST_CASE("a form answer the engine turns down (a bad choice, a missing answer, a control word) is named") {
  form_fixture f;
  auto bad_choice = submit_form(f.started(), {{"day", "Monday"}, {"room", "z"}}, f.ctx());
  REQUIRE(bad_choice.errors.size() == 1);
  CHECK(bad_choice.errors.contains("room"));

  auto missing = submit_form(f.started(), {{"room", "a"}}, f.ctx());
  REQUIRE(missing.errors.size() == 1);
  CHECK(missing.errors.contains("day"));

  auto control = submit_form(f.started(), {{"day", "cancel"}, {"room", "a"}}, f.ctx());
  REQUIRE(control.errors.size() == 1);
  CHECK(control.errors.at("day") == "Type a weekday, like Monday.");
}

TEST_CASE("a form whose flow has moved on leaves the session where it is") {
  form_fixture f;
  auto s = f.started();
  s.step = "confirm";
  auto out = submit_form(s, {{"day", "Monday"}}, f.ctx());
  CHECK(out.ok());
  REQUIRE(out.result.state);
  CHECK(out.result.state->step == "confirm");
}

TEST_CASE("a form naming a step that is not a text or choice step is a problem") {
  flow_registry reg;
  for (const char* key : {"f.summary", "f.usage", "f.title", "f.submit", "f.confirm"}) reg.messages().add("en-NZ", key, key);
  const auto j = nlohmann::json::parse(R"({
    "id": "f", "command": "day", "summary": "f.summary", "usage": "f.usage", "start": "confirm",
    "form": {"title": "f.title", "submit": "f.submit", "steps": ["confirm", "nowhere"]},
    "steps": {"confirm": {"kind": "confirm", "prompt": "f.confirm", "yes": "", "no": ""}}})");
  problem_list problems;
  CHECK_FALSE(parse_flow(j, "f.json", reg.messages(), problems));
  bool kind = false, unknown = false;
  for (const auto& p : problems) {
    if (p.path == "/form/steps/0") kind = true;
    if (p.path == "/form/steps/1") unknown = true;
  }
  CHECK(kind);
  CHECK(unknown);
}
