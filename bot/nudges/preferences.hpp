// Reading what people type to shape their nudges: "pause until 1 May", "pause 2 weeks",
// "quiet 21:00-07:00" (or "9pm-7am"). Pure, so the preference actions and their tests read
// answers the same way.
#pragma once

#include "schedule/civil_time.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace commonsbot::nudges {

// The last paused day (inclusive) for "until 2027-05-01", "1 May", "May 1", "1 May 2027",
// "2 weeks", "10 days", "tomorrow"; a leading "until"/"till" is optional. A day and month
// without a year is the next one on or after `today`. nullopt for anything else, and for
// a date before `today`.
std::optional<schedule::civil_date> parse_pause(std::string_view text, schedule::civil_date today);

struct quiet_hours {
  std::string from;  // "HH:MM"
  std::string to;
};
// "21:00-07:00", "21:00 to 7:00", "9pm-7am", "9.30pm - 6am"; nullopt for anything else or
// a window that starts and ends at the same time.
std::optional<quiet_hours> parse_quiet(std::string_view text);

// "9:00pm" for "21:00", as people in Aotearoa write times; the input when it isn't HH:MM.
std::string friendly_time(std::string_view hh_mm);

// "Friday 1 May 2027" for 2027-05-01.
std::string friendly_date(schedule::civil_date d);

}  // namespace commonsbot::nudges
