#include "schedule/recurrence.hpp"
#include "unit/schedule/utc.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace commonsbot;
using schedule::civil_date;
using schedule::local_time;
using test::utc;

namespace {

schedule::recurrence weekly(std::vector<int> days, int h, int m, std::string zone) {
  schedule::recurrence r;
  r.weekdays = std::move(days);
  r.hour = h;
  r.minute = m;
  r.zone = std::move(zone);
  return r;
}

}  // namespace

TEST_CASE("a weekly time stays at the same wall time across a DST change", "[schedule][recurrence]") {
  const auto r = weekly({2}, 15, 30, "Pacific/Auckland");  // Tuesdays 15:30
  const auto nz = *schedule::zone::find(r.zone);
  const auto a = schedule::next_after(r, nz, utc(2025, 9, 20, 0, 0));
  REQUIRE(a);
  CHECK(a->utc_ms == utc(2025, 9, 23, 3, 30));  // NZST +12
  const auto b = schedule::next_after(r, nz, a->utc_ms);
  REQUIRE(b);
  CHECK(b->utc_ms == utc(2025, 9, 30, 2, 30));  // NZDT +13: 6 days 23 hours later
  CHECK(b->scheduled == local_time{{2025, 9, 30}, 15, 30});
}

TEST_CASE("02:30 on the spring-forward night fires at 03:00, once", "[schedule][recurrence]") {
  const auto r = weekly({7}, 2, 30, "Pacific/Auckland");
  const auto nz = *schedule::zone::find(r.zone);
  const auto a = schedule::next_after(r, nz, utc(2025, 9, 27, 0, 0));
  REQUIRE(a);
  CHECK(a->utc_ms == utc(2025, 9, 27, 14, 0));
  CHECK(nz.to_local(a->utc_ms) == local_time{{2025, 9, 28}, 3, 0});
  CHECK(schedule::to_iso(a->scheduled) == "2025-09-28T02:30");
  CHECK(schedule::next_after(r, nz, a->utc_ms)->scheduled.date == civil_date{2025, 10, 5});
}

TEST_CASE("a time repeated on the fall-back night fires once, at the first", "[schedule][recurrence]") {
  SECTION("Europe/London, 01:30 on 2025-10-26") {
    const auto r = weekly({7}, 1, 30, "Europe/London");
    const auto uk = *schedule::zone::find(r.zone);
    const auto a = schedule::next_after(r, uk, utc(2025, 10, 25, 12, 0));
    CHECK(a->utc_ms == utc(2025, 10, 26, 0, 30));
    const auto b = schedule::next_after(r, uk, a->utc_ms);  // not 01:30 GMT the same night
    CHECK(b->utc_ms == utc(2025, 11, 2, 1, 30));
  }
  SECTION("Pacific/Auckland, 02:30 on 2025-04-06") {
    const auto r = weekly({7}, 2, 30, "Pacific/Auckland");
    const auto nz = *schedule::zone::find(r.zone);
    const auto a = schedule::next_after(r, nz, utc(2025, 4, 5, 0, 0));
    CHECK(a->utc_ms == utc(2025, 4, 5, 13, 30));
    CHECK(schedule::next_after(r, nz, a->utc_ms)->utc_ms == utc(2025, 4, 12, 14, 30));
  }
  SECTION("Europe/London, 01:30 on the spring-forward night 2025-03-30 fires at 02:00") {
    const auto r = weekly({7}, 1, 30, "Europe/London");
    const auto uk = *schedule::zone::find(r.zone);
    CHECK(schedule::next_after(r, uk, utc(2025, 3, 29, 0, 0))->utc_ms == utc(2025, 3, 30, 1, 0));
  }
}

TEST_CASE("fortnightly follows its anchor week, several weekdays interleave", "[schedule][recurrence]") {
  auto r = weekly({3}, 9, 0, "Europe/London");
  r.every = schedule::recurrence::cadence::fortnightly;
  r.anchor = {2025, 9, 5};  // a Friday: its week (from Monday 1 September) is an "on" week
  const auto uk = *schedule::zone::find(r.zone);
  const auto a = schedule::next_after(r, uk, utc(2025, 9, 1, 0, 0));
  CHECK(a->scheduled.date == civil_date{2025, 9, 3});
  CHECK(schedule::next_after(r, uk, a->utc_ms)->scheduled.date == civil_date{2025, 9, 17});
  CHECK_FALSE(schedule::occurs_on(r, {2025, 8, 27}));
  CHECK(schedule::occurs_on(r, {2025, 8, 20}));

  const auto md = weekly({1, 4}, 8, 15, "Europe/London");
  const auto m = schedule::next_after(md, uk, utc(2025, 9, 1, 9, 0));
  CHECK(m->scheduled.date == civil_date{2025, 9, 4});
  CHECK(schedule::next_after(md, uk, m->utc_ms)->scheduled.date == civil_date{2025, 9, 8});
}

TEST_CASE("terms and excluded dates skip the holidays", "[schedule][recurrence]") {
  auto r = weekly({1}, 9, 0, "Pacific/Auckland");
  r.within = {{{2025, 7, 21}, {2025, 9, 26}}, {{2025, 10, 13}, {2025, 12, 19}}};
  const auto nz = *schedule::zone::find(r.zone);
  CHECK(schedule::next_after(r, nz, utc(2025, 9, 23, 0, 0))->scheduled.date == civil_date{2025, 10, 13});
  r.except = {{2025, 10, 13}};
  CHECK(schedule::next_after(r, nz, utc(2025, 9, 23, 0, 0))->scheduled.date == civil_date{2025, 10, 20});
  CHECK_FALSE(schedule::next_after(r, nz, utc(2025, 12, 16, 0, 0)));  // after the last term
  CHECK(schedule::next_after(r, nz, utc(2025, 1, 1, 0, 0))->scheduled.date == civil_date{2025, 7, 21});
}

TEST_CASE("a recurrence round-trips through readable JSON and says what is wrong", "[schedule][recurrence]") {
  auto r = weekly({2, 5}, 15, 30, "Pacific/Auckland");
  r.every = schedule::recurrence::cadence::fortnightly;
  r.anchor = {2025, 2, 4};
  r.within = {{{2025, 2, 3}, {2025, 4, 11}}};
  r.except = {{2025, 3, 4}};
  const nlohmann::json j = r;
  CHECK(j["weekdays"] == nlohmann::json::array({"tue", "fri"}));
  CHECK(j["at"] == "15:30");
  CHECK(j.get<schedule::recurrence>() == r);
  CHECK(schedule::check(r).empty());

  CHECK(schedule::check(weekly({}, 9, 0, "Pacific/Auckland")).size() == 1);
  CHECK(schedule::check(weekly({8}, 24, 0, "Nowhere/Land")).size() == 3);
  CHECK_THROWS(nlohmann::json({{"weekdays", {"tuesday"}}, {"at", "15:30"}, {"zone", "UTC"}}).get<schedule::recurrence>());
}
