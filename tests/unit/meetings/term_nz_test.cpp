// A whole NZ term 1 (2027-02-01 .. 2027-04-16) of a weekly Tuesday 08:15 syndicate meeting in
// Auckland, across the end of daylight saving (Sunday 2027-04-04), with a holiday on Tuesday
// 9 March: every nudge goes once, at the right local time, and none for the holiday.
#include "meetings/jobs.hpp"
#include "unit/meetings/term_run.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace commonsbot;
using schedule::civil_date;
using test::utc;

namespace {

meetings::meeting syndicate() {
  meetings::meeting m;
  m.id = "m-syndicate";
  m.tenant = "school";
  m.name = "Years 5-6 syndicate";
  m.when.weekdays = {2};
  m.when.hour = 8;
  m.when.minute = 15;
  m.when.zone = "Pacific/Auckland";
  return m;
}

meetings::school_calendar nz_term1() {
  meetings::school_calendar cal;
  cal.terms = {{{2027, 2, 1}, {2027, 4, 16}}};
  cal.holidays = {{{2027, 3, 9}, {2027, 3, 9}}};
  return cal;
}

std::vector<civil_date> term_tuesdays_but_the_holiday() {
  return {{2027, 2, 2},  {2027, 2, 9},  {2027, 2, 16}, {2027, 2, 23}, {2027, 3, 2},
          {2027, 3, 16}, {2027, 3, 23}, {2027, 3, 30}, {2027, 4, 6},  {2027, 4, 13}};
}

civil_date day_before(civil_date d) { return schedule::civil_from_days(schedule::days_from_civil(d) - 1); }

}  // namespace

