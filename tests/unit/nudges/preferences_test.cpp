// Reading pause dates, quiet hours and working days, and the preference commands writing the
// person record.
#include "nudge_fixture.hpp"

#include "collab/working_days.hpp"
#include "nudges/preferences.hpp"

using namespace commonsbot;
using namespace commonsbot::test::nudges_test;
using schedule::civil_date;

TEST_CASE("pause dates: ISO, day and month, how long", "[nudges][preferences]") {
  const civil_date today{2025, 3, 10};
  CHECK(nudges::parse_pause("until 2027-05-01", today) == civil_date{2027, 5, 1});
  CHECK(nudges::parse_pause("until 1 May", today) == civil_date{2025, 5, 1});
  CHECK(nudges::parse_pause("May 1st", today) == civil_date{2025, 5, 1});
  CHECK(nudges::parse_pause("1 March", today) == civil_date{2026, 3, 1});  // passed: next year's
  CHECK(nudges::parse_pause("1 May 2026", today) == civil_date{2026, 5, 1});
  CHECK(nudges::parse_pause("2 weeks", today) == civil_date{2025, 3, 23});
  CHECK(nudges::parse_pause("tomorrow", today) == civil_date{2025, 3, 11});
  CHECK_FALSE(nudges::parse_pause("until 2024-05-01", today));  // in the past
  CHECK_FALSE(nudges::parse_pause("31 February", today));
  CHECK_FALSE(nudges::parse_pause("soon", today));
  CHECK_FALSE(nudges::parse_pause("", today));
}

TEST_CASE("quiet hours: 24-hour and am/pm, wrapping past midnight", "[nudges][preferences]") {
  auto q = nudges::parse_quiet("21:00-07:00");
  REQUIRE(q);
  CHECK(q->from == "21:00");
  CHECK(q->to == "07:00");
  q = nudges::parse_quiet("9.30pm to 6am");
  REQUIRE(q);
  CHECK(q->from == "21:30");
  CHECK(q->to == "06:00");
  CHECK_FALSE(nudges::parse_quiet("9pm"));
  CHECK_FALSE(nudges::parse_quiet("25:00-07:00"));
  CHECK_FALSE(nudges::parse_quiet("07:00-07:00"));
  CHECK(nudges::friendly_time("21:00") == "9:00pm");
  CHECK(nudges::friendly_time("00:30") == "12:30am");
}

TEST_CASE("working days: ranges, lists and their short form", "[nudges][preferences]") {
  using collab::people::parse_working_days;
  using collab::people::working_days_text;
  CHECK(parse_working_days("Mon-Fri") == std::vector<int>{1, 2, 3, 4, 5});
  CHECK(parse_working_days("Mon, Tue, Thu") == std::vector<int>{1, 2, 4});
  CHECK(parse_working_days("tuesday to thursday") == std::vector<int>{2, 3, 4});
  CHECK(parse_working_days("weekdays") == std::vector<int>{1, 2, 3, 4, 5});
  CHECK_FALSE(parse_working_days("Mon, Funday"));
  CHECK_FALSE(parse_working_days(""));
  CHECK(working_days_text({1, 2, 4}) == "Mon, Tue, Thu");
  CHECK(working_days_text({1, 2, 3, 5}) == "Mon-Wed, Fri");
  CHECK(working_days_text({}) == "Mon-Fri");
}

TEST_CASE("preference commands write the person record", "[nudges][preferences]") {
  school s;
  s.check({"nudges", "pause", "back", "quiet"}, [](const flows::problem& p) {
    return p.file.find("nudges") != std::string::npos || p.file.find("pause") != std::string::npos ||
           p.file.find("quiet") != std::string::npos || p.file.find("back.json") != std::string::npos;
  });
  CHECK(has(s.say("Aroha", "/library nudges off"), "Done: nudges are off."));
  CHECK(s.person("Aroha")->nudges.off);
  auto shown = s.say("Aroha", "/library nudges");
  CHECK(has(shown, "Meeting nudges: off"));
  CHECK(has(s.say("Aroha", "/library nudges maybe"), "Would you like nudges before your planning meetings?"));
  CHECK(has(s.say("Aroha", "sometimes"), "Type on or off"));
  CHECK(has(s.say("Aroha", "on"), "Done: nudges are on."));
  CHECK_FALSE(s.person("Aroha")->nudges.off);

  auto paused = s.say("Aroha", "/library pause until 1 May");
  CHECK(has(paused, "Paused: no nudges until the end of Thursday 1 May 2025."));
  CHECK(s.person("Aroha")->nudges.paused_until == "2025-05-01");
  REQUIRE(s.last.at(0).choices.size() == 1);
  CHECK(s.last[0].choices[0].id == "do:nudges.back|" + s.aroha);
  CHECK(has(s.say("Aroha", "", s.last[0].choices[0].id), "Welcome back, Aroha!"));
  CHECK(s.person("Aroha")->nudges.paused_until.empty());
  CHECK(has(s.say("Aroha", "/library back"), "You're not paused at the moment"));

  CHECK(has(s.say("Aroha", "/library pause until someday"), "I couldn't read \"until someday\" as a date"));
  CHECK(has(s.say("Aroha", "2 weeks"), "Paused"));
  CHECK(s.person("Aroha")->nudges.paused_until == "2025-03-23");

  CHECK(has(s.say("Aroha", "/library quiet 9pm-7am"), "Saved: quiet hours from 9:00pm to 7:00am."));
  CHECK(s.person("Aroha")->nudges.quiet_from == "21:00");
  CHECK(has(s.say("Aroha", "/library quiet off"), "Done: no quiet hours."));
  CHECK(s.person("Aroha")->nudges.quiet_from.empty());
}
