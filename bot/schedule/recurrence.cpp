#include "schedule/recurrence.hpp"

#include <algorithm>

namespace commonsbot::schedule {
namespace {

// A bound on the walk, so a rule that can never match (a fortnightly rule whose only
// weekday is excluded every time) ends instead of spinning.
constexpr long long horizon_days = 3 * 366;

long long monday_of(civil_date d) { return days_from_civil(d) - (iso_weekday(d) - 1); }

// The range holding `d`, or else the next one to start after it.
const date_range* range_for(const std::vector<date_range>& ranges, civil_date d, bool& inside) {
  const date_range* next = nullptr;
  for (const auto& r : ranges) {
    if (r.first <= d && d <= r.last) {
      inside = true;
      return &r;
    }
    if (d < r.first && (!next || r.first < next->first)) next = &r;
  }
  inside = false;
  return next;
}

bool valid_wall(const local_time& t) {
  return t.hour >= 0 && t.hour <= 23 && t.minute >= 0 && t.minute <= 59 && t.date.month >= 1 && t.date.month <= 12 &&
         t.date.day >= 1 && civil_from_days(days_from_civil(t.date)) == t.date;
}

bool allowed_day(const recurrence& r, civil_date d) {
  if (!r.within.empty()) {
    bool inside = false;
    range_for(r.within, d, inside);
    if (!inside) return false;
  }
  return std::find(r.except.begin(), r.except.end(), d) == r.except.end();
}

std::optional<occurrence> next_listed(const recurrence& r, const zone& z, long long after_ms) {
  // The list is sorted by wall time, and wall time to UTC never runs backwards (a repeated
  // hour takes its first instant, a skipped one the end of the gap), so start a day before
  // the instant's local date (the fall-back case, as below) and take the first that is later.
  local_time from = z.to_local(after_ms);
  from.date = civil_from_days(days_from_civil(from.date) - 1);
  for (auto it = std::lower_bound(r.dates.begin(), r.dates.end(), from); it != r.dates.end(); ++it) {
    if (!allowed_day(r, it->date)) continue;
    const long long utc = z.to_utc_ms(*it);
    if (utc > after_ms) return occurrence{*it, utc};
  }
  return std::nullopt;
}

}  // namespace

std::vector<std::string> check(const recurrence& r) {
  std::vector<std::string> problems;
  if (r.every == recurrence::cadence::dates) {
    if (r.dates.empty()) problems.push_back("list at least one date and time (YYYY-MM-DDTHH:MM)");
    if (!r.weekdays.empty()) problems.push_back("a list of dates takes no weekdays; leave them out");
    for (const auto& t : r.dates)
      if (!valid_wall(t)) problems.push_back("\"" + to_iso(t) + "\" is not a real date and time (YYYY-MM-DDTHH:MM)");
    if (std::adjacent_find(r.dates.begin(), r.dates.end(), [](const auto& a, const auto& b) { return !(a < b); }) !=
        r.dates.end())
      problems.push_back("the dates must be in order, each once");
  } else {
    if (r.weekdays.empty()) problems.push_back("name at least one weekday");
  }
  for (int w : r.weekdays)
    if (w < 1 || w > 7) problems.push_back("weekday " + std::to_string(w) + " is not 1 (Monday) to 7 (Sunday)");
  if (r.hour < 0 || r.hour > 23 || r.minute < 0 || r.minute > 59) problems.push_back("the time must be 00:00 to 23:59");
  if (!zone::find(r.zone)) problems.push_back("unknown time zone \"" + r.zone + "\" (use an IANA name such as Pacific/Auckland)");
  for (const auto& range : r.within)
    if (range.last < range.first) problems.push_back("the range " + to_iso(range.first) + ".." + to_iso(range.last) + " ends before it starts");
  return problems;
}

bool occurs_on(const recurrence& r, civil_date d) {
  if (r.every == recurrence::cadence::dates) {
    const auto it = std::lower_bound(r.dates.begin(), r.dates.end(), local_time{d, 0, 0});
    return it != r.dates.end() && it->date == d && allowed_day(r, d);
  }
  if (std::find(r.weekdays.begin(), r.weekdays.end(), iso_weekday(d)) == r.weekdays.end()) return false;
  if (r.every == recurrence::cadence::fortnightly) {
    const long long weeks = (monday_of(d) - monday_of(r.anchor)) / 7;  // exact: both are Mondays
    if (weeks % 2 != 0) return false;
  }
  if (!r.within.empty()) {
    bool inside = false;
    range_for(r.within, d, inside);
    if (!inside) return false;
  }
  return std::find(r.except.begin(), r.except.end(), d) == r.except.end();
}

std::optional<occurrence> next_after(const recurrence& r, const zone& z, long long after_ms) {
  if (r.every == recurrence::cadence::dates) return next_listed(r, z, after_ms);
  if (r.weekdays.empty()) return std::nullopt;
  // Start a day early: where clocks fall back across midnight, the instant's local date can
  // be later than that of an occurrence still to come.
  long long day = days_from_civil(z.to_local(after_ms).date) - 1;
  const long long end = day + horizon_days;
  while (day <= end) {
    const civil_date d = civil_from_days(day);
    if (!r.within.empty()) {
      bool inside = false;
      const date_range* range = range_for(r.within, d, inside);
      if (!range) return std::nullopt;  // every range is over
      if (!inside) {                    // jump the holidays between terms
        day = days_from_civil(range->first);
        continue;
      }
    }
    if (occurs_on(r, d)) {
      const local_time wall{d, r.hour, r.minute};
      const long long utc = z.to_utc_ms(wall);
      if (utc > after_ms) return occurrence{wall, utc};
    }
    ++day;
  }
  return std::nullopt;
}

}  // namespace commonsbot::schedule
