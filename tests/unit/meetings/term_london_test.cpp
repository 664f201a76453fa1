// An English autumn: two half-terms (2026-09-02 .. 10-23 and 11-02 .. 12-18) with half term
// between, across the end of British Summer Time (Sunday 2026-10-25), and a fortnightly
// meeting, and a meeting from an imported list of dates.
#include "meetings/jobs.hpp"
#include "unit/meetings/term_run.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace commonsbot;
using schedule::civil_date;
using test::utc;

namespace {

meetings::school_calendar autumn() {
  meetings::school_calendar cal;
  cal.terms = {{{2026, 9, 2}, {2026, 10, 23}}, {{2026, 11, 2}, {2026, 12, 18}}};
  return cal;
}

meetings::meeting department(std::vector<int> days) {
  meetings::meeting m;
  m.id = "m-english";
  m.tenant = "school";
  m.name = "English department";
  m.kind = "department";
  m.when.weekdays = std::move(days);
  m.when.hour = 8;
  m.when.minute = 15;
  m.when.zone = "Europe/London";
  return m;
}

}  // namespace

TEST_CASE("a London term of Tuesday meetings, nudged the day before at 15:00 across the October change",
          "[meetings][term]") {
  const auto job = meetings::nudge_job(department({2}), autumn(), *meetings::parse_nudge_rule("1d@15:00"), 0);
  const auto fires = test::run_term({job}, utc(2026, 8, 20, 0, 0), utc(2027, 1, 10, 0, 0));
  const auto uk = *schedule::zone::find("Europe/London");
  // Tuesdays 8 Sep .. 20 Oct (7; 1 Sep is before term) and 3 Nov .. 15 Dec (7).
  REQUIRE(fires.size() == 14);
  std::set<std::string> ids;
  for (const auto& f : fires) {
    ids.insert(f.id);
    const auto local = uk.to_local(f.scheduled_ms);
    CHECK(schedule::iso_weekday(local.date) == 1);
    CHECK(local.hour == 15);
    CHECK(local.minute == 0);
    CHECK_FALSE((civil_date{2026, 10, 24} <= local.date && local.date <= civil_date{2026, 11, 1}));  // half term
  }
  CHECK(ids.size() == 14);
  CHECK(fires.front().id == "nudge-m-english-0@2026-09-07T15:00");
  CHECK(fires[6].scheduled_ms == utc(2026, 10, 19, 14, 0));  // BST
  CHECK(fires[7].id == "nudge-m-english-0@2026-11-02T15:00");
  CHECK(fires[7].scheduled_ms == utc(2026, 11, 2, 15, 0));  // GMT
  CHECK(fires.back().id == "nudge-m-english-0@2026-12-14T15:00");
}

TEST_CASE("a fortnightly Monday meeting keeps its weeks when nudged on the Sunday", "[meetings][jobs]") {
  auto m = department({1});
  m.when.every = schedule::recurrence::cadence::fortnightly;
  m.when.anchor = {2026, 9, 9};  // a Wednesday in an "on" week: Monday 7 September meets
  const auto job = meetings::nudge_job(m, autumn(), *meetings::parse_nudge_rule("1d@15:00"), 0);
  CHECK(job.rule.weekdays == std::vector<int>{7});
  const auto fires = test::run_term({job}, utc(2026, 8, 20, 0, 0), utc(2026, 10, 24, 0, 0));
  const auto uk = *schedule::zone::find("Europe/London");
  std::vector<civil_date> days;
  for (const auto& f : fires) days.push_back(uk.to_local(f.scheduled_ms).date);
  // Meetings Mon 7 Sep, 21 Sep, 5 Oct, 19 Oct: nudges the Sundays before.
  CHECK(days == std::vector<civil_date>{{2026, 9, 6}, {2026, 9, 20}, {2026, 10, 4}, {2026, 10, 18}});
}

TEST_CASE("an imported list of dates is filtered by the calendar, then moved by the rule", "[meetings][jobs]") {
  meetings::meeting m = department({});
  m.id = "ics-1a2b";
  m.when.every = schedule::recurrence::cadence::dates;
  m.when.dates = {{{2026, 9, 1}, 8, 15},     // before term: no nudge
                  {{2026, 9, 8}, 0, 30},     // 2h before crosses midnight
                  {{2026, 10, 27}, 8, 15},   // half term: no nudge
                  {{2026, 11, 3}, 16, 0}};
  auto cal = autumn();
  const auto before = meetings::nudge_job(m, cal, *meetings::parse_nudge_rule("2h"), 0);
  CHECK(before.rule.within.empty());
  CHECK(before.rule.except.empty());
  CHECK(before.rule.dates == std::vector<schedule::local_time>{{{2026, 9, 7}, 22, 30}, {{2026, 11, 3}, 14, 0}});
  const auto day_before = meetings::nudge_job(m, cal, *meetings::parse_nudge_rule("1d@15:00"), 1);
  CHECK(day_before.rule.dates == std::vector<schedule::local_time>{{{2026, 9, 7}, 15, 0}, {{2026, 11, 2}, 15, 0}});
  const auto fires = test::run_term({before, day_before}, utc(2026, 8, 20, 0, 0), utc(2026, 12, 1, 0, 0));
  CHECK(fires.size() == 4);
}
