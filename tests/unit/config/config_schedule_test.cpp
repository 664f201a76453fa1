// tenants[].time_zone / calendar / nudges / meetings / calendars and the top-level "schedule".
#include "config/config.hpp"
#include "config_support.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <fstream>

using namespace commonsbot;
using config_test::load;
using config_test::reported;

TEST_CASE("the example config's school calendar, rules and meeting are read", "[app][config][schedule]") {
  auto r = config::load_config(std::string(COMMONSBOT_SOURCE_DIR) + "/config/commonsbot.example.json");
  REQUIRE(r.ok());
  const auto& t = r.cfg.tenants.at(0);
  CHECK(t.time_zone == "Pacific/Auckland");
  CHECK(t.calendar.terms.size() == 5);
  CHECK(t.nudge_rules == std::vector<meetings::nudge_rule>{meetings::default_nudge_rule()});
  REQUIRE(t.meetings.size() == 1);
  const auto& m = t.meetings[0];
  CHECK(m.key() == "console/m-syndicate");
  CHECK(m.source == "config");
  CHECK(m.when.zone == "Pacific/Auckland");
  CHECK(m.when.weekdays == std::vector<int>{2});
  CHECK(m.nudges.size() == 2);
  CHECK(m.nudges[1].teachers);
  CHECK(r.cfg.schedule.lateness_minutes == 360);
}

TEST_CASE("every scheduling key is read into the tenant", "[app][config][schedule]") {
  test::temp_dir dir;
  std::ofstream(dir / "holidays.ics") << "BEGIN:VCALENDAR\nEND:VCALENDAR\n";
  std::ofstream(dir / "staff.ics") << "BEGIN:VCALENDAR\nEND:VCALENDAR\n";
  auto r = load(dir, R"({
    "schedule": {"lateness_minutes": 90},
    "tenants": [{
      "id": "school",
      "time_zone": "Europe/London",
      "calendar": {"terms": [{"first": "2026-09-02", "last": "2026-10-23"}],
                   "holidays": ["2026-09-21", {"first": "2026-10-01", "last": "2026-10-02"}],
                   "holidays_ics": ")" + (dir / "holidays.ics").string() + R"("},
      "nudges": ["1d@15:00", {"rule": "2h", "teachers": true}],
      "meetings": [
        {"id": "m-english", "name": "English department", "kind": "department",
         "learning_areas": ["english"], "year_levels": [9, "10"], "team": "English",
         "attendees": ["slack:U1", "slack:U2"], "every": "fortnightly", "weekdays": ["Wednesday", 5],
         "anchor": "2026-09-02", "time": "15:45", "zone": "Europe/Dublin", "terms_only": false,
         "location": "Room 12", "duration_minutes": 50, "nudges": ["0d@08:00"]},
        {"id": "m-staff", "name": "Staff briefing", "kind": "staff", "weekdays": ["mon"], "time": "08:00"}
      ],
      "calendars": [{"url": "https://example.org/staff.ics", "refresh_minutes": 60, "zone": "Europe/London"},
                    {"url": ")" + (dir / "staff.ics").string() + R"("}]
    }]
  })");
  for (const auto& p : r.problems) INFO(p.to_string());
  REQUIRE(r.problems.empty());
  CHECK(r.cfg.schedule.lateness_minutes == 90);
  const auto& t = r.cfg.tenants.at(0);
  CHECK(t.time_zone == "Europe/London");
  CHECK(t.calendar.terms == std::vector<schedule::date_range>{{{2026, 9, 2}, {2026, 10, 23}}});
  CHECK(t.calendar.holidays == std::vector<schedule::date_range>{{{2026, 9, 21}, {2026, 9, 21}}, {{2026, 10, 1}, {2026, 10, 2}}});
  CHECK(t.holidays_ics == (dir / "holidays.ics").string());
  REQUIRE(t.nudge_rules.size() == 2);
  CHECK(t.nudge_rules[1].minutes == 120);
  CHECK(t.nudge_rules[1].teachers);
  REQUIRE(t.meetings.size() == 2);
  const auto& e = t.meetings[0];
  CHECK(e.tenant == "school");
  CHECK(e.kind == "department");
  CHECK(e.plans_for.year_levels == std::vector<std::string>{"9", "10"});
  CHECK(e.attendees.size() == 2);
  CHECK(e.when.every == schedule::recurrence::cadence::fortnightly);
  CHECK(e.when.weekdays == std::vector<int>{3, 5});
  CHECK(e.when.anchor == schedule::civil_date{2026, 9, 2});
  CHECK(e.when.hour == 15);
  CHECK(e.when.minute == 45);
  CHECK(e.when.zone == "Europe/Dublin");
  CHECK_FALSE(e.school_terms_only);
  CHECK(e.location == "Room 12");
  CHECK(e.duration_minutes == 50);
  CHECK(e.nudges.at(0).days == 0);
  const auto& s = t.meetings[1];
  CHECK(s.when.zone == "Europe/London");  // the school's
  CHECK(s.school_terms_only);
  CHECK(s.nudges.empty());  // the school's rules apply
  CHECK(s.attendees.empty());
  REQUIRE(t.calendars.size() == 2);
  CHECK(t.calendars[0].refresh_minutes == 60);
  CHECK(t.calendars[1].refresh_minutes == 360);
  CHECK(t.calendars[1].zone == "Europe/London");
}

