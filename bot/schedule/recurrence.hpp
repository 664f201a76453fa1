// When a job fires: weekly, fortnightly or on chosen weekdays, at a wall-clock time in an
// IANA zone, optionally only within date ranges (school terms) and never on excluded dates
// (holidays, cancelled occurrences).
//
// The next occurrence is found by walking the calendar in the job's zone and converting each
// candidate wall time to UTC, never by adding 7 days of seconds to the last fire: that is
// what keeps a 09:00 meeting at 09:00 across a daylight-saving change.
#pragma once

#include "schedule/civil_time.hpp"
#include "schedule/zone.hpp"

#include <nlohmann/json_fwd.hpp>

#include <optional>
#include <string>
#include <vector>

namespace commonsbot::schedule {

struct date_range {
  civil_date first;  // inclusive
  civil_date last;   // inclusive
  bool operator==(const date_range&) const = default;
};

struct recurrence {
  // weekly / fortnightly: on `weekdays` at hour:minute. dates: exactly the wall times in
  // `dates` (a calendar's expanded occurrences, a plan's end, a one-off), each its own time.
  enum class cadence { weekly, fortnightly, dates };
  cadence every = cadence::weekly;
  std::vector<int> weekdays;        // ISO 1 = Monday ... 7 = Sunday; one or more (not for dates)
  std::vector<local_time> dates;    // cadence::dates only: sorted, no repeats
  civil_date anchor;                // fortnightly: any date in a week that has the meeting
  int hour = 9;                     // local wall time
  int minute = 0;
  std::string zone;                 // IANA name, e.g. "Pacific/Auckland"
  std::vector<date_range> within;   // empty: all year; otherwise only dates inside one (terms)
  std::vector<civil_date> except;   // dates with no occurrence (holidays, cancellations)
  bool operator==(const recurrence&) const = default;
};

// What is wrong with a rule, in words for the person who wrote it; empty when it is usable.
std::vector<std::string> check(const recurrence& r);

// Whether the rule has an occurrence on local date `d` (ignoring the time of day).
bool occurs_on(const recurrence& r, civil_date d);

struct occurrence {
  local_time scheduled;  // the wall time the rule names (02:30 even when the gap moves it)
  long long utc_ms = 0;  // when it fires
};

// The first occurrence strictly after `after_ms`, or nullopt when the rule has none left
// (every range has ended) or none within the next three years. `z` is `r.zone` found.
std::optional<occurrence> next_after(const recurrence& r, const zone& z, long long after_ms);

void to_json(nlohmann::json& j, const recurrence& r);
void from_json(const nlohmann::json& j, recurrence& r);

}  // namespace commonsbot::schedule
