// The planning flow and the shared checklist, conversation by conversation: creating a plan,
// both partners ticking it (each tick told to the other), refusals, and completion.
#include "plan_fixture.hpp"

#include "catalogue/catalogue.hpp"
#include "collab/plan_card.hpp"
#include "core/message.hpp"

using namespace commonsbot;
using namespace commonsbot::test::plans;

namespace {

// Sam (a teacher) plans "Rivers and lakes" with Aroha (library staff); returns the plan.
collab::plan rivers(plan_world& w) {
  w.add_person("Sam", core::role::teacher);
  w.add_person("Aroha", core::role::library_staff);
  const std::string out = w.script("Sam", rivers_answers("@Aroha"));
  INFO(out);
  CHECK(has(out, "Saved as plan p1. I've let Aroha know."));
  auto p = w.plan("p1");
  REQUIRE(p);
  return *p;
}

std::string tick_id(const std::string& plan, const std::string& item) {
  return flows::record_button("plans.tick", plan + "/" + item);
}

}  // namespace

TEST_CASE("a teacher plans a unit with the library and the partner is told", "[collab][plans]") {
  plan_world w;
  const collab::plan p = rivers(w);
  CHECK(p.id == "p1");
  CHECK(p.title == "Rivers and lakes");
  CHECK(p.learning_areas == std::vector<std::string>{"Science", "Social Sciences"});
  CHECK(p.year_levels == std::vector<std::string>{"5-6"});
  CHECK(p.owner == "console:sam");
  CHECK(p.partners == std::vector<std::string>{"console:sam", "console:aroha"});
  CHECK(p.starts == "2025-03-03");
  CHECK(p.ends == "2025-03-28");
  CHECK(p.support == "co-teach");
  CHECK(p.model == "team");
  CHECK(p.status == collab::plan_status::open);
  REQUIRE(p.checklist.size() == 7);
  CHECK(p.checklist.front().id == "outcomes");
  CHECK(p.checklist.back().id == "share");
  CHECK(p.created_ms == p.updated_ms);
  CHECK_FALSE(w.in_flow("Sam"));

  // The counter moves on, so the next plan is p2.
  auto counter = w.db.get("counters", "school/plans");
  REQUIRE(counter);
  CHECK((*counter)["next"] == 2);

  // Aroha gets the card in her direct conversation, with tickable items.
  REQUIRE(w.inbox["aroha"].size() == 1);
  const core::message& card = w.inbox["aroha"].front();
  CHECK(has(card.text, "Sam has started a plan with you: Rivers and lakes (p1)"));
  REQUIRE(card.checklist.size() == 7);
  CHECK(card.checklist[0].id == "do:plans.tick|p1/outcomes");
  CHECK(card.checklist[0].label == "Learning outcomes defined");
  const std::string text = core::plain_text(card);
  CHECK(has(text, "Library support: Co-teaching (level 4 of 5)"));
  CHECK(has(text, "Teaching model: Team teaching"));
  CHECK(has(text, "Dates: 3 March 2025 to 28 March 2025"));
  CHECK(has(text, "Partners: Sam and Aroha"));
  CHECK(w.inbox["sam"].empty());

  // A second plan gets the next number.
  w.script("Aroha", {"/library plan Volcanoes", "Science", "7", "@Sam", "skip", "skip", "Explain how volcanoes form",
                     "1", "6", "Books", "Quiz", "yes"});
  auto second = w.plan("p2");
  REQUIRE(second);
  CHECK(second->owner == "console:aroha");
  CHECK(second->model.empty());
  CHECK(second->starts.empty());
}

TEST_CASE("the flow shows the plan before saving and saves nothing on cancel", "[collab][plans]") {
  plan_world w;
  w.add_person("Sam", core::role::teacher);
  w.add_person("Aroha", core::role::library_staff);
  auto answers = rivers_answers("@Aroha");
  answers.pop_back();  // stop at "Save this plan?"
  const std::string out = w.script("Sam", answers);
  CHECK(has(out, "Here's your plan so far: Rivers and lakes"));
  CHECK(has(out, "Nothing's saved yet."));
  // back from "Save this plan?" changes the last answer, and the plan is shown again.
  CHECK(has(w.say("Sam", "back"), "How will you assess the parts the library leads?"));
  const std::string again = w.say("Sam", "A short quiz.");
  CHECK(has(again, "A short quiz."));
  CHECK(has(again, "Save this plan?"));
  CHECK(has(w.say("Sam", "no"), "I haven't saved it."));
  CHECK_FALSE(w.in_flow("Sam"));
  CHECK_FALSE(w.plan("p1"));
  w.script("Sam", answers);
  CHECK(has(w.say("Sam", "cancel"), "I've stopped there"));
  CHECK_FALSE(w.plan("p1"));
  CHECK(w.inbox.empty());
  CHECK_FALSE(w.db.get("counters", "school/plans"));
}

