// Choices the header leaves open, made here:
// - an empty or unknown zone name: the nudge is sent at its fire time with no reason (only
//   "nudges off" still applies), because pause dates, quiet hours and working days are all
//   local wall-clock ideas and guessing a zone would move them by hours;
// - quiet hours are [from, to): 21:00-07:00 holds 21:00 but not 07:00; from == to, or a
//   value that is not HH:MM, means no quiet hours;
// - `meeting_ms` <= 0 means there is no meeting to miss (a plan's reflect nudge), so a
//   deferral is never turned into a skip;
// - a deferral names the first rule that moved it ("quiet_hours" or "not_working_day").
#include "meetings/delivery_time.hpp"

#include "schedule/zone.hpp"

#include <algorithm>

namespace commonsbot::meetings {
namespace {

using schedule::local_time;

int minute_of_day(const local_time& t) { return t.hour * 60 + t.minute; }

struct quiet_window {
  int from = 0, to = 0;  // minutes of the day
  bool any = false;
  bool holds(int m) const {
    if (!any) return false;
    return from < to ? (m >= from && m < to) : (m >= from || m < to);
  }
};

quiet_window quiet_of(const core::nudge_preferences& p) {
  const auto from = schedule::parse_time_of_day(p.quiet_from);
  const auto to = schedule::parse_time_of_day(p.quiet_to);
  if (!from || !to || minute_of_day(*from) == minute_of_day(*to)) return {};
  return {minute_of_day(*from), minute_of_day(*to), true};
}

bool working_day(const core::nudge_preferences& p, schedule::civil_date d) {
  const int w = schedule::iso_weekday(d);
  if (p.working_days.empty()) return w <= 5;
  return std::find(p.working_days.begin(), p.working_days.end(), w) != p.working_days.end();
}

schedule::civil_date next_day(schedule::civil_date d) { return schedule::civil_from_days(schedule::days_from_civil(d) + 1); }

}  // namespace

delivery_time when_to_deliver(const core::nudge_preferences& prefs, const std::string& zone_name, long long fire_ms,
                              long long meeting_ms) {
  if (prefs.off) return {delivery_time::verdict::skip, 0, "nudges_off"};
  const auto z = schedule::zone::find(zone_name);
  if (zone_name.empty() || !z) return {delivery_time::verdict::send, fire_ms, ""};

  local_time at = z->to_local(fire_ms);
  if (const auto until = schedule::parse_date(prefs.paused_until); until && at.date <= *until)
    return {delivery_time::verdict::skip, 0, "paused"};

  const auto quiet = quiet_of(prefs);
  const bool any_working_day = prefs.working_days.empty() ||
                               std::any_of(prefs.working_days.begin(), prefs.working_days.end(), [](int w) { return w >= 1 && w <= 7; });
  std::string reason;
  // Each pass moves the time later or stops; two weeks of passes cover any mix of quiet hours
  // and working days (a window ending 07:00 on a Saturday moves on to Monday).
  for (int pass = 0; pass < 16; ++pass) {
    if (any_working_day && !working_day(prefs, at.date)) {
      if (reason.empty()) reason = "not_working_day";
      const int start = quiet.any ? quiet.to : 8 * 60;
      do at.date = next_day(at.date);
      while (!working_day(prefs, at.date));
      at.hour = start / 60;
      at.minute = start % 60;
      continue;
    }
    if (quiet.holds(minute_of_day(at))) {
      if (reason.empty()) reason = "quiet_hours";
      // Wrapping windows end tomorrow when we are in their evening part.
      if (quiet.from > quiet.to && minute_of_day(at) >= quiet.from) at.date = next_day(at.date);
      at.hour = quiet.to / 60;
      at.minute = quiet.to % 60;
      continue;
    }
    break;
  }
  if (reason.empty()) return {delivery_time::verdict::send, fire_ms, ""};
  const long long when = z->to_utc_ms(at);
  if (meeting_ms > 0 && when >= meeting_ms) return {delivery_time::verdict::skip, 0, "after_meeting"};
  return {delivery_time::verdict::defer, when, reason};
}

}  // namespace commonsbot::meetings
