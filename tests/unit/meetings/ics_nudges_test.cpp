// From a Google Calendar export to the nudges it causes, end to end: the .ics goes through
// import_meetings, its meetings through nudge_jobs (the day before at 15:00, and 2 hours
// before), and the jobs through the real scheduler over an in-memory store with a manual
// clock and a restart halfway (term_run.hpp). The fire list must be exact: one nudge per rule
// before each occurrence, none for the EXDATE or the STATUS:CANCELLED override, and the
// moved occurrence nudged from its NEW date and time, on either side of the April 2025
// daylight-saving change in Pacific/Auckland (NZDT +13 until Sunday 6 April, NZST +12 after).
#include "meetings/ics_import.hpp"
#include "meetings/jobs.hpp"
#include "unit/meetings/term_run.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <tuple>

using namespace commonsbot;
using test::utc;

namespace {

std::string ics_fixture(const std::string& name) {
  std::ifstream in(std::string(COMMONSBOT_SOURCE_DIR) + "/tests/fixtures/ics/" + name, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

struct expected_fire {
  std::string id;
  long long utc_ms = 0;
};

std::string show(const std::vector<test::fired>& fires) {
  std::string out;
  for (const auto& f : fires) out += f.id + " at " + std::to_string(f.scheduled_ms) + "\n";
  return out;
}

}  // namespace

TEST_CASE("an .ics export's recurring meeting, with a cancelled and a moved occurrence, nudges exactly right",
          "[meetings][ics][term]") {
  meetings::ics_options opts;
  opts.tenant = "T1";
  opts.source = "tests/fixtures/ics/google-syndicate.ics";
  opts.default_zone = "Pacific/Auckland";
  opts.from = {2025, 1, 1};
  opts.to = {2025, 12, 31};
  const auto imported = meetings::import_meetings(ics_fixture("google-syndicate.ics"), opts);
  REQUIRE(imported.parsed);
  REQUIRE(imported.meetings.size() == 2);  // the syndicate series and the one-off staff briefing
  const auto& syndicate = imported.meetings[0];
  const auto& briefing = imported.meetings[1];
  REQUIRE(syndicate.name == "Years 5-6 syndicate planning");
  REQUIRE(briefing.name == "Staff briefing");

  // Imported meetings ignore the school calendar (the calendar already says when they are),
  // so an empty one changes nothing; a full one is what serve would pass.
  const meetings::school_calendar calendar;
  const std::vector<meetings::nudge_rule> rules{*meetings::parse_nudge_rule("1d@15:00"), *meetings::parse_nudge_rule("2h")};
  std::vector<schedule::job> jobs;
  for (const auto& m : imported.meetings)
    for (auto& j : meetings::nudge_jobs(m, calendar, rules)) jobs.push_back(std::move(j));
  REQUIRE(jobs.size() == 4);

  const auto fires = test::run_term(jobs, utc(2025, 2, 20, 0, 0), utc(2025, 5, 10, 0, 0), std::chrono::minutes(5));

  const std::string s0 = "nudge-" + syndicate.id + "-0@", s1 = "nudge-" + syndicate.id + "-1@";
  const std::string b0 = "nudge-" + briefing.id + "-0@", b1 = "nudge-" + briefing.id + "-1@";
  std::vector<expected_fire> expected{
      // Daylight time (UTC+13): Monday 15:00 is 02:00Z, Tuesday 06:15 is 17:15Z the day before.
      {s0 + "2025-03-03T15:00", utc(2025, 3, 3, 2, 0)},
      {s1 + "2025-03-04T06:15", utc(2025, 3, 3, 17, 15)},
      {s0 + "2025-03-10T15:00", utc(2025, 3, 10, 2, 0)},
      {b0 + "2025-03-10T15:00", utc(2025, 3, 10, 2, 0)},  // the briefing, Tuesday 08:00
      {b1 + "2025-03-11T06:00", utc(2025, 3, 10, 17, 0)},
      {s1 + "2025-03-11T06:15", utc(2025, 3, 10, 17, 15)},
      // 18 March is an EXDATE: nothing on the 17th or the 18th.
      {s0 + "2025-03-24T15:00", utc(2025, 3, 24, 2, 0)},
      {s1 + "2025-03-25T06:15", utc(2025, 3, 24, 17, 15)},
      {s0 + "2025-03-31T15:00", utc(2025, 3, 31, 2, 0)},
      {s1 + "2025-04-01T06:15", utc(2025, 3, 31, 17, 15)},
      // Standard time (UTC+12) from 6 April. Tuesday 8 April moved to Wednesday 9 April 12:30:
      // the day before is Tuesday 15:00, two hours before is 10:30 on the Wednesday.
      {s0 + "2025-04-08T15:00", utc(2025, 4, 8, 3, 0)},
      {s1 + "2025-04-09T10:30", utc(2025, 4, 8, 22, 30)},
      {s0 + "2025-04-14T15:00", utc(2025, 4, 14, 3, 0)},
      {s1 + "2025-04-15T06:15", utc(2025, 4, 14, 18, 15)},
      // 22 April is cancelled by a STATUS:CANCELLED override: nothing on the 21st or 22nd.
      // UNTIL=20250428T201500Z is 08:15 on the 29th in Auckland, so that one still counts.
      {s0 + "2025-04-28T15:00", utc(2025, 4, 28, 3, 0)},
      {s1 + "2025-04-29T06:15", utc(2025, 4, 28, 18, 15)},
  };

  auto got = fires;
  std::sort(got.begin(), got.end(),
            [](const test::fired& a, const test::fired& b) { return std::tie(a.scheduled_ms, a.id) < std::tie(b.scheduled_ms, b.id); });
  INFO("fired:\n" << show(got));
  REQUIRE(got.size() == expected.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    INFO("fire " << i);
    CHECK(got[i].id == expected[i].id);
    CHECK(got[i].scheduled_ms == expected[i].utc_ms);
    CHECK(got[i].at_ms >= got[i].scheduled_ms);
    CHECK(got[i].at_ms - got[i].scheduled_ms < 5 * 60'000);  // within one tick of the clock
  }

  // Belt and braces for the three exceptions: no fire planned from the old dates.
  for (const auto* gone : {"2025-03-17T15:00", "2025-03-18T06:15",   // EXDATE
                           "2025-04-07T15:00", "2025-04-08T06:15",   // moved away from 8 April
                           "2025-04-21T15:00", "2025-04-22T06:15"})  // cancelled override
    for (const auto& f : fires) CHECK(f.id.substr(f.id.find('@') + 1) != gone);
}

TEST_CASE("an .ics meeting's nudges keep the school calendar out of it and the whole cancelled series silent",
          "[meetings][ics][term]") {
  meetings::ics_options opts;
  opts.tenant = "T1";
  opts.source = "google";
  opts.default_zone = "Pacific/Auckland";
  opts.from = {2025, 1, 1};
  opts.to = {2025, 12, 31};
  const auto imported = meetings::import_meetings(ics_fixture("google-syndicate.ics"), opts);
  REQUIRE(imported.meetings.size() == 2);
  for (const auto& m : imported.meetings) CHECK(m.name != "Old reading group");  // STATUS:CANCELLED series

  // A school calendar with the April holidays: an imported meeting is not terms-only, so the
  // 15 April meeting (in those holidays) is still nudged — the calendar export already says
  // it happens.
  meetings::school_calendar cal;
  cal.terms = {{{2025, 2, 3}, {2025, 4, 11}}};
  cal.holidays = {{{2025, 4, 12}, {2025, 4, 27}}};
  const auto jobs = meetings::nudge_jobs(imported.meetings[0], cal, {*meetings::parse_nudge_rule("1d@15:00")});
  REQUIRE(jobs.size() == 1);
  const auto fires = test::run_term(jobs, utc(2025, 2, 20, 0, 0), utc(2025, 5, 10, 0, 0));
  CHECK(fires.size() == 7);
  CHECK(std::any_of(fires.begin(), fires.end(), [](const test::fired& f) { return f.id.find("@2025-04-14T15:00") != std::string::npos; }));
}
