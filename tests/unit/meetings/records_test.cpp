// Meetings, nudge rules and the school calendar: their written forms and their checks.
#include "meetings/calendar.hpp"
#include "meetings/meeting.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace commonsbot;

TEST_CASE("nudge rules read and write the shapes people type", "[meetings][nudge_rule]") {
  const auto day = meetings::parse_nudge_rule("1d@15:00");
  REQUIRE(day);
  CHECK(day->when == meetings::nudge_rule::timing::days_before_at);
  CHECK(*day == meetings::default_nudge_rule());
  CHECK(meetings::parse_nudge_rule("0d@08:00")->days == 0);
  CHECK(meetings::parse_nudge_rule("2h")->minutes == 120);
  CHECK(meetings::parse_nudge_rule("90m")->minutes == 90);
  CHECK(meetings::parse_nudge_rule("1h30m")->minutes == 90);
  for (const char* text : {"1d@15:00", "0d@08:00", "2h", "45m", "1h30m"})
    CHECK(meetings::to_string(*meetings::parse_nudge_rule(text)) == text);
  CHECK(meetings::to_string(*meetings::parse_nudge_rule("90m")) == "1h30m");
  for (const char* bad : {"", "1d", "1d@25:00", "d@15:00", "2 hours", "30m2h", "0m", "-2h", "2h2h", "99d@09:00", "200h"})
    CHECK_FALSE(meetings::parse_nudge_rule(bad));

  auto teachers = *meetings::parse_nudge_rule("2h");
  teachers.teachers = true;
  const nlohmann::json j = teachers;
  CHECK(j == nlohmann::json{{"rule", "2h"}, {"teachers", true}});
  CHECK(j.get<meetings::nudge_rule>() == teachers);
  CHECK(nlohmann::json("1d@15:00").get<meetings::nudge_rule>() == meetings::default_nudge_rule());
  CHECK_THROWS(nlohmann::json("soon").get<meetings::nudge_rule>());
}

TEST_CASE("a school calendar knows its school days", "[meetings][calendar]") {
  meetings::school_calendar cal;
  CHECK(meetings::is_school_day(cal, {2027, 1, 1}));
  cal.terms = {{{2027, 2, 1}, {2027, 4, 16}}};
  cal.holidays = {{{2027, 4, 2}, {2027, 4, 5}}};
  CHECK(meetings::is_school_day(cal, {2027, 2, 1}));
  CHECK_FALSE(meetings::is_school_day(cal, {2027, 1, 31}));
  CHECK_FALSE(meetings::is_school_day(cal, {2027, 4, 5}));
  CHECK(meetings::is_school_day(cal, {2027, 4, 6}));
  const nlohmann::json j = cal;
  CHECK(j["terms"][0] == nlohmann::json{{"first", "2027-02-01"}, {"last", "2027-04-16"}});
  CHECK(j.get<meetings::school_calendar>() == cal);
  const auto one_day = nlohmann::json{{"holidays", {"2027-04-25"}}}.get<meetings::school_calendar>();
  CHECK(one_day.holidays == std::vector<schedule::date_range>{{{2027, 4, 25}, {2027, 4, 25}}});
}

TEST_CASE("a meeting round-trips and its check says what to fix", "[meetings][meeting]") {
  meetings::meeting m;
  m.id = "m3";
  m.tenant = "school";
  m.name = "Years 5-6 syndicate";
  m.plans_for = {{"science"}, {"5", "6"}, "Senior syndicate"};
  m.attendees = {"slack:U1", "console:aroha"};
  m.when.every = schedule::recurrence::cadence::fortnightly;
  m.when.anchor = {2027, 2, 2};
  m.when.weekdays = {2};
  m.when.hour = 8;
  m.when.minute = 15;
  m.when.zone = "Pacific/Auckland";
  m.nudges = {meetings::default_nudge_rule()};
  m.location = "Library workroom";
  m.created_by = "slack:U1";
  m.created_ms = 42;
  CHECK(m.key() == "school/m3");
  CHECK(meetings::check(m).empty());
  const nlohmann::json j = m;
  CHECK(j.get<meetings::meeting>() == m);

  auto bad = m;
  bad.id = "m/3";
  bad.name.clear();
  bad.kind = "party";
  bad.attendees = {"aroha"};
  bad.duration_minutes = 0;
  bad.when.anchor = {};
  bad.when.zone = "NZST";
  const auto problems = meetings::check(bad);
  CHECK(problems.size() == 7);
}
