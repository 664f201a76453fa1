#include "schedule/zone.hpp"
#include "unit/schedule/utc.hpp"

#include <catch2/catch.hpp>

using namespace commonsbot;
using schedule::local_time;
using test::utc;

TEST_CASE("zones come from the system zoneinfo by IANA name", "[schedule][zone]") {
  CHECK(schedule::zone::find("Pacific/Auckland"));
  CHECK(schedule::zone::find("Europe/London")->name() == "Europe/London");
  CHECK_FALSE(schedule::zone::find("Middle/Earth"));
  CHECK_FALSE(schedule::zone::find("NZST"));
}

TEST_CASE("a wall time that does not exist moves to the first minute after the gap", "[schedule][zone]") {
  const auto nz = *schedule::zone::find("Pacific/Auckland");
  // 2025-09-28: clocks go from 02:00 NZST to 03:00 NZDT (+13).
  CHECK(nz.to_utc_ms({{2025, 9, 28}, 2, 30}) == utc(2025, 9, 27, 14, 0));
  CHECK(nz.to_utc_ms({{2025, 9, 28}, 3, 0}) == utc(2025, 9, 27, 14, 0));
  const auto uk = *schedule::zone::find("Europe/London");
  // 2025-03-30: clocks go from 01:00 GMT to 02:00 BST.
  CHECK(uk.to_utc_ms({{2025, 3, 30}, 1, 30}) == utc(2025, 3, 30, 1, 0));
}

TEST_CASE("a wall time that happens twice is its first occurrence", "[schedule][zone]") {
  const auto nz = *schedule::zone::find("Pacific/Auckland");
  // 2025-04-06: 03:00 NZDT back to 02:00 NZST; 02:30 is first at +13.
  CHECK(nz.to_utc_ms({{2025, 4, 6}, 2, 30}) == utc(2025, 4, 5, 13, 30));
  const auto uk = *schedule::zone::find("Europe/London");
  // 2025-10-26: 02:00 BST back to 01:00 GMT; 01:30 is first at +1.
  CHECK(uk.to_utc_ms({{2025, 10, 26}, 1, 30}) == utc(2025, 10, 26, 0, 30));
}

TEST_CASE("UTC instants read back as local wall time, both sides of a change", "[schedule][zone]") {
  const auto nz = *schedule::zone::find("Pacific/Auckland");
  CHECK(nz.to_local(utc(2025, 4, 5, 13, 30)) == local_time{{2025, 4, 6}, 2, 30});
  CHECK(nz.to_local(utc(2025, 4, 5, 14, 30)) == local_time{{2025, 4, 6}, 2, 30});  // the repeat
  CHECK(nz.to_local(utc(2025, 9, 27, 14, 0)) == local_time{{2025, 9, 28}, 3, 0});
  CHECK(nz.to_local(utc(2025, 12, 31, 11, 0) + 59'999) == local_time{{2026, 1, 1}, 0, 0});
}

TEST_CASE("civil dates step, parse and name their weekday", "[schedule][zone]") {
  using schedule::civil_date;
  CHECK(schedule::iso_weekday({2025, 9, 28}) == 7);  // a Sunday
  CHECK(schedule::iso_weekday({1970, 1, 1}) == 4);
  CHECK(schedule::civil_from_days(schedule::days_from_civil({2024, 2, 28}) + 1) == civil_date{2024, 2, 29});
  CHECK(schedule::parse_date("2025-02-03") == civil_date{2025, 2, 3});
  CHECK_FALSE(schedule::parse_date("2025-02-30"));
  CHECK_FALSE(schedule::parse_date("2025-2-3"));
  CHECK(schedule::to_iso(local_time{{2025, 9, 28}, 2, 30}) == "2025-09-28T02:30");
  CHECK_FALSE(schedule::parse_time_of_day("24:00"));
}
