#include "meetings/ics_parse.hpp"

#include <libical/ical.h>

#include <mutex>

namespace commonsbot::meetings::ics {
namespace {

void collect_events(icalcomponent* c, std::vector<icalcomponent*>& out, int depth) {
  if (!c || depth > 8) return;  // real calendars nest two deep; deeper is not worth following
  if (icalcomponent_isa(c) == ICAL_VEVENT_COMPONENT) {
    out.push_back(c);
    return;
  }
  for (auto* sub = icalcomponent_get_first_component(c, ICAL_ANY_COMPONENT); sub;
       sub = icalcomponent_get_next_component(c, ICAL_ANY_COMPONENT))
    collect_events(sub, out, depth + 1);
}

void collect_zones(icalcomponent* c, std::vector<icalcomponent*>& out, int depth) {
  if (!c || depth > 8) return;
  if (icalcomponent_isa(c) == ICAL_VTIMEZONE_COMPONENT) {
    out.push_back(c);
    return;
  }
  for (auto* sub = icalcomponent_get_first_component(c, ICAL_ANY_COMPONENT); sub;
       sub = icalcomponent_get_next_component(c, ICAL_ANY_COMPONENT))
    collect_zones(sub, out, depth + 1);
}

// libical replaces a line it cannot read with X-LIC-ERROR; say which. The texts are gathered
// before labelling: libical keeps one property cursor per component, and reading the UID for
// the label would move it.
void collect_errors(icalcomponent* c, std::vector<std::string>& problems, int depth) {
  if (!c || depth > 8 || problems.size() >= 20) return;
  std::vector<std::string> lines;
  for (auto* p = icalcomponent_get_first_property(c, ICAL_XLICERROR_PROPERTY); p && lines.size() < 20;
       p = icalcomponent_get_next_property(c, ICAL_XLICERROR_PROPERTY)) {
    const char* what = icalproperty_get_xlicerror(p);
    std::string line = what ? what : "unreadable line";
    if (line.size() > 160) line = line.substr(0, 160) + "...";
    lines.push_back(std::move(line));
  }
  const std::string where = icalcomponent_isa(c) == ICAL_VEVENT_COMPONENT && !lines.empty() ? event_label(c) : "";
  for (auto& line : lines) {
    if (problems.size() >= 20) return;
    problems.push_back(where + "a line could not be read and was left out: " + line);
  }
  std::vector<icalcomponent*> subs;
  for (auto* sub = icalcomponent_get_first_component(c, ICAL_ANY_COMPONENT); sub;
       sub = icalcomponent_get_next_component(c, ICAL_ANY_COMPONENT))
    subs.push_back(sub);
  for (auto* sub : subs) collect_errors(sub, problems, depth + 1);
}

bool mentions_calendar(std::string_view text) {
  return text.find("BEGIN:VCALENDAR") != std::string_view::npos || text.find("BEGIN:VEVENT") != std::string_view::npos;
}

bool plausible(const icaltimetype& t) {
  return !icaltime_is_null_time(t) && t.year >= 1900 && t.year <= 2200 && t.month >= 1 && t.month <= 12 &&
         t.day >= 1 && t.day <= 31 && t.hour >= 0 && t.hour <= 23 && t.minute >= 0 && t.minute <= 59;
}

}  // namespace

schedule::local_time wall_of(const icaltimetype& t) {
  schedule::local_time w;
  w.date = {t.year, static_cast<unsigned>(t.month), static_cast<unsigned>(t.day)};
  if (!t.is_date) {
    w.hour = t.hour;
    w.minute = t.minute;
  }
  return w;
}

void component_free::operator()(icalcomponent* c) const {
  if (c) icalcomponent_free(c);
}

parsed_document parse(std::string_view text) {
  static std::once_flag once;
  // A library build that aborts on errors would turn a bad file into a crash.
  std::call_once(once, [] { icalerror_set_errors_are_fatal(0); });
  parsed_document doc;
  if (!mentions_calendar(text)) {
    doc.problems.push_back(
        "this is not an iCalendar (.ics) document: it has no BEGIN:VCALENDAR. Check the address is the "
        "calendar's .ics export (the \"secret address in iCal format\" in Google, \"publish calendar\" in Outlook), "
        "not its web page");
    return doc;
  }
  const std::string copy(text);  // libical wants a C string
  doc.root.reset(icalparser_parse_string(copy.c_str()));
  icalerror_clear_errno();
  if (!doc.root) {
    doc.problems.push_back(
        "the calendar could not be read: it looks cut short or damaged (every BEGIN: needs its END:). "
        "Nothing was changed; export it again and retry");
    return doc;
  }
  collect_events(doc.root.get(), doc.events, 0);
  collect_errors(doc.root.get(), doc.problems, 0);
  return doc;
}

std::optional<stamp> read_stamp(icalproperty* p) {
  if (!p) return std::nullopt;
  icalvalue* v = icalproperty_get_value(p);
  if (!v) return std::nullopt;
  icaltimetype t = icaltime_null_time();
  switch (icalvalue_isa(v)) {
    case ICAL_DATETIME_VALUE: t = icalvalue_get_datetime(v); break;
    case ICAL_DATE_VALUE: t = icalvalue_get_date(v); break;
    case ICAL_DATETIMEPERIOD_VALUE: {
      const auto dp = icalvalue_get_datetimeperiod(v);
      t = icaltime_is_null_time(dp.time) ? dp.period.start : dp.time;
      break;
    }
    case ICAL_PERIOD_VALUE: t = icalvalue_get_period(v).start; break;
    default: return std::nullopt;
  }
  if (!plausible(t)) return std::nullopt;
  stamp s;
  s.wall = wall_of(t);
  if (t.is_date) {
    s.in = stamp::frame::day;
  } else if (icaltime_is_utc(t)) {
    s.in = stamp::frame::utc;
  } else if (auto* param = icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER)) {
    const char* tzid = icalparameter_get_tzid(param);
    if (tzid && *tzid) {
      s.in = stamp::frame::zoned;
      s.tzid = tzid;
    }
  }
  return s;
}

