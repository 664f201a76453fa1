// Calendar dates and local wall-clock minutes, with no time zone attached: what people write
// ("Tuesday 2025-09-30 at 15:30") before a zone turns it into an instant.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace commonsbot::schedule {

struct civil_date {
  int year = 1970;
  unsigned month = 1;  // 1-12
  unsigned day = 1;    // 1-31
  auto operator<=>(const civil_date&) const = default;
};

// Days since 1970-01-01 and back (proleptic Gregorian), so dates step and compare as numbers.
long long days_from_civil(civil_date d);
civil_date civil_from_days(long long days);

// ISO weekday: 1 = Monday ... 7 = Sunday (school weeks start on Monday).
int iso_weekday(civil_date d);

// "2025-09-28"; parse accepts exactly that shape and a real date.
std::string to_iso(civil_date d);
std::optional<civil_date> parse_date(std::string_view text);

// A wall-clock minute on a date, as a clock on the wall shows it.
struct local_time {
  civil_date date;
  int hour = 0;    // 0-23
  int minute = 0;  // 0-59
  auto operator<=>(const local_time&) const = default;
};

// "2025-09-28T02:30" (no zone: it is the wall time in the job's zone).
std::string to_iso(const local_time& t);

// "HH:MM" for times of day.
std::optional<local_time> parse_time_of_day(std::string_view text);

}  // namespace commonsbot::schedule
