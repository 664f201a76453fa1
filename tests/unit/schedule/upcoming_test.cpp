#include "schedule/upcoming.hpp"
#include "unit/schedule/utc.hpp"

#include <catch2/catch.hpp>

using namespace commonsbot;
using test::utc;

TEST_CASE("upcoming merges every job's next fires in time order", "[schedule][upcoming]") {
  std::map<std::string, schedule::job, std::less<>> jobs;
  auto add = [&](std::string id, int weekday, int hour, std::string zone) {
    schedule::job j;
    j.id = id;
    j.tenant = "T";
    j.kind = "nudge";
    j.rule.weekdays = {weekday};
    j.rule.hour = hour;
    j.rule.zone = std::move(zone);
    j.next_due_ms = 1;  // scheduled (0 would mean finished)
    jobs.emplace(j.key(), j);
  };
  add("nz", 1, 9, "Pacific/Auckland");  // Monday 09:00 NZDT = Sunday 20:00Z
  add("uk", 1, 9, "Europe/London");     // Monday 09:00 GMT
  const auto fires = schedule::upcoming(jobs, utc(2025, 11, 1, 0, 0), 3);
  REQUIRE(fires.size() == 3);
  CHECK(fires[0].key == "T/nz");
  CHECK(fires[0].utc_ms == utc(2025, 11, 2, 20, 0));
  CHECK(fires[1].key == "T/uk");
  CHECK(fires[1].utc_ms == utc(2025, 11, 3, 9, 0));
  CHECK(schedule::to_iso(fires[2].scheduled) == "2025-11-10T09:00");
  CHECK(fires[2].zone == "Pacific/Auckland");
}