TEST_CASE("bad plan answers are asked again with a hint", "[collab][plans]") {
  plan_world w;
  w.add_person("Sam", core::role::teacher);
  w.add_person("Aroha", core::role::library_staff);
  w.say("Sam", "/library plan Rivers");
  w.say("Sam", "Science");
  std::string out = w.say("Sam", "Year 14");
  CHECK(has(out, "I couldn't read \"14\" as a year level. Use numbers from 1 to 13"));
  CHECK(has(out, "Which year levels?"));
  out = w.say("Sam", "5");
  CHECK(has(out, "Who are you planning with?"));

  out = w.say("Sam", "@Bob");
  CHECK(has(out, "I haven't met Bob yet"));
  CHECK(has(out, "Who are you planning with?"));

  // No one from the library: expected, so asked, but allowed.
  out = w.say("Sam", "skip");
  CHECK(has(out, "No one from the library is on this plan yet. Carry on anyway?"));
  CHECK(has(w.say("Sam", "no"), "Who are you planning with?"));
  w.say("Sam", "skip");
  CHECK(has(w.say("Sam", "yes"), "When does the unit start?"));

  out = w.say("Sam", "week 4");
  CHECK(has(out, "I couldn't read \"week 4\" as a date. Type a date like 2025-03-03 or 3 March."));
  CHECK(has(out, "When does the unit start?"));
  CHECK(has(w.say("Sam", "10 March"), "when does it finish?"));
  out = w.say("Sam", "2 March");
  CHECK(has(out, "That's before the start date (10 March 2025)."));
  CHECK(has(w.say("Sam", "2025-04-11"), "What should students know"));
  CHECK(w.session_of("Sam").vars["ends"] == "2025-04-11");

  // Across the new year, a date without a year is next year's.
  w.script("Sam", {"cancel", "/library plan Summer reading", "English", "4", "skip", "yes", "1 December"});
  CHECK(has(w.say("Sam", "20 January"), "What should students know"));
  CHECK(w.session_of("Sam").vars["starts"] == "2025-12-01");
  CHECK(w.session_of("Sam").vars["ends"] == "2026-01-20");
}

TEST_CASE("the model question explains the five models on request", "[collab][plans]") {
  plan_world w;
  w.add_person("Sam", core::role::teacher);
  w.add_person("Aroha", core::role::library_staff);
  w.script("Sam", {"/library plan Rivers", "Science", "5", "@Aroha", "skip", "skip", "Compare sources", "2"});
  const std::string out = w.say("Sam", "7");  // Tell me about them
  CHECK(has(out, "Station teaching"));
  CHECK(has(out, "Suits: "));
  CHECK(has(out, "Would you like to use one of the collaborative teaching models?"));
  CHECK(has(w.say("Sam", "6"), "What activities and resources"));  // Not this time
  CHECK(has(core::plain_text(w.last.front()), "Catalogue suggestions aren't available"));
}

