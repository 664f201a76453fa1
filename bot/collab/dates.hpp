// Calendar arithmetic for every collab date (plans, bookings, the evidence and its reports):
// civil dates and days since 1970-01-01, without the system's time-zone files, so actions stay
// pure. Each area keeps its own reader for what people type there (plan_dates, booking_dates,
// report_dates), since the forms they accept differ; the counting is done once, here.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace commonsbot::collab {

struct civil_date {
  int year = 1970;
  int month = 1;  // 1-12
  int day = 1;    // 1-31
  bool operator==(const civil_date&) const = default;
};

inline constexpr long long ms_per_day = 86'400'000;

// Lower-case English month names, January first.
inline constexpr std::array<std::string_view, 12> month_names{"january", "february", "march",     "april",
                                                              "may",     "june",     "july",      "august",
                                                              "september", "october", "november", "december"};

bool leap_year(int year);
int days_in_month(int year, int month);

// Days since 1970-01-01 and back (proleptic Gregorian calendar; H. Hinnant's algorithms).
long long days_from_civil(const civil_date& d);
civil_date civil_from_days(long long days);
// 0 = Sunday ... 6 = Saturday.
int weekday(long long days);
// The UTC day (days since the epoch) `epoch_ms` falls on, also before 1970.
long long day_of_ms(long long epoch_ms);

// "2025-03-14".
std::string iso(const civil_date& d);

// A whole number as std::from_chars reads one (digits, maybe a leading '-'), and nothing
// else; nullopt otherwise.
std::optional<int> digits_number(std::string_view s);

}  // namespace commonsbot::collab
