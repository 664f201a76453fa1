// iCalendar import as `meetings import` and the holiday calendars use it: libical's parser
// under our wrapper, then recurrence expansion (RRULE, RDATE, EXDATE, RECURRENCE-ID) within a
// horizon, time zones (TZID, VTIMEZONE, Windows names) and the expansion budget
// (tests/fuzz/README.md). Input: the calendar's text.
#include "meetings/ics_import.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace meetings = commonsbot::meetings;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  meetings::ics_options opts;
  opts.tenant = "T1";
  opts.source = "https://calendar.example/school.ics";
  opts.default_zone = "Pacific/Auckland";
  opts.from = {2026, 1, 1};
  opts.to = {2027, 12, 31};
  const auto result = meetings::import_meetings(text, opts);
  // A document that was not read yields no meetings, and says why.
  if (!result.parsed && (!result.meetings.empty() || result.problems.empty())) std::abort();
  const auto holidays = meetings::import_holidays(text);
  if (!holidays.parsed && !holidays.holidays.empty()) std::abort();
  return 0;
}
