// The teaching models, the continuum and the checklist are data; `models` shows them.
#include "plan_fixture.hpp"

using namespace commonsbot;
using namespace commonsbot::test::plans;

TEST_CASE("the content lists hold five models, five levels and seven steps, all worded", "[collab][plans]") {
  plan_world w;
  const auto& models = w.words.list("models");
  REQUIRE(models.size() == 5);
  for (const auto& m : models) {
    INFO(m.id);
    CHECK(w.reg.messages().has("models." + m.id + ".suits"));
  }
  const auto& levels = w.words.list("continuum");
  REQUIRE(levels.size() == 5);
  for (std::size_t i = 0; i < levels.size(); ++i) CHECK(levels[i].level == static_cast<int>(i) + 1);
  CHECK(w.words.list("checklist").size() == 7);
}

TEST_CASE("models lists all five with when each suits, models <name> shows one", "[collab][plans]") {
  plan_world w;
  w.add_person("Sam", core::role::teacher);
  std::string out = w.say("Sam", "/library models");
  CHECK_FALSE(w.in_flow("Sam"));
  REQUIRE(w.last.size() == 1);
  CHECK(w.last[0].sections.size() == 5);
  CHECK(has(out, "Supportive instruction"));
  CHECK(has(out, "Differentiated split class"));
  CHECK(has(out, "Suits: "));

  for (const char* which : {"team", "Team teaching", "5"}) {
    out = w.say("Sam", std::string("/library models ") + which);
    INFO(which);
    REQUIRE(w.last[0].sections.size() == 1);
    CHECK(w.last[0].sections[0].title == "Team teaching");
  }
  out = w.say("Sam", "/library models stations");
  CHECK(w.last[0].sections[0].title == "Station teaching");

  out = w.say("Sam", "/library models juggling");
  CHECK(has(out, "I don't know a model called \"juggling\""));
  CHECK(w.last[0].sections.size() == 5);
}
