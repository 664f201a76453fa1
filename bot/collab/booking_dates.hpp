// Dates and times for library bookings, read the way New Zealand teachers type them
// ("14/3", "Friday", "tomorrow", "period 3", "1.15pm"). Pure: "today" is passed in.
#pragma once

#include "collab/dates.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace commonsbot::collab::people {

// "2025-03-14"; nullopt unless `text` is a real date in that form.
std::optional<civil_date> parse_iso_date(std::string_view text);

// The local day (days since the epoch) at `now_ms` for a zone `offset_seconds` east of UTC.
long long local_day(long long now_ms, int offset_seconds);

inline constexpr long long max_days_ahead = 366;

struct date_answer {
  std::optional<civil_date> date;
  // When `date` is empty: "not_a_date", "no_such_day" (31/2), "past" or "too_far".
  std::string problem;
};
// Reads a visit date relative to `today` (days since the epoch). Accepts ISO dates, day/month
// with or without a year ("14/3", "14/03/2025"), day and month name ("14 March", "Mar 14",
// "Friday 14 March"), "today", "tomorrow" and weekdays ("friday": the next one, today
// included; "next friday": from tomorrow on). A date without a year that has passed this
// year means next year's.
date_answer parse_visit_date(std::string_view typed, long long today);

// Reads a visit time: "10:30", "10.30am", "1:15 pm", "9am", a range "10:30-11:30", or a
// slot: "period 3" / "p3" / "block 2", "lunchtime", "morning tea", "before school", "after
// school". Returns it as stored ("10:30", "13:15-14:00", "period 3", "lunchtime"), or
// nullopt if it is not a time.
std::optional<std::string> parse_visit_time(std::string_view typed);

}  // namespace commonsbot::collab::people
