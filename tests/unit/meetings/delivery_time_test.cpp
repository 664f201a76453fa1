#include "meetings/delivery_time.hpp"
#include "unit/schedule/utc.hpp"

#include <catch2/catch.hpp>

using namespace commonsbot;
using meetings::delivery_time;
using test::utc;

namespace {

const std::string nz = "Pacific/Auckland";  // NZDT (+13) in March 2027

core::nudge_preferences quiet_nights() {
  core::nudge_preferences p;
  p.quiet_from = "21:00";
  p.quiet_to = "07:00";
  return p;
}

}  // namespace

TEST_CASE("outside quiet hours on a working day a nudge goes at its fire time", "[meetings][delivery_time]") {
  const long long fire = utc(2027, 3, 1, 2, 0);  // Monday 15:00
  const auto d = meetings::when_to_deliver(quiet_nights(), nz, fire, fire + 86'400'000LL);
  CHECK(d.what == delivery_time::verdict::send);
  CHECK(d.at_ms == fire);
  CHECK(d.reason.empty());
}

TEST_CASE("quiet hours 21:00-07:00 defer to 07:00, evening or early morning", "[meetings][delivery_time]") {
  const long long meeting = utc(2027, 3, 2, 19, 15);  // Wednesday 08:15
  const auto evening = meetings::when_to_deliver(quiet_nights(), nz, utc(2027, 3, 2, 9, 0), meeting);  // Tue 22:00
  CHECK(evening.what == delivery_time::verdict::defer);
  CHECK(evening.at_ms == utc(2027, 3, 2, 18, 0));  // Wed 07:00
  CHECK(evening.reason == "quiet_hours");
  const auto early = meetings::when_to_deliver(quiet_nights(), nz, utc(2027, 3, 2, 17, 15), meeting);  // Wed 06:15
  CHECK(early.what == delivery_time::verdict::defer);
  CHECK(early.at_ms == utc(2027, 3, 2, 18, 0));
  const auto edge = meetings::when_to_deliver(quiet_nights(), nz, utc(2027, 3, 2, 18, 0), meeting);  // 07:00 itself
  CHECK(edge.what == delivery_time::verdict::send);
  auto daytime = quiet_nights();
  daytime.quiet_from = "12:00";
  daytime.quiet_to = "13:00";
  const auto lunch = meetings::when_to_deliver(daytime, nz, utc(2027, 3, 1, 23, 30), meeting);  // Tue 12:30
  CHECK(lunch.at_ms == utc(2027, 3, 2, 0, 0));
}

TEST_CASE("a deferral that reaches the meeting is a skip", "[meetings][delivery_time]") {
  const long long meeting = utc(2027, 3, 2, 19, 15);  // Wednesday 08:15
  auto late_quiet = quiet_nights();
  late_quiet.quiet_to = "08:30";
  const auto d = meetings::when_to_deliver(late_quiet, nz, utc(2027, 3, 2, 17, 15), meeting);  // 06:15
  CHECK(d.what == delivery_time::verdict::skip);
  CHECK(d.reason == "after_meeting");
  // No meeting to miss (a reflect nudge): deferred however late.
  const auto reflect = meetings::when_to_deliver(late_quiet, nz, utc(2027, 3, 2, 17, 15), 0);
  CHECK(reflect.what == delivery_time::verdict::defer);
}

TEST_CASE("pause and opt-out skip", "[meetings][delivery_time]") {
  core::nudge_preferences p;
  p.paused_until = "2027-03-05";
  const long long fire = utc(2027, 3, 1, 2, 0);  // Monday 1 March 15:00
  auto d = meetings::when_to_deliver(p, nz, fire, fire + 3'600'000);
  CHECK(d.what == delivery_time::verdict::skip);
  CHECK(d.reason == "paused");
  CHECK(meetings::when_to_deliver(p, nz, utc(2027, 3, 5, 10, 59), 0).reason == "paused");  // Fri 23:59
  CHECK(meetings::when_to_deliver(p, nz, utc(2027, 3, 7, 20, 0), 0).what == delivery_time::verdict::send);  // Mon 8th
  p.paused_until.clear();
  p.off = true;
  d = meetings::when_to_deliver(p, nz, fire, 0);
  CHECK(d.what == delivery_time::verdict::skip);
  CHECK(d.reason == "nudges_off");
}