TEST_CASE("both partners tick, each tick is told to the other, and the last completes the plan", "[collab][plans]") {
  plan_world w;
  rivers(w);
  w.inbox.clear();

  // Aroha ticks with the card's checkbox (a record button, outside any conversation).
  std::string out = w.say("Aroha", "", tick_id("p1", "outcomes"));
  CHECK(has(out, "Ticked \"Learning outcomes defined\" (1/7). I've let Sam know."));
  CHECK(has(out, "[x] Learning outcomes defined (Aroha)"));
  auto p = w.plan("p1");
  CHECK(p->checklist[0].ticked_by == "console:aroha");
  CHECK(p->checklist[0].ticked_ms == w.now_ms);
  CHECK(p->updated_ms == w.now_ms);
  auto sam_heard = w.take_inbox("Sam");
  REQUIRE(sam_heard.size() == 1);
  CHECK(has(sam_heard[0], "Aroha ticked \"Learning outcomes defined\" on Rivers and lakes (1/7)"));
  CHECK(w.take_inbox("Aroha").empty());

  // Sam ticks by number on the console: `plan p1` opens the checklist step.
  out = w.say("Sam", "/library plan p1");
  CHECK(has(out, "p1 \xC2\xB7 Rivers and lakes"));
  CHECK(has(out, "Reply with a step's number to tick or untick it"));
  out = w.say("Sam", "2 3 4");
  CHECK(has(out, "(4/7)"));
  CHECK(has(w.say("Sam", "9"), "\"9\" isn't a step on this plan: they're numbered 1 to 7."));
  auto aroha_heard = w.take_inbox("Aroha");
  REQUIRE(aroha_heard.size() == 1);
  CHECK(has(aroha_heard[0], "Sam ticked \"Library support agreed\" on Rivers and lakes (2/7)"));
  CHECK(has(aroha_heard[0], "Sam ticked \"Library-led parts assessed\" on Rivers and lakes (4/7)"));
  CHECK(has(w.say("Sam", "done"), "Open it again any time with /library plan p1."));
  CHECK_FALSE(w.in_flow("Sam"));

  // Unticking records nothing against anyone.
  w.say("Aroha", "", tick_id("p1", "support"));
  CHECK_FALSE(w.plan("p1")->checklist[1].ticked);
  CHECK(w.plan("p1")->checklist[1].ticked_by.empty());
  CHECK(has(w.take_inbox("Sam").at(0), "Aroha unticked \"Library support agreed\""));

  for (const char* item : {"support", "evaluate", "improve"}) w.say("Aroha", "", tick_id("p1", item));
  w.take_inbox("Sam");
  out = w.say("Sam", "", tick_id("p1", "share"));
  CHECK(has(out, "Rivers and lakes is complete!"));
  CHECK(has(out, "/library reflect p1"));
  CHECK(w.plan("p1")->status == collab::plan_status::completed);
  aroha_heard = w.take_inbox("Aroha");
  REQUIRE(aroha_heard.size() == 1);
  CHECK(has(aroha_heard[0], "(7/7)"));
  CHECK(has(aroha_heard[0], "Every step is ticked: Rivers and lakes is complete!"));
}

TEST_CASE("only partners tick, the library team may look, others are refused", "[collab][plans]") {
  plan_world w;
  rivers(w);
  w.add_person("Mere", core::role::teacher);
  w.add_person("Tui", core::role::library_staff);
  w.inbox.clear();

  std::string out = w.say("Mere", "", tick_id("p1", "outcomes"));
  CHECK(has(out, "Only the partners on Rivers and lakes (Sam and Aroha) can tick its checklist."));
  CHECK_FALSE(w.plan("p1")->checklist[0].ticked);
  CHECK(w.inbox.empty());

  out = w.say("Mere", "/library plan p1");
  CHECK(has(out, "Plan p1 is shared between Sam and Aroha"));
  CHECK_FALSE(w.in_flow("Mere"));

  // Library staff who aren't partners can see it, but not tick.
  out = w.say("Tui", "/library plan p1");
  CHECK(has(out, "Rivers and lakes"));
  CHECK(has(out, "Only Sam and Aroha can tick this checklist."));
  CHECK_FALSE(w.in_flow("Tui"));
  CHECK(has(w.say("Tui", "", tick_id("p1", "outcomes")), "Only the partners"));

  CHECK(has(w.say("Sam", "/library plan p9"), "I can't find plan p9. Type /library plans to see yours."));
  // Leaders don't plan units, and are told who does.
  w.add_person("Hemi", core::role::leader);
  CHECK(has(w.say("Hemi", "/library plan p1"), "/library plan is for teacher or library staff"));
}

TEST_CASE("on a platform with checkboxes, plan <id> shows the card and ends", "[collab][plans]") {
  plan_world w;
  w.add_person("Kiri", core::role::teacher, "slack");
  w.add_person("Tama", core::role::library_staff, "slack");
  w.script("Kiri", {"/library plan Poetry", "English", "9", "<@Utama|tama>", "skip", "skip", "Write a haiku", "3", "1",
                    "Anthologies", "Peer review", "yes"});
  auto p = w.plan("p1");
  REQUIRE(p);
  CHECK(p->partners == std::vector<std::string>{"slack:Ukiri", "slack:Utama"});
  REQUIRE(w.inbox["Utama"].size() == 1);

  w.say("Tama", "/library plan p1");
  CHECK_FALSE(w.in_flow("Tama"));
  REQUIRE(w.last.size() == 1);
  CHECK(w.last[0].checklist.size() == 7);
  CHECK(w.last[0].checklist[2].id == "do:plans.tick|p1/activities");
}

