// Scripted console conversations for the nudge preferences: /library nudges, pause, back,
// quiet and the working days in /library profile. Bad answers are re-asked with a hint,
// cancel and back work, and a question left open is picked up after a restart (a new
// process on the same data directory). None of these is limited to a role: a teacher may
// be nudged too, so everyone can set their own.
#include "support/console_session.hpp"

#include <catch2/catch.hpp>

using namespace commonsbot::test;

TEST_CASE("nudges: settings shown, turned off and on, a bad word re-asked", "[integration][console][nudges]") {
  temp_dir dir;
  const auto config = write_test_config(dir);
  auto r = chat(config, "Aroha", "",
                "/library nudges\n/library nudges maybe\nsometimes\noff\n/library nudges\n/library nudges on\n"
                "/library nudges sometimes\ncancel\n");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(contains(r.out, "Here's how I nudge you before planning meetings, Aroha:"));
  CHECK(contains(r.out, "Meeting nudges: on"));
  CHECK(contains(r.out, "Working days: Mon-Fri"));
  CHECK(contains(r.out, "Would you like nudges before your planning meetings?"));
  CHECK(contains(r.out, "Type on or off (or 1 or 2)."));  // the hint after "sometimes"
  CHECK(contains(r.out, "Done: nudges are off. Type /library nudges on whenever you'd like them back."));
  CHECK(contains(r.out, "Meeting nudges: off (/library nudges on to get them again)"));
  CHECK(contains(r.out, "Done: nudges are on."));
  CHECK(contains(r.out, "No worries, I've stopped there. Start again any time with /library nudges."));

  // Teachers set their own too: no refusal.
  auto teacher = chat(config, "Mere", "", "/library nudges off\n");
  INFO(teacher.out << teacher.err);
  CHECK(contains(teacher.out, "Done: nudges are off."));
  CHECK_FALSE(contains(teacher.out, "is for"));
}

TEST_CASE("pause and back: a bad date re-asked, resumed after a restart", "[integration][console][nudges]") {
  temp_dir dir;
  const auto config = write_test_config(dir);
  auto first = chat(config, "Aroha", "", "/library pause\ncancel\n/library pause\nsomeday\n");
  INFO(first.out << first.err);
  CHECK(first.exit_code == 0);
  CHECK(contains(first.out, "No worries, I've stopped there. Start again any time with /library pause."));
  CHECK(contains(first.out, "Until when should I pause your nudges? For example: 1 May, 2027-05-01 or 2 weeks."));
  CHECK(contains(first.out, "I couldn't read \"someday\" as a date from today on. Type a date like 1 May"));

  // A new process picks up at the date question.
  auto second = chat(config, "Aroha", "", "2027-05-01\n/library nudges\n/library back\n/library back\n");
  INFO(second.out << second.err);
  CHECK(second.exit_code == 0);
  CHECK(contains(second.out, "Paused: no nudges until the end of Saturday 1 May 2027."));
  CHECK(contains(second.out, "1. I'm back"));
  CHECK(contains(second.out, "Paused: until the end of 2027-05-01 (/library back to end it early)"));
  CHECK(contains(second.out, "Welcome back, Aroha! Your nudges are on again."));
  CHECK(contains(second.out, "You're not paused at the moment"));

  auto later = chat(config, "Aroha", "", "/library pause until 1 May 2020\nback\n");
  INFO(later.out << later.err);
  CHECK(contains(later.out, "I couldn't read \"until 1 May 2020\" as a date from today on."));
}

TEST_CASE("quiet hours: a bad window re-asked, off, resumed after a restart", "[integration][console][nudges]") {
  temp_dir dir;
  const auto config = write_test_config(dir);
  auto first = chat(config, "Aroha", "", "/library quiet 9pm\n");
  INFO(first.out << first.err);
  CHECK(contains(first.out, "I couldn't read \"9pm\" as quiet hours. Use start-end, like 21:00-07:00 or 9pm-7am"));
  CHECK(contains(first.out, "When are your quiet hours?"));

  auto second = chat(config, "Aroha", "", "22:00-06:30\n/library profile\ndone\n/library quiet off\n/library nudges\n");
  INFO(second.out << second.err);
  CHECK(contains(second.out, "Saved: quiet hours from 10:00pm to 6:30am. A nudge due then waits until 6:30am."));
  CHECK(contains(second.out, "Quiet hours: 10:00pm to 6:30am: nudges wait until they end"));  // on the profile
  CHECK(contains(second.out, "Done: no quiet hours."));
  CHECK(contains(second.out, "Quiet hours: none"));
}

TEST_CASE("profile: working days, a bad answer re-asked, back, resumed after a restart",
          "[integration][console][nudges][people]") {
  temp_dir dir;
  const auto config = write_test_config(dir);
  auto first = chat(config, "Mere", "", "/library profile days\nFunday\nMon, Tue, Thu\n5\n");
  INFO(first.out << first.err);
  CHECK(contains(first.out, "Which days do you work? For example Mon-Fri"));
  CHECK(contains(first.out, "I couldn't read \"Funday\" as days of the week. Use day names with commas or a dash"));
  CHECK(contains(first.out, "Saved: your working days are Mon, Tue, Thu. Nudges wait for one of them."));

  auto second = chat(config, "Mere", "", "back\n5\nTue-Thu\ndone\n/library profile\ncancel\n");
  INFO(second.out << second.err);
  CHECK(contains(second.out, "What would you like to change?"));  // after back
  CHECK(contains(second.out, "Saved: your working days are Tue-Thu."));
  CHECK(contains(second.out, "Working days: Tue-Thu"));
  CHECK(contains(second.out, "Meeting nudges: on"));
}
