// iCalendar import: real-world shaped exports (Google, Outlook, a holiday calendar) give the
// exact occurrences, and bad input is reported, never crashed on.
#include "meetings/ics_import.hpp"
#include "schedule/zone.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>

using namespace commonsbot;
using namespace commonsbot::meetings;
using schedule::civil_date;
using schedule::local_time;

namespace {

std::string fixture(const std::string& name) {
  std::ifstream in(std::string(COMMONSBOT_SOURCE_DIR) + "/tests/fixtures/ics/" + name, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

ics_options term1(std::string source = "https://calendar.example/kowhai.ics") {
  ics_options o;
  o.tenant = "T1";
  o.source = std::move(source);
  o.default_zone = "Pacific/Auckland";
  o.from = {2025, 1, 1};
  o.to = {2025, 12, 31};
  return o;
}

local_time at(int y, unsigned m, unsigned d, int hh, int mm) { return local_time{{y, m, d}, hh, mm}; }

std::string all(const std::vector<std::string>& problems) {
  std::string out;
  for (const auto& p : problems) out += p + "\n";
  return out;
}

bool any_contains(const std::vector<std::string>& problems, const std::string& part) {
  for (const auto& p : problems)
    if (p.find(part) != std::string::npos) return true;
  return false;
}

long long utc_minutes(const std::string& zone, const local_time& t) {
  return schedule::zone::find(zone)->to_utc_ms(t) / 60000;
}

}  // namespace

TEST_CASE("a Google export: weekly series with a cancelled and a moved occurrence across the April DST change",
          "[meetings][ics]") {
  const auto r = import_meetings(fixture("google-syndicate.ics"), term1());
  INFO(all(r.problems));
  REQUIRE(r.parsed);
  CHECK(r.problems.empty());
  REQUIRE(r.meetings.size() == 2);  // the all-day event and the cancelled series are not meetings

  const auto& m = r.meetings[0];
  CHECK(m.name == "Years 5-6 syndicate planning");
  CHECK(m.kind == "syndicate");
  CHECK(m.location == "Room 12");
  CHECK(m.duration_minutes == 45);
  CHECK(m.tenant == "T1");
  CHECK(m.source == "https://calendar.example/kowhai.ics");
  CHECK_FALSE(m.school_terms_only);
  CHECK(m.id.rfind("ics-", 0) == 0);
  CHECK(m.id.size() == 14);
  CHECK(m.when.every == schedule::recurrence::cadence::dates);
  CHECK(m.when.zone == "Pacific/Auckland");
  // 18 March is an EXDATE, 8 April moved to Wednesday 9 April 12:30, 22 April cancelled,
  // and UNTIL (20:15 UTC on the 28th) is 08:15 on the 29th in New Zealand.
  const std::vector<local_time> expected{at(2025, 3, 4, 8, 15),  at(2025, 3, 11, 8, 15), at(2025, 3, 25, 8, 15),
                                         at(2025, 4, 1, 8, 15),  at(2025, 4, 9, 12, 30), at(2025, 4, 15, 8, 15),
                                         at(2025, 4, 29, 8, 15)};
  CHECK(m.when.dates == expected);
  CHECK(schedule::check(m.when).empty());
  // Same wall time either side of 6 April: 19:15 UTC in daylight time, 20:15 UTC after.
  CHECK(utc_minutes("Pacific/Auckland", at(2025, 4, 1, 8, 15)) % (24 * 60) == 19 * 60 + 15);
  CHECK(utc_minutes("Pacific/Auckland", at(2025, 4, 15, 8, 15)) % (24 * 60) == 20 * 60 + 15);

  const auto& b = r.meetings[1];
  CHECK(b.name == "Staff briefing");
  CHECK(b.kind == "staff");
  CHECK(b.duration_minutes == 30);
  // 19:00 UTC on 10 March is 08:00 on the 11th in Auckland (daylight time, UTC+13).
  CHECK(b.when.zone == "Pacific/Auckland");
  CHECK(b.when.dates == std::vector<local_time>{at(2025, 3, 11, 8, 0)});
}

TEST_CASE("ids are stable across re-imports and differ between series", "[meetings][ics]") {
  const auto a = import_meetings(fixture("google-syndicate.ics"), term1());
  const auto b = import_meetings(fixture("google-syndicate.ics"), term1("other"));
  REQUIRE(a.meetings.size() == 2);
  REQUIRE(b.meetings.size() == 2);
  CHECK(a.meetings[0].id == b.meetings[0].id);
  CHECK(a.meetings[1].id == b.meetings[1].id);
  CHECK(a.meetings[0].id != a.meetings[1].id);
  CHECK(b.meetings[0].source == "other");
}

TEST_CASE("the horizon keeps only occurrences inside it, including one moved into it", "[meetings][ics]") {
  auto o = term1();
  o.from = {2025, 4, 9};
  o.to = {2025, 4, 20};
  const auto r = import_meetings(fixture("google-syndicate.ics"), o);
  REQUIRE(r.meetings.size() == 1);
  CHECK(r.meetings[0].when.dates == std::vector<local_time>{at(2025, 4, 9, 12, 30), at(2025, 4, 15, 8, 15)});
  o.from = {2026, 1, 1};
  o.to = {2026, 12, 31};
  CHECK(import_meetings(fixture("google-syndicate.ics"), o).meetings.empty());
}

TEST_CASE("an Outlook export: Windows zone names, COUNT and INTERVAL", "[meetings][ics]") {
  const auto r = import_meetings(fixture("outlook-department.ics"), term1());
  REQUIRE(r.parsed);
  REQUIRE(r.meetings.size() == 2);
  const auto& m = r.meetings[1];
  CHECK(m.name == "Science Department meeting");
  CHECK(m.kind == "department");
  CHECK(m.location == "S2 lab");
  CHECK(m.duration_minutes == 60);
  CHECK(m.when.zone == "Pacific/Auckland");
  const std::vector<local_time> expected{at(2025, 3, 27, 15, 30), at(2025, 4, 10, 15, 30), at(2025, 4, 24, 15, 30),
                                         at(2025, 5, 8, 15, 30),  at(2025, 5, 22, 15, 30), at(2025, 6, 5, 15, 30)};
  CHECK(m.when.dates == expected);

  // A zone nobody can place is read in the default zone, and said so.
  const auto& c = r.meetings[0];
  CHECK(c.name == "Faculty heads catch-up");
  CHECK(c.kind == "department");
  CHECK(c.when.zone == "Pacific/Auckland");
  CHECK(c.when.dates == std::vector<local_time>{at(2025, 3, 3, 14, 0)});
  REQUIRE(r.problems.size() == 1);
  CHECK(r.problems[0].find("Customized Time Zone") != std::string::npos);
  CHECK(r.problems[0].find("--zone") != std::string::npos);
}

TEST_CASE("zones written other ways are found", "[meetings][ics]") {
  auto event = [](const std::string& tzid) {
    return "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:z\r\nSUMMARY:Team\r\nDTSTART;TZID=\"" + tzid +
           "\":20250701T090000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
  };
  auto zone_of = [&](const std::string& tzid) {
    const auto r = import_meetings(event(tzid), term1());
    return r.meetings.empty() ? std::string("-") : r.meetings[0].when.zone;
  };
  CHECK(zone_of("Europe/London") == "Europe/London");
  CHECK(zone_of("GMT Standard Time") == "Europe/London");
  CHECK(zone_of("AUS Eastern Standard Time") == "Australia/Sydney");
  CHECK(zone_of("Pacific Standard Time") == "America/Los_Angeles");
  CHECK(zone_of("Eastern Standard Time") == "America/New_York");
  CHECK(zone_of("W. Europe Standard Time") == "Europe/Berlin");
  CHECK(zone_of("UTC") == "Etc/UTC");
  CHECK(zone_of("(UTC+12:00) Auckland, Wellington") == "Pacific/Auckland");
  CHECK(zone_of("/freeassociation.sourceforge.net/Tzfile/Europe/London") == "Europe/London");
}

TEST_CASE("a UTC series keeps its UTC time, so its local time moves with daylight saving", "[meetings][ics]") {
  const std::string text =
      "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:u\r\nSUMMARY:Cluster call\r\nDTSTART:20250331T200000Z\r\n"
      "RRULE:FREQ=WEEKLY;COUNT=2\r\nEXDATE:20250407T200000Z\r\nRDATE:20250414T200000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
  const auto r = import_meetings(text, term1());
  REQUIRE(r.meetings.size() == 1);
  // 31 March 20:00 UTC is 09:00 on 1 April (NZDT); 14 April 20:00 UTC is 08:00 on the 15th (NZST).
  CHECK(r.meetings[0].when.dates == std::vector<local_time>{at(2025, 4, 1, 9, 0), at(2025, 4, 15, 8, 0)});
}

TEST_CASE("an all-day EXDATE removes that day's occurrence", "[meetings][ics]") {
  const std::string text =
      "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:d\r\nSUMMARY:Maths department\r\n"
      "DTSTART;TZID=Europe/London:20250324T160000\r\nRRULE:FREQ=WEEKLY;COUNT=3\r\n"
      "EXDATE;VALUE=DATE:20250331\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
  const auto r = import_meetings(text, term1());
  REQUIRE(r.meetings.size() == 1);
  CHECK(r.meetings[0].when.zone == "Europe/London");
  CHECK(r.meetings[0].when.dates == std::vector<local_time>{at(2025, 3, 24, 16, 0), at(2025, 4, 7, 16, 0)});
}

TEST_CASE("a holiday calendar gives date ranges with DTEND exclusive", "[meetings][ics]") {
  const auto h = import_holidays(fixture("holidays.ics"));
  REQUIRE(h.parsed);
  const std::vector<schedule::date_range> expected{
      {{2025, 4, 12}, {2025, 4, 27}},  // DTEND 28 April: the 27th is the last day
      {{2025, 4, 25}, {2025, 4, 25}},  // no DTEND: the one day
      {{2025, 6, 2}, {2025, 6, 3}},    // DURATION P2D
      {{2025, 6, 20}, {2025, 6, 20}},
  };
  CHECK(h.holidays == expected);
  REQUIRE(h.problems.size() == 1);  // the timed assembly; the cancelled day is just skipped
  CHECK(h.problems[0].find("Opening assembly") != std::string::npos);
  CHECK(h.problems[0].find("all-day") != std::string::npos);
}

TEST_CASE("bad events are reported and skipped, the good ones still come in", "[meetings][ics]") {
  const auto r = import_meetings(fixture("malformed-events.ics"), term1());
  INFO(all(r.problems));
  REQUIRE(r.parsed);
  REQUIRE(r.meetings.size() == 1);
  CHECK(r.meetings[0].name == "Literacy team");
  CHECK(r.meetings[0].duration_minutes == 30);
  CHECK(any_contains(r.problems, "no-start"));
  CHECK(any_contains(r.problems, "bad-start"));
  CHECK(any_contains(r.problems, "could not be read"));
  CHECK(any_contains(r.problems, "every-second"));
  CHECK(any_contains(r.problems, "same UID"));
}

TEST_CASE("text that is not iCalendar, or is cut short, is not parsed and says why", "[meetings][ics]") {
  for (const auto* name : {"malformed-html.ics", "malformed-truncated.ics"}) {
    INFO(name);
    const auto r = import_meetings(fixture(name), term1());
    CHECK_FALSE(r.parsed);
    CHECK(r.meetings.empty());
    REQUIRE_FALSE(r.problems.empty());
    const auto h = import_holidays(fixture(name));
    CHECK_FALSE(h.parsed);
    CHECK(h.holidays.empty());
  }
  CHECK(import_meetings(fixture("malformed-html.ics"), term1()).problems[0].find("not an iCalendar") != std::string::npos);
  CHECK(import_meetings(fixture("malformed-truncated.ics"), term1()).problems[0].find("cut short") != std::string::npos);
  CHECK_FALSE(import_meetings("", term1()).parsed);
}

// ICS_FUZZ_DUMP=FILE keeps the input being tried, so a crash can be reproduced from it.
TEST_CASE("truncated and mangled calendars never crash the importer", "[meetings][ics][fuzz]") {
  std::mt19937 rng(7);
  for (const auto* name : {"google-syndicate.ics", "outlook-department.ics", "holidays.ics", "malformed-events.ics"}) {
    const auto text = fixture(name);
    for (std::size_t cut = 0; cut < text.size(); cut += 37) {
      if (std::getenv("ICS_FUZZ_DUMP")) std::ofstream(std::getenv("ICS_FUZZ_DUMP"), std::ios::binary | std::ios::trunc) << text.substr(0, cut);
      const auto r = import_meetings(std::string_view(text).substr(0, cut), term1());
      if (!r.parsed) CHECK(r.meetings.empty());
      (void)import_holidays(std::string_view(text).substr(0, cut));
    }
    for (int round = 0; round < 150; ++round) {
      auto mangled = text;
      const int flips = 1 + static_cast<int>(rng() % 8);
      for (int i = 0; i < flips; ++i) {
        const auto at = rng() % mangled.size();
        const char pool[] = ":;=\r\n,0123456789TZ\"/-\x01\xff";
        mangled[at] = pool[rng() % (sizeof pool - 1)];
      }
      if (std::getenv("ICS_FUZZ_DUMP")) std::ofstream(std::getenv("ICS_FUZZ_DUMP"), std::ios::binary | std::ios::trunc) << mangled;
      const auto r = import_meetings(mangled, term1());
      for (const auto& m : r.meetings) CHECK_FALSE(m.when.dates.empty());
      (void)import_holidays(mangled);
    }
  }
  SUCCEED("no crash");
}

TEST_CASE("repeat rules have one budget per calendar, however many rules each event has", "[meetings][ics]") {
  // One event with 15 daily rules from 1980 (each about 16,800 steps to reach 2025: under
  // the per-rule limit, 250,000 in all), then an ordinary weekly meeting.
  std::string ics = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:many-rules\r\nSUMMARY:Busy\r\nDTSTART:19800101T090000Z\r\n";
  for (int i = 0; i < 15; ++i) ics += "RRULE:FREQ=DAILY;BYMINUTE=" + std::to_string(i) + "\r\n";
  ics += "END:VEVENT\r\n";
  ics += "BEGIN:VEVENT\r\nUID:weekly\r\nSUMMARY:Syndicate\r\nDTSTART:20250303T020000Z\r\n"
         "RRULE:FREQ=WEEKLY;COUNT=3\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
  const auto r = import_meetings(ics, term1());
  INFO(all(r.problems));
  CHECK(any_contains(r.problems, "repeat more than 200000 times in all"));
  for (const auto& m : r.meetings) CHECK(m.name != "Busy");  // left out whole, not cut short
}
