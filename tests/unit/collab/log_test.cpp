// /library log: library staff record a collaboration in a few answers.
#include "collab/log_entry.hpp"
#include "collab/report_dates.hpp"
#include "evidence_fixture.hpp"

using namespace commonsbot;
using namespace commonsbot::test::ev;

namespace {

std::vector<collab::log_entry> logs(const fixture& f) {
  std::vector<collab::log_entry> out;
  for (const auto& [k, j] : f.db.scan(collab::collab_log_collection, "school/")) out.push_back(j.get<collab::log_entry>());
  return out;
}

}  // namespace

TEST_CASE("library staff log a collaboration with two teachers", "[collab][log]") {
  fixture f;
  auto out = f.say("Aroha", "/library log @Sam and @Tama");
  CHECK(has(out, "What did you do together?"));
  out = f.say("Aroha", "Co-taught a lesson on checking sources for the science fair.");
  CHECK(has(out, "Where did this sit on the collaboration continuum?"));
  CHECK(has(out, "3. Teaching together"));
  out = f.say("Aroha", "3");
  CHECK(has(out, "Did you use one of the teaching models?"));
  CHECK(has(out, "4. No particular model"));
  out = f.say("Aroha", "Team teaching");
  CHECK(has(out, "Which learning area?"));
  out = f.say("Aroha", "Science");
  CHECK(has(out, "Which year level?"));
  out = f.say("Aroha", "Year 5-6");
  CHECK(has(out, "With: Sam and Tama"));
  CHECK(has(out, "Level: Teaching together"));
  CHECK(has(out, "Model: Team teaching"));
  CHECK(has(out, "Year level: 5-6"));
  out = f.say("Aroha", "yes");
  CHECK(has(out, "Saved as l1"));
  CHECK_FALSE(f.in_flow("Aroha"));

  const auto all = logs(f);
  REQUIRE(all.size() == 1);
  const auto& e = all[0];
  CHECK(e.key() == "school/l1");
  CHECK(e.by == f.aroha);
  CHECK(e.with == std::vector<std::string>{f.sam, f.tama});
  CHECK(e.with_names == std::vector<std::string>{"Sam", "Tama"});
  CHECK(e.level == "co-teach");
  CHECK(e.model == "team");
  CHECK(e.learning_area == "Science");
  CHECK(e.year_level == "5-6");
  CHECK(e.date == "2025-03-10");
  CHECK(e.at_ms == monday_ms);
  CHECK(f.sent.empty());  // logging is quiet: nobody else is messaged

  // The next one gets the next id; "no particular model" and skips leave fields empty.
  f.say("Aroha", "/library log Sam");
  f.say("Aroha", "Gathered books for the Year 5 unit on volcanoes.");
  f.say("Aroha", "1");
  f.say("Aroha", "4");
  f.say("Aroha", "skip");
  out = f.say("Aroha", "skip");
  CHECK_FALSE(has(out, "Model:"));
  CHECK_FALSE(has(out, "Learning area:"));
  f.say("Aroha", "y");
  const auto both = logs(f);
  REQUIRE(both.size() == 2);
  CHECK(both[1].id == "l2");
  CHECK(both[1].model.empty());
  CHECK(both[1].learning_area.empty());
  CHECK(both[1].year_level.empty());
}

