#include "meetings/ics_series.hpp"

#include "meetings/ics_zones.hpp"

#include <libical/ical.h>

#include <algorithm>
#include <set>

namespace commonsbot::meetings::ics {
namespace {

using schedule::civil_date;
using schedule::local_time;

// Enough for a daily rule over many years; a rule that needs more is not a meeting.
constexpr int max_steps = 20000;

long long utc_ms_of(const local_time& t) {
  return (schedule::days_from_civil(t.date) * 86400LL + t.hour * 3600LL + t.minute * 60LL) * 1000LL;
}

// A stamp as a wall time in the meeting's zone `z`. Days stay at 00:00 (callers treat them
// as whole days). Unknown TZIDs are taken as the meeting's own zone.
local_time to_wall(const stamp& s, const schedule::zone& z, zone_resolver& zones) {
  switch (s.in) {
    case stamp::frame::utc: return z.to_local(utc_ms_of(s.wall));
    case stamp::frame::zoned: {
      const auto other = zones.find(s.tzid);
      if (!other || other->name() == z.name()) return s.wall;
      return z.to_local(other->to_utc_ms(s.wall));
    }
    case stamp::frame::floating:
    case stamp::frame::day: return s.wall;
  }
  return s.wall;
}

icaltimetype floating(const local_time& t) {
  icaltimetype v = icaltime_null_time();
  v.year = t.date.year;
  v.month = static_cast<int>(t.date.month);
  v.day = static_cast<int>(t.date.day);
  v.hour = t.hour;
  v.minute = t.minute;
  v.second = 0;
  v.is_date = 0;
  v.zone = nullptr;
  return v;
}

// The RRULE's occurrences (in the series' frame) up to a little past `to`.
bool expand_rule(icalrecurrencetype rule, const local_time& start, const schedule::zone& z, bool utc_frame,
                 civil_date to, std::set<local_time>& out, std::string& problem, expansion_budget& budget) {
  if (rule.freq == ICAL_SECONDLY_RECURRENCE || rule.freq == ICAL_MINUTELY_RECURRENCE ||
      rule.freq == ICAL_HOURLY_RECURRENCE) {
    problem = "it repeats every hour or more often, which is not a meeting: left out";
    return false;
  }
  if (rule.freq == ICAL_NO_RECURRENCE) {
    problem = "its repeat rule (RRULE) could not be read: left out";
    return false;
  }
  // UNTIL is a UTC instant (or a date); the iterator compares it with our wall times, so say
  // it in the same frame.
  if (!icaltime_is_null_time(rule.until)) {
    const local_time u = wall_of(rule.until);
    local_time until = u;
    if (rule.until.is_date) until = local_time{u.date, 23, 59};
    else if (icaltime_is_utc(rule.until) && !utc_frame) until = z.to_local(utc_ms_of(u));
    rule.until = floating(until);
    rule.until.second = 59;  // minutes are what we keep: an occurrence at the UNTIL minute counts
  }
  icalrecur_iterator* it = icalrecur_iterator_new(rule, floating(start));
  if (!it) {
    problem = "its repeat rule (RRULE) could not be used: left out";
    return false;
  }
  const civil_date stop = schedule::civil_from_days(schedule::days_from_civil(to) + 2);
  int steps = 0;
  for (icaltimetype t = icalrecur_iterator_next(it); !icaltime_is_null_time(t); t = icalrecur_iterator_next(it)) {
    const local_time w = wall_of(t);
    if (w.date > stop) break;
    if (++steps > max_steps) {
      problem = "it repeats too often to follow (more than 20000 times): left out";
      icalrecur_iterator_free(it);
      return false;
    }
    if (--budget.left < 0) {
      problem = "the calendar's events repeat more than " + std::to_string(expansion_budget::per_calendar) +
                " times in all, which is more than any school calendar needs: this and the events after it are left out";
      icalrecur_iterator_free(it);
      return false;
    }
    out.insert(w);
  }
  icalrecur_iterator_free(it);
  return true;
}

int minutes_between(const local_time& a, const local_time& b, const schedule::zone& z) {
  return static_cast<int>((z.to_utc_ms(b) - z.to_utc_ms(a)) / 60000);
}

bool cancelled(icalcomponent* e) {
  auto* p = icalcomponent_get_first_property(e, ICAL_STATUS_PROPERTY);
  return p && icalproperty_get_status(p) == ICAL_STATUS_CANCELLED;
}

// libical drops a repeat line it cannot read (leaving X-LIC-ERROR): without it the series
// would look like a one-off, so it is better left out and reported.
bool lost_repeat_line(icalcomponent* e) {
  for (auto* p = icalcomponent_get_first_property(e, ICAL_XLICERROR_PROPERTY); p;
       p = icalcomponent_get_next_property(e, ICAL_XLICERROR_PROPERTY)) {
    const std::string_view what = icalproperty_get_xlicerror(p) ? icalproperty_get_xlicerror(p) : "";
    for (const auto* word : {"RRULE", "RDATE", "EXDATE"})
      if (what.find(word) != std::string_view::npos) return true;
  }
  return false;
}

void erase_matching(std::set<local_time>& set, const stamp& s, const local_time& wall) {
  if (s.in == stamp::frame::day) {
    std::erase_if(set, [&](const local_time& t) { return t.date == wall.date; });
    return;
  }
  set.erase(wall);
}

}  // namespace

std::optional<schedule::zone> zone_resolver::find(const std::string& tzid) {
  if (auto it = cache_.find(tzid); it != cache_.end()) return it->second;
  std::optional<schedule::zone> found;
  auto name = iana_zone_for(tzid);
  if (!name) {
    const auto location = vtimezone_location(root_, tzid);
    if (!location.empty()) name = iana_zone_for(location);
  }
  if (name) found = schedule::zone::find(*name);
  cache_.emplace(tzid, found);
  return found;
}

std::optional<expanded> expand(const series_input& s, zone_resolver& zones, civil_date from, civil_date to,
                               std::vector<std::string>& problems, expansion_budget& budget) {
  icalcomponent* m = s.master;
  const std::string label = event_label(m);
  if (cancelled(m)) return std::nullopt;
  const auto start = read_stamp(icalcomponent_get_first_property(m, ICAL_DTSTART_PROPERTY));
  if (!start) {
    problems.push_back(label + "it has no start time (DTSTART) we can read: left out");
    return std::nullopt;
  }
  if (start->in == stamp::frame::day) return std::nullopt;  // all-day: a holiday or a note, not a meeting
  if (lost_repeat_line(m)) {
    problems.push_back(label + "its repeat or exception dates could not be read, so its dates are unknown: left out");
    return std::nullopt;
  }

  schedule::zone z = zones.fallback();
  if (start->in == stamp::frame::zoned) {
    if (auto found = zones.find(start->tzid)) z = *found;
    else
      problems.push_back(label + "its time zone \"" + start->tzid + "\" is not one we know, so its times are read as " +
                         z.name() + "; check them, or use --zone");
  }
  const bool utc_frame = start->in == stamp::frame::utc;
  // Occurrences in the series' frame (UTC for "Z" times, else the zone's wall time).
  std::set<local_time> frame_times{start->wall};
  for (auto* p = icalcomponent_get_first_property(m, ICAL_RRULE_PROPERTY); p;
       p = icalcomponent_get_next_property(m, ICAL_RRULE_PROPERTY)) {
    std::string problem;
    if (budget.left < 0) return std::nullopt;  // said once, where it ran out
    if (!expand_rule(icalproperty_get_rrule(p), start->wall, z, utc_frame, to, frame_times, problem, budget)) {
      problems.push_back(label + problem);
      return std::nullopt;
    }
  }
  std::set<local_time> walls;
  for (const auto& t : frame_times) walls.insert(utc_frame ? z.to_local(utc_ms_of(t)) : t);

  const local_time start_wall = to_wall(*start, z, zones);
  for (const auto& r : read_stamps(m, ICAL_RDATE_PROPERTY)) {
    local_time w = to_wall(r, z, zones);
    if (r.in == stamp::frame::day) w = local_time{w.date, start_wall.hour, start_wall.minute};
    walls.insert(w);
  }
  for (const auto& x : read_stamps(m, ICAL_EXDATE_PROPERTY)) erase_matching(walls, x, to_wall(x, z, zones));

  // Moved and cancelled occurrences: drop the original, add where it went (unless cancelled).
  for (auto* o : s.overrides) {
    const auto rid = read_stamp(icalcomponent_get_first_property(o, ICAL_RECURRENCEID_PROPERTY));
    if (!rid) {
      problems.push_back(label + "a changed occurrence has a RECURRENCE-ID we cannot read: ignored");
      continue;
    }
    erase_matching(walls, *rid, to_wall(*rid, z, zones));
    if (cancelled(o)) continue;
    const auto moved = read_stamp(icalcomponent_get_first_property(o, ICAL_DTSTART_PROPERTY));
    if (!moved || moved->in == stamp::frame::day) continue;
    walls.insert(to_wall(*moved, z, zones));
  }

  expanded out{z, {}, 60};
  for (const auto& w : walls)
    if (w.date >= from && w.date <= to) out.when.push_back(w);
  if (out.when.empty()) return std::nullopt;

  int minutes = 0;
  if (const auto end = read_stamp(icalcomponent_get_first_property(m, ICAL_DTEND_PROPERTY));
      end && end->in != stamp::frame::day)
    minutes = minutes_between(start_wall, to_wall(*end, z, zones), z);
  else if (const auto secs = duration_seconds(m))
    minutes = static_cast<int>(*secs / 60);
  if (minutes >= 1 && minutes <= 24 * 60) out.duration_minutes = minutes;
  return out;
}

}  // namespace commonsbot::meetings::ics
