// The pieces of an iCalendar document both readers (meetings, holidays) need, over libical:
// parsing without crashing on bad input, finding the events, and reading a date-time
// property as what it says (a wall time in a named zone, a UTC instant, a floating time or a
// whole day) so each reader can convert it the way it needs. Internal to bot/meetings.
#pragma once

#include "schedule/civil_time.hpp"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct icalcomponent_impl;
typedef struct icalcomponent_impl icalcomponent;
struct icalproperty_impl;
typedef struct icalproperty_impl icalproperty;
struct icaltimetype;

namespace commonsbot::meetings::ics {

struct component_free {
  void operator()(icalcomponent* c) const;
};
using component_ptr = std::unique_ptr<icalcomponent, component_free>;

struct parsed_document {
  component_ptr root;                  // null when the text is not iCalendar
  std::vector<icalcomponent*> events;  // every VEVENT, in file order (owned by root)
  std::vector<std::string> problems;   // why it is not iCalendar, or lines libical rejected
};

// Parses `text`; never throws. root is null (with a problem in words) for text that is not
// an iCalendar document or is cut short.
parsed_document parse(std::string_view text);

// A DTSTART, DTEND, EXDATE, RDATE or RECURRENCE-ID value as written.
struct stamp {
  enum class frame { floating, utc, zoned, day };
  frame in = frame::floating;
  schedule::local_time wall;  // the written date and time (00:00 for a day)
  std::string tzid;           // zoned only: the TZID parameter as written
};

std::optional<stamp> read_stamp(icalproperty* p);
// All values of the properties of `kind` (icalproperty_kind) on `event` (EXDATE, RDATE).
std::vector<stamp> read_stamps(icalcomponent* event, int kind);

// The wall time of an iCalendar time as written (no zone applied; 00:00 for a DATE).
schedule::local_time wall_of(const icaltimetype& t);

// The text of the first property of `kind`, or "".
std::string text_of(icalcomponent* event, int kind);

// The value of X-LIC-LOCATION (or TZID) of the document's VTIMEZONE whose TZID is `tzid`:
// some exporters name their zone oddly but say where it is there.
std::string vtimezone_location(icalcomponent* root, std::string_view tzid);

// Seconds of a DURATION property, if the event has one.
std::optional<long long> duration_seconds(icalcomponent* event);

// "event <UID> (<SUMMARY>): " for problems.
std::string event_label(icalcomponent* event);

}  // namespace commonsbot::meetings::ics