TEST_CASE("scheduling problems name their path and say what to write", "[app][config][schedule]") {
  test::temp_dir dir;
  auto r = load(dir, R"({
    "schedule": {"lateness_minutes": -5},
    "tenants": [{
      "id": "school",
      "time_zone": "NZST",
      "calendar": {"terms": [{"first": "1 Feb", "last": "2027-04-16"}, {"first": "2027-07-02", "last": "2027-05-03"},
                             {"first": "2027-07-19"}],
                   "holidays": ["2027-02-30"], "holidays_ics": "/no/such/holidays.ics", "colour": "red"},
      "nudges": ["2 hours", {"rule": "1d@25:00"}, {"teachers": "yes", "rule": "2h"}],
      "meetings": [
        {"id": "m1", "name": "Syndicate", "weekdays": ["tue"], "time": "8.15am", "zone": "Pacific/Auckland"},
        {"id": "m1", "name": "Again", "weekdays": ["tue"], "time": "08:15", "zone": "Pacific/Auckland"},
        {"id": "m/2", "name": "", "kind": "party", "weekdays": ["someday", 9], "time": "08:15", "zone": "Mars/Base",
         "every": "monthly", "attendees": ["aroha"], "duration_minutes": 0, "terms_only": "yes"},
        {"id": "m3", "name": "Fortnightly", "every": "fortnightly", "weekdays": [2], "time": "09:00", "zone": "UTC"},
        {"id": "m4", "name": "No time or days", "zone": "UTC"},
        "not a meeting"
      ],
      "calendars": [{"url": "ftp-ish", "zone": "Nowhere"}, {"url": "http://example.org/x.ics", "zone": "UTC", "refresh_minutes": 1}, {}]
    }, {
      "id": "zoneless",
      "meetings": [{"id": "m1", "name": "Same id, other school", "weekdays": ["mon"], "time": "09:00"}]
    }]
  })");
  for (const auto& p : r.problems) INFO(p.to_string());
  CHECK_FALSE(r.ok());
  CHECK(reported(r.problems, "/schedule/lateness_minutes", "between 0 and 10080"));
  CHECK(reported(r.problems, "/tenants/0/time_zone", "\"NZST\" is not a time zone we know; write an IANA name"));
  CHECK(reported(r.problems, "/tenants/0/calendar/terms/0/first", "\"1 Feb\" is not a date; write YYYY-MM-DD"));
  CHECK(reported(r.problems, "/tenants/0/calendar/terms/1/last", "ends before it starts"));
  CHECK(reported(r.problems, "/tenants/0/calendar/terms/2", "write {\"first\""));
  CHECK(reported(r.problems, "/tenants/0/calendar/holidays/0", "is not a date"));
  CHECK(reported(r.problems, "/tenants/0/calendar/holidays_ics", "cannot read"));
  CHECK(reported(r.problems, "/tenants/0/calendar/colour", "unknown key", flows::problem::severity::warning));
  CHECK(reported(r.problems, "/tenants/0/nudges/0", "\"2 hours\" is not a nudge rule; write \"1d@15:00\""));
  CHECK(reported(r.problems, "/tenants/0/nudges/1/rule", "is not a nudge rule"));
  CHECK(reported(r.problems, "/tenants/0/nudges/2/teachers", "true or false"));
  CHECK(reported(r.problems, "/tenants/0/meetings/0/time", "\"8.15am\" is not a time; write HH:MM, e.g. 08:15"));
  CHECK(reported(r.problems, "/tenants/0/meetings/1/id", "\"m1\" appears twice"));
  CHECK(reported(r.problems, "/tenants/0/meetings/2/id", "no spaces, '/' or '@'"));
  CHECK(reported(r.problems, "/tenants/0/meetings/2/name", "missing"));
  CHECK(reported(r.problems, "/tenants/0/meetings/2/kind", "syndicate, department, staff or other"));
  CHECK(reported(r.problems, "/tenants/0/meetings/2/weekdays/0", "not a weekday; write mon..sun"));
  CHECK(reported(r.problems, "/tenants/0/meetings/2/weekdays/1", "not a weekday"));
  CHECK(reported(r.problems, "/tenants/0/meetings/2/zone", "\"Mars/Base\" is not a time zone"));
  CHECK(reported(r.problems, "/tenants/0/meetings/2/every", "weekly or fortnightly"));
  CHECK(reported(r.problems, "/tenants/0/meetings/2/attendees/0", "write platform:user id"));
  CHECK(reported(r.problems, "/tenants/0/meetings/2/duration_minutes", "between 1 and 1440"));
  CHECK(reported(r.problems, "/tenants/0/meetings/2/terms_only", "true"));
  CHECK(reported(r.problems, "/tenants/0/meetings/3/anchor", "needs any date in a week it meets"));
  CHECK(reported(r.problems, "/tenants/0/meetings/4/time", "missing"));
  CHECK(reported(r.problems, "/tenants/0/meetings/4/weekdays", "missing"));
  CHECK(reported(r.problems, "/tenants/0/meetings/5", "must be a meeting"));
  CHECK(reported(r.problems, "/tenants/0/calendars/0/url", "cannot read \"ftp-ish\""));
  CHECK(reported(r.problems, "/tenants/0/calendars/0/zone", "\"Nowhere\" is not a time zone"));
  CHECK(reported(r.problems, "/tenants/0/calendars/1/url", "https://", flows::problem::severity::warning));
  CHECK(reported(r.problems, "/tenants/0/calendars/1/refresh_minutes", "between 5 and 10080"));
  CHECK(reported(r.problems, "/tenants/0/calendars/2/url", "missing"));
  CHECK(reported(r.problems, "/tenants/1/meetings/0/zone", "here or as the school's time_zone"));
  CHECK_FALSE(reported(r.problems, "/tenants/1/meetings/0/id", "twice"));  // ids are per school
  // Only the meetings with no problems are kept.
  CHECK(r.cfg.tenants.at(0).meetings.empty());
}
