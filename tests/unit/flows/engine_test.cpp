#include "flows/engine.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace commonsbot;
using namespace commonsbot::flows;

namespace {

// A registry with one small flow that uses every asking step kind.
flow_registry make_registry() {
  flow_registry reg;
  auto& m = reg.messages();
  for (const char* key : {"engine.controls", "engine.checklist_controls", "engine.help", "engine.at_start",
                          "engine.stale_button", "engine.gone", "engine.yes", "engine.no", "engine.done",
                          "engine.type_answer", "engine.yes_or_no", "t.summary", "t.usage", "t.pick",
                          "t.a", "t.b", "t.ok", "t.tick", "t.i1", "t.i2", "t.i3", "t.hint"})
    m.add("en-NZ", key, key);
  m.add("en-NZ", "engine.cancelled", "cancelled {command}");
  m.add("en-NZ", "engine.expired", "expired after {minutes}");
  m.add("en-NZ", "engine.empty", "empty");
  m.add("en-NZ", "engine.too_short", "at least {min}");
  m.add("en-NZ", "engine.too_long", "at most {max}");
  m.add("en-NZ", "engine.pick_one", "pick 1-{count}");
  m.add("en-NZ", "engine.tick_number", "tick 1-{count}");
  m.add("en-NZ", "engine.refused", "{command} is for {who}, not {role}");
  m.add("en-NZ", "t.title", "Title?");
  m.add("en-NZ", "t.hello", "Hello {name}, about {title}");
  m.add("en-NZ", "t.bye", "Bye {title} {kind_label}");

  const auto j = nlohmann::json::parse(R"({
    "id": "t", "command": "try", "roles": ["library_staff"], "summary": "t.summary", "usage": "t.usage",
    "start": "title",
    "steps": {
      "title": {"kind": "text", "prompt": "t.title", "save": "title", "min_length": 3, "max_length": 10,
                "from_arg": 0, "hint": "t.hint"},
      "hello": {"kind": "say", "text": "t.hello", "next": "kind"},
      "kind":  {"kind": "choice", "prompt": "t.pick", "save": "kind",
                "options": [{"id": "a", "label": "t.a", "next": "tick"}, {"id": "b", "label": "t.b"}],
                "next": "ok"},
      "tick":  {"kind": "checklist", "prompt": "t.tick", "save": "ticks",
                "options": [{"id": "i1", "label": "t.i1"}, {"id": "i2", "label": "t.i2"}, {"id": "i3", "label": "t.i3"}],
                "next": "ok"},
      "ok":    {"kind": "confirm", "prompt": "t.ok", "yes": "bye", "no": "title"},
      "bye":   {"kind": "end", "text": "t.bye"}
    }})");
  problem_list problems;
  auto flow = parse_flow(j, "t.json", reg.messages(), problems);
  REQUIRE(flow);
  // "hello" is reached from "title" only through next; wire it here to keep the JSON short.
  flow->steps["title"].next = "hello";
  reg.add(*flow);
  return reg;
}

flow_context context(const flow_registry& reg, long long now = 1000) {
  return flow_context{reg, core::role::library_staff, "", "Aroha", now, 60'000};
}

flow_result answer(const flow_result& r, const std::string& text, const flow_context& ctx) {
  REQUIRE(r.state);
  return resume_flow(*r.state, {text, "", ""}, ctx);
}

}  // namespace

TEST_CASE("a flow walks text, say, choice, checklist and confirm steps", "[flows][engine]") {
  const auto reg = make_registry();
  const auto ctx = context(reg);
  auto r = start_flow(*reg.by_id("t"), {}, ctx);
  REQUIRE(r.state);
  CHECK(r.state->step == "title");
  CHECK(r.replies.back().text == "Title?");

  r = answer(r, "Rivers", ctx);
  REQUIRE(r.replies.size() == 2);
  CHECK(r.replies[0].text == "Hello Aroha, about Rivers");
  CHECK(r.state->step == "kind");
  REQUIRE(r.replies[1].choices.size() == 2);
  CHECK(r.replies[1].choices[0].id == "t:kind/a");

  r = answer(r, "1", ctx);  // by number
  CHECK(r.state->step == "tick");
  CHECK(r.replies.back().checklist.size() == 3);

  r = answer(r, "1 3", ctx);
  CHECK(r.state->step == "tick");
  CHECK(r.state->vars["ticks"] == nlohmann::json::array({"i1", "i3"}));
  CHECK(r.replies.back().checklist[0].ticked);
  CHECK_FALSE(r.replies.back().checklist[1].ticked);

  r = answer(r, "1", ctx);  // untick
  CHECK(r.state->vars["ticks"] == nlohmann::json::array({"i3"}));

  r = answer(r, "done", ctx);
  CHECK(r.state->step == "ok");
  r = answer(r, "yes", ctx);
  CHECK_FALSE(r.state);
  CHECK(r.ended);
  CHECK(r.replies.back().text == "Bye Rivers t.a");
}

