// Which IANA zone an iCalendar TZID means. Google writes IANA names; Outlook writes Windows
// names ("New Zealand Standard Time") or display names ("(UTC+12:00) Auckland, Wellington");
// older exporters prefix a path ("/freeassociation.sourceforge.net/Tzfile/Pacific/Auckland").
// Internal to bot/meetings.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace commonsbot::meetings::ics {

// The IANA name the zoneinfo knows for `tzid`, or nullopt when it cannot be told.
std::optional<std::string> iana_zone_for(std::string_view tzid);

}  // namespace commonsbot::meetings::ics