TEST_CASE("weekends and other non-working days defer to the next working day", "[meetings][delivery_time]") {
  const long long sunday_3pm = utc(2027, 3, 7, 2, 0);
  const long long monday_meeting = utc(2027, 3, 7, 20, 15);  // Monday 09:15
  core::nudge_preferences p;
  auto d = meetings::when_to_deliver(p, nz, sunday_3pm, monday_meeting);
  CHECK(d.what == delivery_time::verdict::defer);
  CHECK(d.at_ms == utc(2027, 3, 7, 19, 0));  // Monday 08:00
  CHECK(d.reason == "not_working_day");
  d = meetings::when_to_deliver(quiet_nights(), nz, sunday_3pm, monday_meeting);
  CHECK(d.at_ms == utc(2027, 3, 7, 18, 0));  // Monday 07:00, the end of quiet hours
  d = meetings::when_to_deliver(p, nz, sunday_3pm, utc(2027, 3, 7, 18, 30));  // meeting Monday 07:30
  CHECK(d.what == delivery_time::verdict::skip);
  CHECK(d.reason == "after_meeting");
  // Part-timers: Tuesday to Thursday. A Friday 22:00 fire (in quiet hours too) waits for
  // Tuesday at the end of quiet hours; the first rule that moved it is named.
  auto part = quiet_nights();
  part.working_days = {2, 3, 4};
  d = meetings::when_to_deliver(part, nz, utc(2027, 3, 5, 9, 0), 0);
  CHECK(d.what == delivery_time::verdict::defer);
  CHECK(d.reason == "not_working_day");
  CHECK(d.at_ms == utc(2027, 3, 8, 18, 0));  // Tuesday 9 March 07:00
  p.working_days = {6, 7};
  CHECK(meetings::when_to_deliver(p, nz, sunday_3pm, 0).what == delivery_time::verdict::send);
}

TEST_CASE("an unknown zone sends at the fire time, bad quiet hours are ignored", "[meetings][delivery_time]") {
  const long long sunday = utc(2027, 3, 7, 2, 0);
  auto p = quiet_nights();
  p.paused_until = "2099-01-01";
  for (const std::string zone : {"", "Mars/Olympus"}) {
    const auto d = meetings::when_to_deliver(p, zone, sunday, 0);
    CHECK(d.what == delivery_time::verdict::send);
    CHECK(d.at_ms == sunday);
    CHECK(d.reason.empty());
  }
  core::nudge_preferences odd;
  odd.quiet_from = "9pm";
  odd.quiet_to = "07:00";
  odd.working_days = {1, 2, 3, 4, 5, 6, 7};
  CHECK(meetings::when_to_deliver(odd, nz, utc(2027, 3, 2, 9, 0), 0).what == delivery_time::verdict::send);
}

TEST_CASE("a deferral to the end of quiet hours lands after a DST change at the right wall time",
          "[meetings][delivery_time]") {
  // Auckland falls back on Sunday 4 April 2027 at 03:00 NZDT; a Saturday 22:00 fire for a
  // weekend worker waits until Sunday 07:00 NZST.
  auto p = quiet_nights();
  p.working_days = {1, 2, 3, 4, 5, 6, 7};
  const auto d = meetings::when_to_deliver(p, nz, utc(2027, 4, 3, 9, 0), 0);
  CHECK(d.what == delivery_time::verdict::defer);
  CHECK(d.at_ms == utc(2027, 4, 3, 19, 0));
}
