// Meetings from an iCalendar export (a school's shared calendar, Outlook or Google): each
// VEVENT series becomes one meeting whose occurrences are expanded by libical — RRULE,
// RDATE, EXDATE (cancelled occurrences), RECURRENCE-ID overrides (moved occurrences) and
// VTIMEZONE/TZID — within a horizon, as a dates-cadence recurrence in the event's IANA zone.
// All-day events can be read as holidays instead (a school's holiday calendar).
#pragma once

#include "meetings/calendar.hpp"
#include "meetings/meeting.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace commonsbot::meetings {

struct ics_options {
  std::string tenant;
  std::string source;                 // the URL or path, stored in each meeting's `source`
  std::string default_zone;           // for floating times and unknown TZIDs
  schedule::civil_date from, to;      // the horizon occurrences are expanded in (inclusive)
};

struct ics_result {
  std::vector<meeting> meetings;      // ids "ics-<hash of UID>", stable across re-imports
  std::vector<std::string> problems;  // "event <UID>: ..." words; a bad event is skipped
  bool parsed = false;                // false: not iCalendar at all (problems say why)
};

ics_result import_meetings(std::string_view ics_text, const ics_options& opts);

// The all-day events of a holiday calendar as date ranges (DTEND exclusive, as iCalendar says).
struct ics_holidays {
  std::vector<schedule::date_range> holidays;
  std::vector<std::string> problems;
  bool parsed = false;
};
ics_holidays import_holidays(std::string_view ics_text);

}  // namespace commonsbot::meetings
