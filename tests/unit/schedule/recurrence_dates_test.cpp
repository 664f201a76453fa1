// cadence::dates: a list of wall times (an imported calendar's expanded occurrences, a plan's
// end date), each converted in the zone as it comes, with the same gap and overlap rules.
#include "schedule/recurrence.hpp"
#include "unit/schedule/utc.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace commonsbot;
using schedule::civil_date;
using schedule::local_time;
using test::utc;

namespace {

schedule::recurrence listed(std::vector<local_time> dates, std::string zone) {
  schedule::recurrence r;
  r.every = schedule::recurrence::cadence::dates;
  r.dates = std::move(dates);
  r.zone = std::move(zone);
  return r;
}

}  // namespace

TEST_CASE("a list of dates fires at each listed wall time, in order, then stops", "[schedule][recurrence][dates]") {
  // Either side of Auckland's April 2027 change (NZDT +13 until 4 April, then NZST +12).
  const auto r = listed({{{2027, 3, 2}, 15, 30}, {{2027, 4, 6}, 8, 15}, {{2027, 4, 13}, 16, 0}}, "Pacific/Auckland");
  REQUIRE(schedule::check(r).empty());
  const auto nz = *schedule::zone::find(r.zone);
  const auto a = schedule::next_after(r, nz, utc(2027, 1, 1, 0, 0));
  REQUIRE(a);
  CHECK(a->utc_ms == utc(2027, 3, 2, 2, 30));
  const auto b = schedule::next_after(r, nz, a->utc_ms);
  REQUIRE(b);
  CHECK(b->utc_ms == utc(2027, 4, 5, 20, 15));
  CHECK(b->scheduled == local_time{{2027, 4, 6}, 8, 15});
  const auto c = schedule::next_after(r, nz, b->utc_ms);
  REQUIRE(c);
  CHECK(c->utc_ms == utc(2027, 4, 13, 4, 0));
  CHECK_FALSE(schedule::next_after(r, nz, c->utc_ms));
  // From the middle: the first strictly after.
  CHECK(schedule::next_after(r, nz, a->utc_ms - 1)->utc_ms == a->utc_ms);
  CHECK(schedule::next_after(r, nz, utc(2027, 3, 20, 0, 0))->scheduled.date == civil_date{2027, 4, 6});
}

TEST_CASE("listed dates obey within and except, and occurs_on", "[schedule][recurrence][dates]") {
  auto r = listed({{{2027, 2, 2}, 9, 0}, {{2027, 3, 9}, 9, 0}, {{2027, 4, 20}, 9, 0}, {{2027, 5, 4}, 9, 0}}, "Pacific/Auckland");
  r.within = {{{2027, 2, 1}, {2027, 4, 16}}, {{2027, 5, 3}, {2027, 7, 2}}};
  r.except = {{2027, 3, 9}};
  const auto nz = *schedule::zone::find(r.zone);
  const auto a = schedule::next_after(r, nz, utc(2027, 1, 1, 0, 0));
  CHECK(a->scheduled.date == civil_date{2027, 2, 2});
  const auto b = schedule::next_after(r, nz, a->utc_ms);  // 9 March excluded, 20 April between terms
  CHECK(b->scheduled.date == civil_date{2027, 5, 4});
  CHECK(schedule::occurs_on(r, {2027, 2, 2}));
  CHECK_FALSE(schedule::occurs_on(r, {2027, 3, 9}));
  CHECK_FALSE(schedule::occurs_on(r, {2027, 4, 20}));
  CHECK_FALSE(schedule::occurs_on(r, {2027, 2, 3}));
}

TEST_CASE("a listed time in a gap fires at the gap's end, in an overlap, once", "[schedule][recurrence][dates]") {
  // Auckland springs forward 2026-09-27 02:00 -> 03:00; falls back 2027-04-04 03:00 -> 02:00.
  const auto r = listed({{{2026, 9, 27}, 2, 30}, {{2027, 4, 4}, 2, 30}}, "Pacific/Auckland");
  const auto nz = *schedule::zone::find(r.zone);
  const auto gap = schedule::next_after(r, nz, utc(2026, 9, 1, 0, 0));
  REQUIRE(gap);
  CHECK(nz.to_local(gap->utc_ms) == local_time{{2026, 9, 27}, 3, 0});
  CHECK(schedule::to_iso(gap->scheduled) == "2026-09-27T02:30");
  const auto twice = schedule::next_after(r, nz, gap->utc_ms);
  REQUIRE(twice);
  CHECK(twice->utc_ms == utc(2027, 4, 3, 13, 30));  // the first 02:30 (NZDT)
  CHECK_FALSE(schedule::next_after(r, nz, twice->utc_ms));  // not again at 02:30 NZST
}

TEST_CASE("a list of dates round-trips through JSON, normalised, and says what is wrong", "[schedule][recurrence][dates]") {
  const nlohmann::json j = {{"every", "dates"},
                            {"dates", {"2027-03-09T15:30", "2027-03-02T15:30", "2027-03-09T15:30"}},
                            {"zone", "Pacific/Auckland"},
                            {"except", {"2027-03-09"}}};
  const auto r = j.get<schedule::recurrence>();
  CHECK(r.every == schedule::recurrence::cadence::dates);
  REQUIRE(r.dates.size() == 2);  // sorted, each once
  CHECK(r.dates.front() == local_time{{2027, 3, 2}, 15, 30});
  CHECK(schedule::check(r).empty());
  const nlohmann::json back = r;
  CHECK(back["every"] == "dates");
  CHECK(back["dates"] == nlohmann::json::array({"2027-03-02T15:30", "2027-03-09T15:30"}));
  CHECK_FALSE(back.contains("weekdays"));
  CHECK(back.get<schedule::recurrence>() == r);

  CHECK(schedule::check(listed({}, "UTC")).size() == 1);
  auto unordered = listed({{{2027, 3, 9}, 9, 0}, {{2027, 3, 2}, 9, 0}}, "UTC");
  unordered.weekdays = {2};
  CHECK(schedule::check(unordered).size() == 2);  // out of order, and weekdays given
  CHECK(schedule::check(listed({{{2027, 2, 30}, 9, 0}}, "UTC")).size() == 1);
  CHECK_THROWS(nlohmann::json({{"every", "dates"}, {"dates", {"2027-03-02 15:30"}}, {"zone", "UTC"}}).get<schedule::recurrence>());
  CHECK_THROWS(nlohmann::json({{"every", "monthly"}, {"zone", "UTC"}}).get<schedule::recurrence>());
}