TEST_CASE("log re-asks, with a hint, for people and year levels it cannot read", "[collab][log]") {
  fixture f;
  auto out = f.say("Aroha", "/library log @Nobody @Sam");
  CHECK(has(out, "I couldn't find Nobody among the people I know here."));
  CHECK(has(out, "They need to have said hi to me"));  // the hint
  CHECK(has(out, "Who did you work with?"));
  out = f.say("Aroha", "@sam");  // any case
  CHECK(has(out, "What did you do together?"));
  out = f.say("Aroha", "hi");
  CHECK(has(out, "at least 3 characters"));
  CHECK(has(out, "For example"));  // the step's hint follows a bad answer
  f.say("Aroha", "Planned a research lesson.");
  out = f.say("Aroha", "9");
  CHECK(has(out, "Please pick one of the options (a number from 1 to 4)"));
  CHECK(has(out, "From lightest to deepest"));
  CHECK(has(out, "Teaching together: About Teaching together"));
  f.say("Aroha", "2");
  f.say("Aroha", "4");
  f.say("Aroha", "English");
  out = f.say("Aroha", "Year 15");
  CHECK(has(out, "\"Year 15\" doesn't look like a year level."));
  CHECK(has(out, "A number from 0 to 13"));
  CHECK(has(out, "Which year level?"));
  out = f.say("Aroha", "ne");
  CHECK(has(out, "Year level: NE"));
  CHECK(has(out, "Learning area: English"));
  f.say("Aroha", "yes");
  REQUIRE(logs(f).size() == 1);
  CHECK(logs(f)[0].year_level == "NE");
}

TEST_CASE("log: back, cancel, no and the refusal for teachers", "[collab][log]") {
  fixture f;
  auto out = f.say("Sam", "/library log @Tama");
  CHECK(has(out, "/library log is for library staff. You're set up as teacher"));
  CHECK_FALSE(f.in_flow("Sam"));

  f.say("Aroha", "/library log @Tama");
  f.say("Aroha", "Booked a class visit and taught note-taking.");
  out = f.say("Aroha", "back");
  CHECK(has(out, "What did you do together?"));
  f.say("Aroha", "Taught note-taking.");
  f.say("Aroha", "1");
  out = f.say("Aroha", "cancel");
  CHECK(has(out, "No worries, I've stopped there. Start again any time with /library log."));
  CHECK_FALSE(f.in_flow("Aroha"));

  f.say("Aroha", "/library log @Tama");
  f.say("Aroha", "Taught note-taking.");
  f.say("Aroha", "1");
  f.say("Aroha", "4");
  f.say("Aroha", "skip");
  f.say("Aroha", "skip");
  out = f.say("Aroha", "no");
  CHECK(has(out, "I haven't saved anything"));
  CHECK(logs(f).empty());
}

TEST_CASE("log reads Slack mentions, and says so when the continuum list is missing", "[collab][log]") {
  fixture f;
  f.add_person("Whetu", core::role::library_staff, "slack");
  f.add_person("U777", core::role::teacher, "slack");  // display name "U777", id "u777"
  auto out = f.say("Whetu", "/library log <@u777|hemi> <@U999|kiri>");
  CHECK(has(out, "What did you do together?"));
  f.say("Whetu", "Co-planned the inquiry unit.");
  f.say("Whetu", "2");
  f.say("Whetu", "1");
  f.say("Whetu", "skip");
  out = f.say("Whetu", "8");
  CHECK(has(out, "With: U777 and kiri"));  // kiri is new to the bot but a real Slack account
  f.say("Whetu", "yes");
  REQUIRE(logs(f).size() == 1);
  CHECK(logs(f)[0].with == std::vector<std::string>{"slack:u777", "slack:U999"});

  // Teams wraps mentions in <at>; Matrix ids are whole "@user:server" ids.
  f.add_person("Rangi", core::role::library_staff, "teams");
  f.add_person("Mere Smith", core::role::teacher, "teams");
  out = f.say("Rangi", "/library log <at>Mere Smith</at>");
  CHECK(has(out, "What did you do together?"));
  f.say("Rangi", "cancel");
  f.add_person("Ana", core::role::library_staff, "matrix");
  out = f.say("Ana", "/library log @hemi:school.nz");
  CHECK(has(out, "What did you do together?"));
  f.say("Ana", "Planned a visit.");
  f.say("Ana", "1");
  f.say("Ana", "1");
  f.say("Ana", "skip");
  out = f.say("Ana", "skip");
  CHECK(has(out, "With: @hemi:school.nz"));

  f.words.add("continuum", {});
  out = f.say("Aroha", "/library log @Sam");
  CHECK(has(out, "list of continuum levels"));
  CHECK_FALSE(f.in_flow("Aroha"));
}
