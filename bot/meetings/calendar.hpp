// A school's calendar: its terms and holidays, so nothing nudges in the holidays. From the
// config (tenants[].calendar) and, optionally, an iCalendar file of holidays.
#pragma once

#include "schedule/recurrence.hpp"

#include <nlohmann/json_fwd.hpp>

#include <vector>

namespace commonsbot::meetings {

struct school_calendar {
  std::vector<schedule::date_range> terms;     // empty: the whole year is term time
  std::vector<schedule::date_range> holidays;  // days with no meetings (inside terms too)
  bool operator==(const school_calendar&) const = default;
};

// Whether `d` is a school day by this calendar (inside a term, or no terms given, and not a holiday).
bool is_school_day(const school_calendar& c, schedule::civil_date d);

void to_json(nlohmann::json& j, const school_calendar& c);
void from_json(const nlohmann::json& j, school_calendar& c);

}  // namespace commonsbot::meetings
