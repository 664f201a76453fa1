// Scripted console conversations for planning together: a teacher plans a unit with a
// library partner (with bad answers re-asked, back, and a restart in the middle), the
// partner finds and ticks it in another chat session, and people who may not are refused.
#include "support/console_session.hpp"

#include <catch2/catch.hpp>

using namespace commonsbot::test;

TEST_CASE("a teacher plans a unit with the library partner, who ticks it in her own chat", "[integration][console][plans]") {
  temp_dir dir;
  const auto config = write_test_config(dir);

  // Aroha (library staff by the config's seed roles) has met the bot, so she can be mentioned.
  auto hello = chat(config, "Aroha", "", "/library plans\n");
  INFO(hello.out << hello.err);
  REQUIRE(hello.exit_code == 0);
  CHECK(contains(hello.out, "You have no open plans."));

  // Sam starts planning; a bad year level and a bad date are each asked again with a hint,
  // "back" steps back a question, and the chat ends part-way through.
  auto first = chat(config, "Sam", "",
                    "/library plan Rivers and lakes\n"
                    "Science and social sciences\n"
                    "Year 15\n"
                    "5-6\n"
                    "@Aroha\n"
                    "back\n"
                    "@Aroha\n"
                    "1 March 2027\n"
                    "week 4\n"
                    "26 March 2027\n");
  INFO(first.out << first.err);
  CHECK(first.exit_code == 0);
  CHECK(contains(first.out, "you> /library plan Rivers and lakes\nbot> Which learning area or areas is it for?"));
  CHECK(contains(first.out, "I couldn't read \"15\" as a year level. Use numbers from 1 to 13 (or NE for new entrants)"));
  CHECK(contains(first.out, "you> back\nbot> Who are you planning with?"));
  CHECK(contains(first.out, "I couldn't read \"week 4\" as a date. Type a date like 2025-03-03 or 3 March."));
  CHECK(contains(first.out, "What should students know or be able to do by the end?"));

  // A new process picks the plan up at the question it stopped on.
  auto second = chat(config, "Sam", "",
                     "Students find and compare two reliable sources about our local river.\n"
                     "4\n"
                     "7\n"
                     "5\n"
                     "A search-skills session in the library; the Waterways kit.\n"
                     "A research-skills checklist we mark together.\n"
                     "yes\n"
                     "/library plans\n");
  INFO(second.out << second.err);
  CHECK(second.exit_code == 0);
  CHECK(contains(second.out, "How will the library support those outcomes? Pick the closest fit:"));
  CHECK(contains(second.out, "  4. Co-teaching: we plan it and teach parts of it together"));
  CHECK(contains(second.out, "Here are the five, in short:"));  // "Tell me about them"
  CHECK(contains(second.out, "Suits: Partners who know each other's style"));
  CHECK(contains(second.out, "Here's your plan so far: Rivers and lakes"));
  CHECK(contains(second.out, "Saved as plan p1. I've let Aroha know."));
  CHECK(contains(second.out, "Dates: 1 March 2027 to 26 March 2027"));
  CHECK(contains(second.out, "Library support: Co-teaching (level 4 of 5)"));
  CHECK(contains(second.out, "Teaching model: Team teaching"));
  CHECK(contains(second.out, "  1. [ ] Learning outcomes defined"));
  CHECK(contains(second.out, "  7. [ ] Success shared"));
  CHECK(contains(second.out, "0/7 ticked \xC2\xB7 Science, Social Sciences \xC2\xB7 Years 5-6 \xC2\xB7 with Aroha"));

  // Aroha's next chat shows the new plan, lists it, and ticks two steps by number.
  auto aroha = chat(config, "Aroha", "", "/library plans\n/library plan p1\n1 3\n12\ndone\n");
  INFO(aroha.out << aroha.err);
  CHECK(aroha.exit_code == 0);
  CHECK(contains(aroha.out, "Sam has started a plan with you: Rivers and lakes (p1)."));
  CHECK(contains(aroha.out, "p1 \xC2\xB7 Rivers and lakes\n         0/7 ticked"));
  CHECK(contains(aroha.out, "Open one with /library plan p1"));
  const auto ticked = after(aroha.out, "you> 1 3", 0);
  CHECK(after(aroha.out, "Ticked \"Learning outcomes defined\" (1/7).", ticked) != std::string::npos);
  CHECK(after(aroha.out, "Ticked \"Activities and resources ready\" (2/7). I've let Sam know.", ticked) != std::string::npos);
  CHECK(after(aroha.out, "  1. [x] Learning outcomes defined  (Aroha)", ticked) != std::string::npos);
  CHECK(contains(aroha.out, "\"12\" isn't a step on this plan: they're numbered 1 to 7."));
  CHECK(contains(aroha.out, "Done. Open it again any time with /library plan p1."));

  // Sam hears about Aroha's ticks next time, and sees them on the card.
  auto sam = chat(config, "Sam", "", "/library plan p1\n2\ndone\n");
  INFO(sam.out << sam.err);
  CHECK(contains(sam.out, "Aroha ticked \"Learning outcomes defined\" on Rivers and lakes (1/7)"));
  CHECK(contains(sam.out, "Aroha ticked \"Activities and resources ready\" on Rivers and lakes (2/7)"));
  CHECK(contains(sam.out, "  3. [x] Activities and resources ready  (Aroha)"));
  CHECK(contains(sam.out, "Ticked \"Library support agreed\" (3/7). I've let Aroha know."));
  auto aroha_again = chat(config, "Aroha", "", "");
  CHECK(contains(aroha_again.out, "Sam ticked \"Library support agreed\" on Rivers and lakes (3/7)"));
}

