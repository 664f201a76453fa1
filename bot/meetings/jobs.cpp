#include "meetings/jobs.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

namespace commonsbot::meetings {
namespace {

using schedule::civil_date;
using schedule::date_range;
using schedule::local_time;
using schedule::recurrence;

civil_date add_days(civil_date d, long long n) { return schedule::civil_from_days(schedule::days_from_civil(d) + n); }

// Terms intersected with ranges the meeting already had (an imported series' own span).
std::vector<date_range> intersect(const std::vector<date_range>& a, const std::vector<date_range>& b) {
  std::vector<date_range> out;
  for (const auto& x : a)
    for (const auto& y : b) {
      const date_range both{std::max(x.first, y.first), std::min(x.last, y.last)};
      if (!(both.last < both.first)) out.push_back(both);
    }
  return out;
}

// How far a rule moves a wall time `t`: the nudge's wall time and how many days earlier it is.
struct shifted {
  local_time at;
  int days = 0;
};

shifted shift(const local_time& t, const nudge_rule& rule) {
  if (rule.when == nudge_rule::timing::days_before_at)
    return {{add_days(t.date, -rule.days), rule.hour, rule.minute}, rule.days};
  // "2h before" is counted on the meeting's wall clock, so a 08:15 meeting is nudged at 06:15
  // on every date, DST change or not; before midnight it moves to the day(s) before.
  int minutes = t.hour * 60 + t.minute - rule.minutes;
  int days = 0;
  while (minutes < 0) {
    minutes += 24 * 60;
    ++days;
  }
  return {{add_days(t.date, -days), minutes / 60, minutes % 60}, days};
}

bool allowed(const recurrence& r, civil_date d) {
  if (!r.within.empty() &&
      std::none_of(r.within.begin(), r.within.end(), [&](const date_range& x) { return x.first <= d && d <= x.last; }))
    return false;
  return std::find(r.except.begin(), r.except.end(), d) == r.except.end();
}

// The meeting's rule moved earlier. Terms and holidays keep applying to the MEETING's date:
// they move by the same days as the weekdays do (so the Sunday nudge before a Monday in the
// first week of term still goes). A list of dates is filtered first and then moved, since each
// listed time may move by a different number of days.
recurrence nudge_rule_for(const recurrence& meeting, const nudge_rule& rule) {
  recurrence r = meeting;
  if (meeting.every == recurrence::cadence::dates) {
    r.dates.clear();
    r.within.clear();
    r.except.clear();
    for (const auto& t : meeting.dates)
      if (allowed(meeting, t.date)) r.dates.push_back(shift(t, rule).at);
    std::sort(r.dates.begin(), r.dates.end());
    r.dates.erase(std::unique(r.dates.begin(), r.dates.end()), r.dates.end());
    return r;
  }
  const auto s = shift({meeting.anchor, meeting.hour, meeting.minute}, rule);
  const int days = s.days;
  r.hour = s.at.hour;
  r.minute = s.at.minute;
  for (int& w : r.weekdays) w = ((w - 1 - days) % 7 + 7) % 7 + 1;
  if (meeting.every == recurrence::cadence::fortnightly && !meeting.weekdays.empty()) {
    // Anchor on a real meeting day of the "on" week, then move it: the nudge's week parity
    // follows that day. (A fortnightly series on several weekdays whose nudges straddle a
    // Monday differently would need two rules; the first weekday decides.)
    const long long monday = schedule::days_from_civil(meeting.anchor) - (schedule::iso_weekday(meeting.anchor) - 1);
    const int first = *std::min_element(meeting.weekdays.begin(), meeting.weekdays.end());
    r.anchor = schedule::civil_from_days(monday + first - 1 - days);
  }
  for (auto& range : r.within) range = {add_days(range.first, -days), add_days(range.last, -days)};
  for (auto& d : r.except) d = add_days(d, -days);
  return r;
}

}  // namespace

recurrence effective_rule(const meeting& m, const school_calendar& cal) {
  recurrence r = m.when;
  if (!m.school_terms_only) return r;
  if (!cal.terms.empty()) r.within = r.within.empty() ? cal.terms : intersect(r.within, cal.terms);
  std::set<civil_date> except(r.except.begin(), r.except.end());
  for (const auto& h : cal.holidays)
    for (long long d = schedule::days_from_civil(h.first); d <= schedule::days_from_civil(h.last); ++d)
      except.insert(schedule::civil_from_days(d));
  r.except.assign(except.begin(), except.end());
  return r;
}

schedule::job nudge_job(const meeting& m, const school_calendar& cal, const nudge_rule& rule, std::size_t index) {
  schedule::job j;
  j.id = "nudge-" + m.id + "-" + std::to_string(index);
  j.tenant = m.tenant;
  j.kind = "nudge";
  j.rule = nudge_rule_for(effective_rule(m, cal), rule);
  j.payload = {{"meeting", m.id}, {"rule", index}};
  return j;
}

std::vector<schedule::job> nudge_jobs(const meeting& m, const school_calendar& cal, const std::vector<nudge_rule>& rules) {
  std::vector<schedule::job> out;
  for (std::size_t i = 0; i < rules.size(); ++i) out.push_back(nudge_job(m, cal, rules[i], i));
  return out;
}

schedule::job reflect_job(const std::string& tenant, const std::string& plan_id, const std::string& ends,
                          const std::string& zone) {
  schedule::job j;
  j.id = "reflect-" + plan_id;
  j.tenant = tenant;
  j.kind = "reflect";
  j.rule.every = recurrence::cadence::dates;
  j.rule.weekdays.clear();
  j.rule.zone = zone;
  // A date that does not parse leaves the list empty: check() then says so and the
  // scheduler keeps the job out of its index instead of guessing.
  if (const auto d = schedule::parse_date(ends)) j.rule.dates = {{*d, 15, 0}};
  j.payload = {{"plan", plan_id}};
  return j;
}

job_changes diff(const std::map<std::string, schedule::job, std::less<>>& existing, const std::vector<schedule::job>& wanted,
                 std::string_view tenant) {
  job_changes changes;
  std::set<std::string, std::less<>> wanted_keys;
  for (const auto& w : wanted) {
    wanted_keys.insert(w.key());
    const auto it = existing.find(w.key());
    if (it == existing.end() || it->second.kind != w.kind || it->second.rule != w.rule) {
      changes.put.push_back(w);  // new or rescheduled: the scheduler plans it afresh
      continue;
    }
    if (it->second.payload == w.payload) continue;
    schedule::job keep = w;  // same times: keep how far it has got
    keep.last_fire_id = it->second.last_fire_id;
    keep.next_due_ms = it->second.next_due_ms;
    keep.next_local = it->second.next_local;
    changes.put.push_back(std::move(keep));
  }
  for (const auto& [key, j] : existing)
    if (j.tenant == tenant && (j.kind == "nudge" || j.kind == "reflect") && !wanted_keys.contains(key))
      changes.remove.push_back(key);
  return changes;
}

}  // namespace commonsbot::meetings