TEST_CASE("plans lists my open plans, newest first, with progress", "[collab][plans]") {
  plan_world w;
  rivers(w);
  w.script("Aroha", {"/library plan Volcanoes", "Science", "7", "@Sam", "skip", "skip", "Explain eruptions", "1", "6",
                     "Books", "Quiz", "yes"});
  w.say("Aroha", "", tick_id("p1", "outcomes"));
  w.add_person("Mere", core::role::teacher);

  std::string out = w.say("Sam", "/library plans");
  CHECK(has(out, "Your open plans, newest first:"));
  const auto p2 = out.find("p2 \xC2\xB7 Volcanoes"), p1 = out.find("p1 \xC2\xB7 Rivers and lakes");
  REQUIRE(p2 != std::string::npos);
  REQUIRE(p1 != std::string::npos);
  CHECK(p2 < p1);
  CHECK(has(out, "1/7 ticked \xC2\xB7 Science, Social Sciences \xC2\xB7 Years 5-6 \xC2\xB7 with Aroha"));
  CHECK(has(out, "Open one with /library plan p2"));
  CHECK(w.last[0].choices.empty());  // the console opens plans by typing

  CHECK(has(w.say("Mere", "/library plans"), "You have no open plans."));
}

TEST_CASE("the Open button on the list shows the plan", "[collab][plans]") {
  plan_world w;
  w.add_person("Kiri", core::role::teacher, "slack");
  w.add_person("Tama", core::role::library_staff, "slack");
  w.script("Kiri", {"/library plan Poetry", "English", "9", "<@Utama>", "skip", "skip", "Write a haiku", "3", "1",
                    "Anthologies", "Peer review", "yes"});
  w.say("Tama", "/library plans");
  REQUIRE(w.last.at(0).choices.size() == 1);
  CHECK(w.last[0].choices[0].id == "do:plans.show|p1");
  const std::string out = w.say("Tama", "", w.last[0].choices[0].id);
  CHECK(has(out, "p1 \xC2\xB7 Poetry"));
}

TEST_CASE("library staff planning alone are asked about a teacher partner", "[collab][plans]") {
  plan_world w;
  w.add_person("Aroha", core::role::library_staff);
  const std::string out = w.script("Aroha", {"/library plan Reading week", "English", "NE-2", "skip"});
  CHECK(has(out, "No teacher is on this plan yet. Carry on anyway?"));
  CHECK(w.session_of("Aroha").vars["years"] == nlohmann::json::array({"NE-2"}));
}

TEST_CASE("the flow suggests up to three catalogue resources for the plan's areas and years", "[collab][plans]") {
  plan_world w;
  catalogue::catalogue cat;
  std::vector<catalogue::resource> all;
  for (int i = 0; i < 5; ++i) {
    catalogue::resource r;
    r.title = "River kit " + std::to_string(i);
    r.link = "https://example.org/river-" + std::to_string(i);
    r.description = "Water quality testing for rivers";
    r.learning_areas = {"Science"};
    r.year_levels = {5, 6};
    r.added = "2024-01-0" + std::to_string(i + 1);
    all.push_back(r);
  }
  catalogue::resource maths;
  maths.title = "Fractions";
  maths.link = "https://example.org/fractions";
  maths.learning_areas = {"Mathematics and Statistics"};
  maths.year_levels = {5};
  all.push_back(maths);
  cat.set_shared(all);
  w.services.resources = &cat;
  w.add_person("Sam", core::role::teacher);
  w.script("Sam", {"/library plan Rivers", "Science", "5", "skip", "yes", "skip", "skip", "Test the water", "1"});
  w.say("Sam", "6");
  REQUIRE(w.last.size() == 2);
  CHECK(w.last[0].text == "A few things from the library catalogue that might suit:");
  REQUIRE(w.last[0].links.size() == 3);
  for (const auto& l : w.last[0].links) CHECK(has(l.title, "River kit"));
  CHECK(has(w.last[1].text, "What activities and resources"));

  // Nothing for that area and year: said plainly.
  w.script("Sam", {"cancel", "/library plan Haka", "Health and PE", "12", "skip", "yes", "skip", "skip", "Perform", "1"});
  w.say("Sam", "6");
  CHECK(has(w.last[0].text, "I couldn't find catalogue suggestions"));
}