TEST_CASE("people who aren't partners, or can't plan, are told who can", "[integration][console][plans]") {
  temp_dir dir;
  const auto config = write_test_config(dir);
  chat(config, "Aroha", "", "/library help\n");
  auto made = chat(config, "Sam", "",
                   "/library plan Volcanoes\nScience\n7\n@Aroha\nskip\nskip\nExplain how volcanoes form\n1\n6\n"
                   "Books and a video\nA short quiz\nyes\n");
  INFO(made.out << made.err);
  REQUIRE(contains(made.out, "Saved as plan p1."));

  auto mere = chat(config, "Mere", "", "/library plan p1\n/library plans\n/library plan p7\n");
  INFO(mere.out << mere.err);
  CHECK(contains(mere.out, "Plan p1 is shared between Sam and Aroha, so only they (and the library team) can open it."));
  CHECK(contains(mere.out, "You have no open plans."));
  CHECK(contains(mere.out, "I can't find plan p7. Type /library plans to see yours."));

  auto hemi = chat(config, "Hemi", "leader", "/library plan Field trip\n/library plans\n");
  INFO(hemi.out << hemi.err);
  CHECK(contains(hemi.out, "/library plan is for teacher or library staff. You're set up as leader"));
  CHECK(contains(hemi.out, "/library plans is for teacher or library staff."));

  // Library staff who aren't partners may look, but the checklist stays the partners'.
  auto tui = chat(config, "Tui", "library_staff", "/library plan p1\n");
  INFO(tui.out << tui.err);
  CHECK(contains(tui.out, "p1 \xC2\xB7 Volcanoes"));
  CHECK(contains(tui.out, "Only Sam and Aroha can tick this checklist."));
  CHECK_FALSE(contains(tui.out, "Reply with a step's number"));
}

TEST_CASE("cancel stops a plan without saving, no at the end saves nothing", "[integration][console][plans]") {
  temp_dir dir;
  const auto config = write_test_config(dir);
  auto r = chat(config, "Sam", "",
                "/library plan\nGardens\ncancel\n"
                "/library plan Gardens\nScience\n3\nskip\nno\nskip\nyes\nskip\nskip\nGrow beans\n1\n6\nSeeds\nDiary\nno\n"
                "/library plans\n");
  INFO(r.out << r.err);
  CHECK(contains(r.out, "Let's plan a unit together. What's it called?"));
  CHECK(contains(r.out, "No worries, I've stopped there. Start again any time with /library plan."));
  CHECK(contains(r.out, "No one from the library is on this plan yet. Carry on anyway?"));
  CHECK(contains(r.out, "No problem, I haven't saved it."));
  CHECK(contains(r.out, "You have no open plans."));
}

TEST_CASE("models shows the five teaching models, or one", "[integration][console][plans]") {
  temp_dir dir;
  const auto config = write_test_config(dir);
  auto r = chat(config, "Sam", "", "/library models\n/library models stations\n/library models juggling\n");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(contains(r.out, "Five ways to teach a class together."));
  for (const char* name : {"Supportive instruction", "Parallel instruction", "Differentiated split class",
                           "Station teaching", "Team teaching"})
    CHECK(contains(r.out, name));
  CHECK(contains(r.out, "you> /library models stations\nbot> Station teaching"));
  CHECK(contains(r.out, "I don't know a model called \"juggling\", so here are all five:"));
}
