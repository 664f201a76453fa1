#include "schedule/civil_time.hpp"

#include <cstdio>

namespace commonsbot::schedule {

// Howard Hinnant's days_from_civil / civil_from_days: exact for every Gregorian date, with
// no table and no time zone involved.
long long days_from_civil(civil_date d) {
  const long long y = static_cast<long long>(d.year) - (d.month <= 2 ? 1 : 0);
  const long long era = (y >= 0 ? y : y - 399) / 400;
  const long long yoe = y - era * 400;
  const long long mp = (static_cast<long long>(d.month) + 9) % 12;
  const long long doy = (153 * mp + 2) / 5 + static_cast<long long>(d.day) - 1;
  const long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

civil_date civil_from_days(long long z) {
  z += 719468;
  const long long era = (z >= 0 ? z : z - 146096) / 146097;
  const long long doe = z - era * 146097;
  const long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long long mp = (5 * doy + 2) / 153;
  const long long d = doy - (153 * mp + 2) / 5 + 1;
  const long long m = mp < 10 ? mp + 3 : mp - 9;
  const long long y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return {static_cast<int>(y), static_cast<unsigned>(m), static_cast<unsigned>(d)};
}

int iso_weekday(civil_date d) {
  const long long days = days_from_civil(d);  // 1970-01-01 was a Thursday (4)
  const long long w = (days % 7 + 7 + 3) % 7;  // 0 = Monday
  return static_cast<int>(w) + 1;
}

std::string to_iso(civil_date d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", d.year, d.month, d.day);
  return buf;
}

namespace {

bool digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return !s.empty();
}

int number(std::string_view s) {
  int n = 0;
  for (char c : s) n = n * 10 + (c - '0');
  return n;
}

}  // namespace

std::optional<civil_date> parse_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  const auto y = text.substr(0, 4), m = text.substr(5, 2), d = text.substr(8, 2);
  if (!digits(y) || !digits(m) || !digits(d)) return std::nullopt;
  const civil_date date{number(y), static_cast<unsigned>(number(m)), static_cast<unsigned>(number(d))};
  // A date that does not exist (2025-02-30) comes back different from the round trip.
  if (date.month < 1 || date.month > 12 || date.day < 1) return std::nullopt;
  if (civil_from_days(days_from_civil(date)) != date) return std::nullopt;
  return date;
}

std::string to_iso(const local_time& t) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "T%02d:%02d", t.hour, t.minute);
  return to_iso(t.date) + buf;
}

std::optional<local_time> parse_time_of_day(std::string_view text) {
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  const auto h = text.substr(0, 2), m = text.substr(3, 2);
  if (!digits(h) || !digits(m)) return std::nullopt;
  local_time t;
  t.hour = number(h);
  t.minute = number(m);
  if (t.hour > 23 || t.minute > 59) return std::nullopt;
  return t;
}

}  // namespace commonsbot::schedule
