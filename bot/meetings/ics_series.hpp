// One VEVENT series (a master and its RECURRENCE-ID overrides) turned into the wall times of
// its occurrences in the meeting's zone. libical expands the RRULE; EXDATE, RDATE and the
// overrides are applied here so each rule is visible and tested. Internal to bot/meetings.
#pragma once

#include "meetings/ics_parse.hpp"
#include "schedule/zone.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace commonsbot::meetings::ics {

// Finds the IANA zone a TZID means (cached per document).
class zone_resolver {
 public:
  zone_resolver(icalcomponent* root, schedule::zone fallback) : root_(root), fallback_(std::move(fallback)) {}
  // nullopt for a TZID that names no zone we know.
  std::optional<schedule::zone> find(const std::string& tzid);
  const schedule::zone& fallback() const { return fallback_; }

 private:
  icalcomponent* root_;
  schedule::zone fallback_;
  std::map<std::string, std::optional<schedule::zone>> cache_;
};

// How many repeat-rule steps one whole calendar may take, over all its events and all
// their RRULEs: a file with thousands of events, each with many rules, must not keep the
// importer busy for minutes. Series after the budget runs out are left out, and said so.
struct expansion_budget {
  static constexpr long long per_calendar = 200'000;
  long long left = per_calendar;
};

struct series_input {
  icalcomponent* master = nullptr;
  std::vector<icalcomponent*> overrides;  // same UID, with RECURRENCE-ID
};

struct expanded {
  schedule::zone zone;                     // the meeting's zone
  std::vector<schedule::local_time> when;  // sorted, unique, within [from, to]
  int duration_minutes = 60;
};

// nullopt (with a problem when it is worth saying) for a series that is not a timed meeting.
std::optional<expanded> expand(const series_input& s, zone_resolver& zones, schedule::civil_date from,
                               schedule::civil_date to, std::vector<std::string>& problems, expansion_budget& budget);

}  // namespace commonsbot::meetings::ics
