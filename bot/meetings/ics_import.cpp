#include "meetings/ics_import.hpp"

#include "meetings/ics_parse.hpp"
#include "meetings/ics_series.hpp"

#include <libical/ical.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <map>

namespace commonsbot::meetings {
namespace {

// FNV-1a: the same UID gives the same id on every machine and every re-import.
std::string ics_id(std::string_view uid) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : uid) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  char buf[16];
  std::snprintf(buf, sizeof buf, "%010llx", static_cast<unsigned long long>(h & 0xFFFFFFFFFFULL));
  return std::string("ics-") + buf;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// The starters a nudge offers depend on the kind; the summary usually says which.
std::string guess_kind(const std::string& summary) {
  const auto s = lower(summary);
  if (s.find("syndicate") != std::string::npos) return "syndicate";
  if (s.find("department") != std::string::npos || s.find("faculty") != std::string::npos) return "department";
  if (s.find("staff") != std::string::npos) return "staff";
  return "other";
}

bool has_recurrence_id(icalcomponent* e) {
  return icalcomponent_get_first_property(e, ICAL_RECURRENCEID_PROPERTY) != nullptr;
}

std::optional<schedule::zone> default_zone(const ics_options& opts, std::vector<std::string>& problems) {
  if (auto z = schedule::zone::find(opts.default_zone)) return z;
  problems.push_back("the default time zone \"" + opts.default_zone +
                     "\" is not an IANA zone (e.g. Pacific/Auckland); times without a zone are read as UTC");
  return schedule::zone::find("Etc/UTC");
}

}  // namespace

ics_result import_meetings(std::string_view ics_text, const ics_options& opts) {
  ics_result out;
  auto doc = ics::parse(ics_text);
  out.problems = std::move(doc.problems);
  if (!doc.root) return out;
  out.parsed = true;
  const auto fallback = default_zone(opts, out.problems);
  if (!fallback) {
    out.problems.push_back("no time zone database: nothing imported");
    out.parsed = false;
    return out;
  }

  // Group by UID: the master first seen, then its overrides (which may come before it).
  std::map<std::string, ics::series_input> series;
  std::vector<std::string> order;
  for (auto* e : doc.events) {
    std::string uid = ics::text_of(e, ICAL_UID_PROPERTY);
    if (uid.empty()) {
      if (has_recurrence_id(e)) continue;  // cannot be matched to anything
      // RFC 5545 requires a UID; without one the summary and start keep the id stable.
      uid = "no-uid:" + ics::text_of(e, ICAL_SUMMARY_PROPERTY) + "@" + ics::text_of(e, ICAL_DTSTART_PROPERTY);
    }
    auto [it, fresh] = series.try_emplace(uid);
    if (fresh) order.push_back(uid);
    if (has_recurrence_id(e)) {
      it->second.overrides.push_back(e);
    } else if (it->second.master) {
      out.problems.push_back(ics::event_label(e) + "another event has the same UID; only the first is used");
    } else {
      it->second.master = e;
    }
  }

  ics::zone_resolver zones(doc.root.get(), *fallback);
  ics::expansion_budget budget;
  for (const auto& uid : order) {
    auto s = series[uid];
    if (!s.master) {
      // Only changed occurrences of a series outside this export: each stands alone.
      if (s.overrides.empty()) continue;
      s.master = s.overrides.front();
      s.overrides.clear();
    }
    auto x = ics::expand(s, zones, opts.from, opts.to, out.problems, budget);
    if (!x) continue;
    meeting m;
    m.id = ics_id(uid);
    m.tenant = opts.tenant;
    m.name = ics::text_of(s.master, ICAL_SUMMARY_PROPERTY);
    if (m.name.empty()) m.name = "Untitled meeting";
    m.kind = guess_kind(m.name);
    m.location = ics::text_of(s.master, ICAL_LOCATION_PROPERTY);
    m.duration_minutes = x->duration_minutes;
    m.school_terms_only = false;  // the calendar already says which days
    m.source = opts.source;
    m.when.every = schedule::recurrence::cadence::dates;
    m.when.zone = x->zone.name();
    m.when.dates = std::move(x->when);
    out.meetings.push_back(std::move(m));
  }
  std::sort(out.meetings.begin(), out.meetings.end(), [](const meeting& a, const meeting& b) {
    return std::tie(a.when.dates.front(), a.id) < std::tie(b.when.dates.front(), b.id);
  });
  return out;
}

ics_holidays import_holidays(std::string_view ics_text) {
  ics_holidays out;
  auto doc = ics::parse(ics_text);
  out.problems = std::move(doc.problems);
  if (!doc.root) return out;
  out.parsed = true;
  for (auto* e : doc.events) {
    if (auto* st = icalcomponent_get_first_property(e, ICAL_STATUS_PROPERTY);
        st && icalproperty_get_status(st) == ICAL_STATUS_CANCELLED)
      continue;
    const auto start = ics::read_stamp(icalcomponent_get_first_property(e, ICAL_DTSTART_PROPERTY));
    if (!start) {
      out.problems.push_back(ics::event_label(e) + "it has no start date we can read: left out");
      continue;
    }
    if (start->in != ics::stamp::frame::day) {
      out.problems.push_back(ics::event_label(e) + "it has a time of day, so it is not a holiday (holidays are all-day events): left out");
      continue;
    }
    if (icalcomponent_get_first_property(e, ICAL_RRULE_PROPERTY))
      out.problems.push_back(ics::event_label(e) + "it repeats; only its first dates are used. List each year's dates instead");
    const auto first_day = schedule::days_from_civil(start->wall.date);
    long long last_day = first_day;  // no end: the one day
    if (const auto end = ics::read_stamp(icalcomponent_get_first_property(e, ICAL_DTEND_PROPERTY))) {
      last_day = schedule::days_from_civil(end->wall.date) - 1;  // DTEND is the day after
    } else if (const auto secs = ics::duration_seconds(e); secs && *secs >= 86400) {
      last_day = first_day + *secs / 86400 - 1;
    }
    if (last_day < first_day) last_day = first_day;
    if (last_day - first_day > 366) {
      out.problems.push_back(ics::event_label(e) + "it lasts more than a year, which is not a holiday: left out");
      continue;
    }
    out.holidays.push_back({start->wall.date, schedule::civil_from_days(last_day)});
  }
  std::sort(out.holidays.begin(), out.holidays.end(),
            [](const auto& a, const auto& b) { return std::tie(a.first, a.last) < std::tie(b.first, b.last); });
  out.holidays.erase(std::unique(out.holidays.begin(), out.holidays.end()), out.holidays.end());
  return out;
}

}  // namespace commonsbot::meetings