TEST_CASE("bad answers are re-asked with a hint", "[flows][engine]") {
  const auto reg = make_registry();
  const auto ctx = context(reg);
  auto r = start_flow(*reg.by_id("t"), {}, ctx);

  auto bad = answer(r, "ab", ctx);
  REQUIRE(bad.state);
  CHECK(bad.state->step == "title");
  CHECK(bad.replies[0].text == "at least 3 t.hint");
  CHECK(bad.replies[1].text == "Title?");

  bad = answer(r, "a much too long title", ctx);
  CHECK(bad.replies[0].text.starts_with("at most 10"));

  r = answer(r, "Rivers", ctx);
  bad = answer(r, "7", ctx);
  CHECK(bad.state->step == "kind");
  CHECK(bad.replies[0].text == "pick 1-2");

  auto by_label = answer(r, "T.B", ctx);  // labels match case-insensitively
  CHECK(by_label.state->step == "ok");
  CHECK(answer(by_label, "perhaps", ctx).replies[0].text == "engine.yes_or_no");
}

TEST_CASE("buttons answer only the question they were shown with", "[flows][engine]") {
  const auto reg = make_registry();
  const auto ctx = context(reg);
  auto r = start_flow(*reg.by_id("t"), {"Rivers"}, ctx);  // from_arg fills the title
  CHECK(r.state->step == "kind");

  auto pressed = resume_flow(*r.state, {"", "t:kind/b", "b"}, ctx);
  CHECK(pressed.state->step == "ok");
  CHECK(pressed.state->vars["kind"] == "b");

  auto stale = resume_flow(*pressed.state, {"", "t:kind/a", "a"}, ctx);
  CHECK(stale.state->step == "ok");
  CHECK(stale.replies[0].text == "engine.stale_button");
}

TEST_CASE("cancel, back and help work at any step", "[flows][engine]") {
  const auto reg = make_registry();
  const auto ctx = context(reg);
  auto r = start_flow(*reg.by_id("t"), {}, ctx);

  auto at_start = answer(r, "back", ctx);
  CHECK(at_start.state->step == "title");
  CHECK(at_start.replies[0].text == "engine.at_start");

  r = answer(r, "Rivers", ctx);
  auto back = answer(r, "Back", ctx);
  CHECK(back.state->step == "title");
  CHECK(back.replies.back().text == "Title?");

  auto help = answer(r, "help", ctx);
  CHECK(help.state->step == "kind");
  CHECK(help.replies[0].text == "engine.help\nengine.controls");

  auto cancelled = answer(r, "cancel", ctx);
  CHECK_FALSE(cancelled.state);
  CHECK(cancelled.ended);
  CHECK(cancelled.replies[0].text == "cancelled try");
}

TEST_CASE("an idle session expires and says so", "[flows][engine]") {
  const auto reg = make_registry();
  auto r = start_flow(*reg.by_id("t"), {}, context(reg, 1000));
  const auto later = context(reg, 1000 + 60'001);
  CHECK(is_expired(*r.state, later));
  auto expired = resume_flow(*r.state, {"Rivers", "", ""}, later);
  CHECK_FALSE(expired.state);
  CHECK(expired.replies[0].text == "expired after 1");
  CHECK_FALSE(is_expired(*r.state, context(reg, 1000 + 60'000)));
}

TEST_CASE("a refusal names who may use the command", "[flows][engine]") {
  const auto reg = make_registry();
  auto ctx = context(reg);
  ctx.role = core::role::teacher;
  const auto* flow = reg.by_id("t");
  CHECK_FALSE(flow->allows(core::role::teacher));
  CHECK(flow->allows(core::role::admin));
  CHECK(refusal(*flow, ctx).text == "try is for library staff, not teacher");
}

TEST_CASE("a flow that loops without asking stops instead of hanging", "[flows][engine]") {
  flow_registry reg;
  reg.messages().add("en-NZ", "x", "x");
  reg.messages().add("en-NZ", "engine.broken_flow", "broken {flow}");
  problem_list problems;
  auto flow = parse_flow(nlohmann::json::parse(R"({"id":"loop","command":"loop","summary":"x","usage":"x","start":"a",
      "steps":{"a":{"kind":"say","text":"x","next":"b"},"b":{"kind":"say","text":"x","next":"a"}}})"),
                         "loop.json", reg.messages(), problems);
  REQUIRE(flow);
  reg.add(*flow);
  auto r = start_flow(*reg.by_id("loop"), {}, context(reg));
  CHECK_FALSE(r.state);
  CHECK(r.replies.back().text == "broken loop");
}
