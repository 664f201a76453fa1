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

}  // namespace

std::vector<std::string> check(const recurrence& r) {
  std::vector<std::string> problems;
  if (r.weekdays.empty()) problems.push_back("name at least one weekday");
  for (int w : r.weekdays)
    if (w < 1 || w > 7) problems.push_back("weekday " + std::to_string(w) + " is not 1 (Monday) to 7 (Sunday)");
  if (r.hour < 0 || r.hour > 23 || r.minute < 0 || r.minute > 59) problems.push_back("the time must be 00:00 to 23:59");
  if (!zone::find(r.zone)) problems.push_back("unknown time zone \"" + r.zone + "\" (use an IANA name such as Pacific/Auckland)");
  for (const auto& range : r.within)
    if (range.last < range.first) problems.push_back("the range " + to_iso(range.first) + ".." + to_iso(range.last) + " ends before it starts");
  return problems;
}

bool occurs_on(const recurrence& r, civil_date d) {
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