TEST_CASE("1d@15:00 before a Tuesday meeting: every Monday 15:00 NZ time of term, once, none in the holiday",
          "[meetings][term]") {
  const auto rule = *meetings::parse_nudge_rule("1d@15:00");
  const auto job = meetings::nudge_job(syndicate(), nz_term1(), rule, 0);
  CHECK(job.id == "nudge-m-syndicate-0");
  CHECK(job.kind == "nudge");
  CHECK(job.payload == nlohmann::json{{"meeting", "m-syndicate"}, {"rule", 0}});
  const auto fires = test::run_term({job}, utc(2027, 1, 20, 0, 0), utc(2027, 5, 1, 0, 0));

  const auto nz = *schedule::zone::find("Pacific/Auckland");
  const auto tuesdays = term_tuesdays_but_the_holiday();
  REQUIRE(fires.size() == tuesdays.size());
  std::set<std::string> ids;
  for (std::size_t i = 0; i < fires.size(); ++i) {
    INFO(fires[i].id);
    ids.insert(fires[i].id);
    const auto local = nz.to_local(fires[i].scheduled_ms);
    CHECK(local.date == day_before(tuesdays[i]));
    CHECK(schedule::iso_weekday(local.date) == 1);
    CHECK(local.hour == 15);
    CHECK(local.minute == 0);
    CHECK(fires[i].at_ms - fires[i].scheduled_ms < 10 * 60'000);  // within one tick
  }
  CHECK(ids.size() == fires.size());
  CHECK(fires.front().id == "nudge-m-syndicate-0@2027-02-01T15:00");
  // Either side of the change: NZDT (+13) on 29 March, NZST (+12) on 5 April.
  CHECK(fires[7].scheduled_ms == utc(2027, 3, 29, 2, 0));
  CHECK(fires[8].scheduled_ms == utc(2027, 4, 5, 3, 0));
  for (const auto& f : fires) CHECK(f.id != "nudge-m-syndicate-0@2027-03-08T15:00");
}

TEST_CASE("2h before a Tuesday 08:15 meeting: every Tuesday 06:15 NZ time of term, once", "[meetings][term]") {
  const auto rule = *meetings::parse_nudge_rule("2h");
  const auto job = meetings::nudge_job(syndicate(), nz_term1(), rule, 1);
  CHECK(job.rule.weekdays == std::vector<int>{2});
  const auto fires = test::run_term({job}, utc(2027, 1, 20, 0, 0), utc(2027, 5, 1, 0, 0));
  const auto nz = *schedule::zone::find("Pacific/Auckland");
  const auto tuesdays = term_tuesdays_but_the_holiday();
  REQUIRE(fires.size() == tuesdays.size());
  for (std::size_t i = 0; i < fires.size(); ++i) {
    const auto local = nz.to_local(fires[i].scheduled_ms);
    CHECK(local.date == tuesdays[i]);
    CHECK(local.hour == 6);
    CHECK(local.minute == 15);
  }
  CHECK(fires[8].scheduled_ms == utc(2027, 4, 5, 18, 15));  // 06:15 NZST on 6 April
}

TEST_CASE("both rules of a meeting run side by side, each once per meeting", "[meetings][term]") {
  const auto jobs = meetings::nudge_jobs(syndicate(), nz_term1(), {*meetings::parse_nudge_rule("1d@15:00"), *meetings::parse_nudge_rule("2h")});
  REQUIRE(jobs.size() == 2);
  CHECK(jobs[1].id == "nudge-m-syndicate-1");
  const auto fires = test::run_term(jobs, utc(2027, 1, 20, 0, 0), utc(2027, 5, 1, 0, 0), std::chrono::minutes(7));
  std::set<std::string> ids;
  for (const auto& f : fires) ids.insert(f.id);
  CHECK(fires.size() == 20);
  CHECK(ids.size() == 20);
}

TEST_CASE("a Monday meeting in the first week of term is nudged on the Sunday before", "[meetings][term]") {
  auto m = syndicate();
  m.id = "m-monday";
  m.when.weekdays = {1};
  m.when.hour = 9;
  m.when.minute = 0;
  auto cal = nz_term1();
  cal.holidays.push_back({{2027, 3, 29}, {2027, 3, 29}});  // Easter Monday
  const auto job = meetings::nudge_job(m, cal, *meetings::parse_nudge_rule("1d@15:00"), 0);
  CHECK(job.rule.weekdays == std::vector<int>{7});
  CHECK(job.rule.within == std::vector<schedule::date_range>{{{2027, 1, 31}, {2027, 4, 15}}});
  const auto fires = test::run_term({job}, utc(2027, 1, 20, 0, 0), utc(2027, 5, 1, 0, 0));
  const auto nz = *schedule::zone::find("Pacific/Auckland");
  REQUIRE(fires.size() == 10);  // the 11 Mondays of term, less Easter Monday
  CHECK(nz.to_local(fires.front().scheduled_ms).date == civil_date{2027, 1, 31});
  CHECK(nz.to_local(fires.back().scheduled_ms).date == civil_date{2027, 4, 11});
  for (const auto& f : fires) {
    const auto local = nz.to_local(f.scheduled_ms);
    CHECK(schedule::iso_weekday(local.date) == 7);
    CHECK(local.hour == 15);
    CHECK(local.date != civil_date{2027, 3, 28});  // Easter Monday's nudge
  }
}

TEST_CASE("a meeting outside the school calendar ignores terms, holidays still skip with terms_only",
          "[meetings][jobs]") {
  auto m = syndicate();
  const auto cal = nz_term1();
  auto r = meetings::effective_rule(m, cal);
  CHECK(r.within == cal.terms);
  CHECK(r.except == std::vector<civil_date>{{2027, 3, 9}});
  m.school_terms_only = false;
  CHECK(meetings::effective_rule(m, cal) == m.when);
  m.school_terms_only = true;
  meetings::school_calendar holidays_only;
  holidays_only.holidays = {{{2027, 4, 17}, {2027, 4, 19}}};
  r = meetings::effective_rule(m, holidays_only);
  CHECK(r.within.empty());
  CHECK(r.except.size() == 3);
}