std::vector<stamp> read_stamps(icalcomponent* event, int kind) {
  std::vector<stamp> out;
  const auto k = static_cast<icalproperty_kind>(kind);
  for (auto* p = icalcomponent_get_first_property(event, k); p; p = icalcomponent_get_next_property(event, k))
    if (auto s = read_stamp(p)) out.push_back(*s);
  return out;
}

std::string text_of(icalcomponent* event, int kind) {
  auto* p = icalcomponent_get_first_property(event, static_cast<icalproperty_kind>(kind));
  if (!p) return {};
  icalvalue* v = icalproperty_get_value(p);
  if (!v) return {};
  const char* s = nullptr;
  switch (icalvalue_isa(v)) {
    case ICAL_TEXT_VALUE: s = icalvalue_get_text(v); break;
    default: s = icalproperty_get_value_as_string(p); break;
  }
  return s ? s : "";
}

std::string vtimezone_location(icalcomponent* root, std::string_view tzid) {
  std::vector<icalcomponent*> zones;
  collect_zones(root, zones, 0);
  for (auto* z : zones) {
    if (text_of(z, ICAL_TZID_PROPERTY) != tzid) continue;
    for (auto* p = icalcomponent_get_first_property(z, ICAL_X_PROPERTY); p;
         p = icalcomponent_get_next_property(z, ICAL_X_PROPERTY)) {
      const char* name = icalproperty_get_x_name(p);
      const char* value = icalproperty_get_value_as_string(p);
      if (name && value && std::string_view(name) == "X-LIC-LOCATION") return value;
    }
  }
  return {};
}

std::optional<long long> duration_seconds(icalcomponent* event) {
  auto* p = icalcomponent_get_first_property(event, ICAL_DURATION_PROPERTY);
  if (!p) return std::nullopt;
  const auto d = icalproperty_get_duration(p);
  if (icaldurationtype_is_bad_duration(d) || d.is_neg) return std::nullopt;
  return static_cast<long long>(icaldurationtype_as_int(d));
}

std::string event_label(icalcomponent* event) {
  std::string uid = text_of(event, ICAL_UID_PROPERTY);
  std::string summary = text_of(event, ICAL_SUMMARY_PROPERTY);
  if (uid.size() > 60) uid = uid.substr(0, 60) + "...";
  if (summary.size() > 60) summary = summary.substr(0, 60) + "...";
  std::string out = "event " + (uid.empty() ? std::string("(no UID)") : uid);
  if (!summary.empty()) out += " (" + summary + ")";
  return out + ": ";
}

}  // namespace commonsbot::meetings::ics
