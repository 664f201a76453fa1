#include "meetings/jobs.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace commonsbot;

namespace {

meetings::meeting weekly() {
  meetings::meeting m;
  m.id = "m1";
  m.tenant = "school";
  m.name = "Staff meeting";
  m.kind = "staff";
  m.when.weekdays = {3};
  m.when.hour = 15;
  m.when.minute = 30;
  m.when.zone = "Pacific/Auckland";
  return m;
}

}  // namespace

TEST_CASE("rules move weekdays, terms and holidays by the same days", "[meetings][jobs]") {
  auto m = weekly();
  m.when.weekdays = {1, 3};
  meetings::school_calendar cal;
  cal.terms = {{{2027, 2, 1}, {2027, 4, 16}}};
  cal.holidays = {{{2027, 2, 8}, {2027, 2, 9}}};
  const auto j = meetings::nudge_job(m, cal, *meetings::parse_nudge_rule("2d@08:00"), 0);
  CHECK(j.rule.weekdays == std::vector<int>{6, 1});
  CHECK(j.rule.hour == 8);
  CHECK(j.rule.within == std::vector<schedule::date_range>{{{2027, 1, 30}, {2027, 4, 14}}});
  CHECK(j.rule.except == std::vector<schedule::civil_date>{{2027, 2, 6}, {2027, 2, 7}});
  const auto same_day = meetings::nudge_job(m, cal, *meetings::parse_nudge_rule("90m"), 0);
  CHECK(same_day.rule.weekdays == m.when.weekdays);
  CHECK(same_day.rule.hour == 14);
  CHECK(same_day.rule.minute == 0);
  CHECK(same_day.rule.except == std::vector<schedule::civil_date>{{2027, 2, 8}, {2027, 2, 9}});
}

TEST_CASE("a plan's reflect job is its end date at 15:00", "[meetings][jobs]") {
  const auto j = meetings::reflect_job("school", "p7", "2027-03-26", "Pacific/Auckland");
  CHECK(j.id == "reflect-p7");
  CHECK(j.kind == "reflect");
  CHECK(j.payload == nlohmann::json{{"plan", "p7"}});
  CHECK(schedule::check(j).empty());
  REQUIRE(j.rule.dates.size() == 1);
  CHECK(schedule::to_iso(j.rule.dates[0]) == "2027-03-26T15:00");
  CHECK_FALSE(schedule::check(meetings::reflect_job("school", "p8", "someday", "Pacific/Auckland")).empty());
}

TEST_CASE("diff puts new and changed jobs, keeps progress, removes the gone, leaves other kinds",
          "[meetings][jobs]") {
  const auto m = weekly();
  const meetings::school_calendar cal;
  auto kept = meetings::nudge_job(m, cal, meetings::default_nudge_rule(), 0);
  kept.last_fire_id = "nudge-m1-0@2027-03-02T15:00";
  kept.next_due_ms = 123;
  kept.next_local = "2027-03-09T15:00";
  auto renamed = kept;  // same times, payload changed
  renamed.id = "nudge-m1-1";
  auto gone = kept;
  gone.id = "nudge-m9-0";
  auto other_school = gone;
  other_school.tenant = "elsewhere";
  schedule::job message;
  message.id = "hello";
  message.tenant = "school";
  message.kind = "message";
  message.rule = m.when;

  std::map<std::string, schedule::job, std::less<>> existing;
  for (const auto& j : {kept, renamed, gone, other_school, message}) existing.emplace(j.key(), j);

  auto wanted_renamed = meetings::nudge_job(m, cal, meetings::default_nudge_rule(), 1);
  wanted_renamed.payload["extra"] = true;
  auto moved = meetings::nudge_job(m, cal, *meetings::parse_nudge_rule("2h"), 0);
  const auto fresh = meetings::reflect_job("school", "p1", "2027-04-01", "Pacific/Auckland");

  SECTION("unchanged jobs are left alone") {
    const auto none = meetings::diff(existing, {meetings::nudge_job(m, cal, meetings::default_nudge_rule(), 0)}, "school");
    CHECK(none.put.empty());
    CHECK(none.remove == std::vector<std::string>{"school/nudge-m1-1", "school/nudge-m9-0"});
  }
  SECTION("changed rule, changed payload, new job") {
    const auto c = meetings::diff(existing, {moved, wanted_renamed, fresh}, "school");
    REQUIRE(c.put.size() == 3);
    CHECK(c.put[0].rule == moved.rule);
    CHECK(c.put[0].last_fire_id.empty());  // rescheduled: the scheduler plans it afresh
    CHECK(c.put[1].payload["extra"] == true);
    CHECK(c.put[1].last_fire_id == kept.last_fire_id);  // progress kept
    CHECK(c.put[1].next_due_ms == 123);
    CHECK(c.put[1].next_local == "2027-03-09T15:00");
    CHECK(c.put[2].id == "reflect-p1");
    CHECK(c.remove == std::vector<std::string>{"school/nudge-m9-0"});
  }
}
