#include "nudges/meeting_words.hpp"

#include "collab/action_text.hpp"
#include "collab/people_records.hpp"
#include "collab/plan_input.hpp"
#include "collab/profile_fields.hpp"
#include "core/keys.hpp"
#include "flows/engine.hpp"
#include "meetings/jobs.hpp"
#include "nudges/meeting_input.hpp"
#include "schedule/zone.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <exception>

namespace commonsbot::nudges::detail {
namespace {

using collab::say;

// "m2" < "m10": ids with a number sort by it, others after, by name.
bool id_before(const std::string& a, const std::string& b) {
  auto number = [](const std::string& id) -> long long {
    if (id.size() < 2 || id[0] != 'm') return -1;
    long long n = 0;
    for (std::size_t i = 1; i < id.size(); ++i) {
      if (id[i] < '0' || id[i] > '9' || n > 1'000'000'000) return -1;
      n = n * 10 + (id[i] - '0');
    }
    return n;
  };
  const long long x = number(a), y = number(b);
  if ((x < 0) != (y < 0)) return x >= 0;
  return x != y ? x < y : a < b;
}

std::string and_word(const flows::action_call& call) { return say(call, "meetings.and"); }

std::string days_words(const flows::action_call& call, const std::vector<int>& days) {
  if (days.size() == 5 && days.front() == 1 && days.back() == 5) return say(call, "meetings.weekdays");
  std::vector<std::string> names;
  for (int d : days)
    if (d >= 1 && d <= 7) names.push_back(say(call, "meetings.days_plural." + std::to_string(d)));
  return collab::join_names(names, and_word(call));
}

std::string rule_words(const flows::action_call& call, const meetings::nudge_rule& r) {
  std::string out;
  if (r.when == meetings::nudge_rule::timing::days_before_at) {
    const std::string at = show_clock_time(r.hour, r.minute);
    if (r.days == 0) out = say(call, "meetings.rule_same_day", {{"time", at}});
    else if (r.days == 1) out = say(call, "meetings.rule_day_before", {{"time", at}});
    else out = say(call, "meetings.rule_days_before", {{"days", std::to_string(r.days)}, {"time", at}});
  } else if (r.minutes % 60 == 0) {
    const int hours = r.minutes / 60;
    out = say(call, hours == 1 ? "meetings.rule_hour_before" : "meetings.rule_hours_before", {{"hours", std::to_string(hours)}});
  } else {
    out = say(call, "meetings.rule_minutes_before", {{"minutes", std::to_string(r.minutes)}});
  }
  if (r.teachers) out += say(call, "meetings.rule_teachers_too");
  return out;
}

// "Monday 9 March, 3pm".
std::string local_words(const flows::action_call& call, const schedule::local_time& t) {
  const int wd = schedule::iso_weekday(t.date);
  return say(call, "meetings.at_local", {{"day", say(call, "meetings.days." + std::to_string(wd))},
                                         {"date", std::to_string(t.date.day)},
                                         {"month", say(call, "meetings.months." + std::to_string(t.date.month))},
                                         {"time", show_clock_time(t.hour, t.minute)}});
}

std::string source_words(const flows::action_call& call, const meetings::meeting& m) {
  if (m.source == "chat") {
    const std::string who = m.created_by.empty() ? "" : collab::name_of(*call.ctx.records, m.tenant, m.created_by);
    return who.empty() ? say(call, "meetings.source_chat_anon") : say(call, "meetings.source_chat", {{"name", who}});
  }
  if (m.source == "config") return say(call, "meetings.source_config");
  return say(call, "meetings.source_calendar", {{"source", m.source}});
}

}  // namespace

const tenant_settings& settings_for(const context& ctx, const std::string& tenant) {
  static const tenant_settings none;
  auto it = ctx.tenants.find(tenant);
  return it == ctx.tenants.end() ? none : it->second;
}

std::vector<meetings::meeting> meetings_of(const flows::record_view& records, const std::string& tenant) {
  std::vector<meetings::meeting> out;
  for (const auto& [key, j] : records.scan(meetings::collection, core::tenant_prefix(tenant))) {
    try {
      auto m = j.get<meetings::meeting>();
      if (m.tenant.empty()) m.tenant = tenant;
      out.push_back(std::move(m));
    } catch (const std::exception&) {
      // someone else's bad record: leave it out of the list rather than fail the whole list
    }
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return id_before(a.id, b.id); });
  return out;
}

std::optional<meetings::meeting> find_meeting(const flows::record_view& records, const std::string& tenant,
                                              const std::string& id) {
  if (id.empty() || id.find('/') != std::string::npos) return std::nullopt;
  auto j = records.get(meetings::collection, core::tenant_key(tenant, id));
  if (!j) return std::nullopt;
  try {
    auto m = j->get<meetings::meeting>();
    if (m.tenant.empty()) m.tenant = tenant;
    return m;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::vector<meetings::nudge_rule> rules_for(const meetings::meeting& m, const tenant_settings& t) {
  if (!m.nudges.empty()) return m.nudges;
  if (!t.rules.empty()) return t.rules;
  return {meetings::default_nudge_rule()};
}

std::string when_words(const flows::action_call& call, const meetings::meeting& m) {
  const auto& r = m.when;
  std::string out;
  const std::string zone = r.zone.empty() ? say(call, "meetings.no_zone") : r.zone;
  switch (r.every) {
    case schedule::recurrence::cadence::weekly:
      out = say(call, "meetings.when_weekly",
                {{"days", days_words(call, r.weekdays)}, {"time", show_clock_time(r.hour, r.minute)}, {"zone", zone}});
      break;
    case schedule::recurrence::cadence::fortnightly:
      out = say(call, "meetings.when_fortnightly",
                {{"days", days_words(call, r.weekdays)}, {"time", show_clock_time(r.hour, r.minute)}, {"zone", zone}});
      break;
    case schedule::recurrence::cadence::dates:
      out = say(call, r.dates.size() == 1 ? "meetings.when_one_date" : "meetings.when_dates",
                {{"count", std::to_string(r.dates.size())}, {"zone", zone}});
      break;
  }
  if (m.school_terms_only) out += say(call, "meetings.term_time");
  return out;
}

std::string rules_words(const flows::action_call& call, const std::vector<meetings::nudge_rule>& rules) {
  std::vector<std::string> parts;
  for (const auto& r : rules) parts.push_back(rule_words(call, r));
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? "; " : "") + parts[i];
  return out;
}

std::string next_nudge_words(const flows::action_call& call, const context& ctx, const meetings::meeting& m) {
  const tenant_settings& t = settings_for(ctx, m.tenant);
  std::optional<long long> first;
  try {
    if (!meetings::check(m).empty()) return say(call, "meetings.next_unscheduled");
    for (const auto& job : meetings::nudge_jobs(m, t.calendar, rules_for(m, t))) {
      auto z = schedule::zone::find(job.rule.zone);
      if (!z) continue;
      if (auto next = schedule::next_after(job.rule, *z, call.ctx.now_ms); next && (!first || next->utc_ms < *first))
        first = next->utc_ms;
    }
  } catch (const std::exception&) {
    return say(call, "meetings.next_unscheduled");
  }
  if (!first) return say(call, "meetings.next_none");
  // The reader's zone, else the school's, else the meeting's own.
  std::string zone_name = call.ctx.person ? call.ctx.person->time_zone : "";
  auto z = zone_name.empty() ? std::nullopt : schedule::zone::find(zone_name);
  if (!z && !t.time_zone.empty()) z = schedule::zone::find(t.time_zone);
  if (!z) z = schedule::zone::find(m.when.zone);
  if (!z) return say(call, "meetings.next_unscheduled");
  return say(call, "meetings.next_at", {{"when", local_words(call, z->to_local(*first))}, {"zone", z->name()}});
}

core::section meeting_section(const flows::action_call& call, const context& ctx, const meetings::meeting& m) {
  core::section s;
  s.title = say(call, "meetings.card_title", {{"id", m.id}, {"name", m.name}});
  const auto& records = *call.ctx.records;
  s.fields.push_back({say(call, "meetings.field_when"), when_words(call, m)});
  if (!m.location.empty()) s.fields.push_back({say(call, "meetings.field_where"), m.location});

  std::vector<std::string> group;
  const std::string kind_key = "meetings.kinds." + m.kind;
  group.push_back(call.ctx.flows.messages().has(kind_key) ? say(call, kind_key) : m.kind);
  if (!m.plans_for.learning_areas.empty()) {
    std::vector<collab::people::learning_area> areas;
    if (ctx.services && ctx.services->words)
      areas = collab::people::learning_areas_of(*ctx.services->words, call.ctx.flows.messages(), call.ctx.locale);
    group.push_back(collab::people::area_labels(m.plans_for.learning_areas, areas));
  }
  if (!m.plans_for.year_levels.empty())
    group.push_back(say(call, "meetings.years", {{"years", collab::people::join(m.plans_for.year_levels)}}));
  if (!m.plans_for.team.empty()) group.push_back(m.plans_for.team);
  s.fields.push_back({say(call, "meetings.field_for"), collab::people::join(group, " \xC2\xB7 ")});

  std::string who;
  if (m.attendees.empty()) {
    who = say(call, "meetings.everyone_library");
  } else {
    std::vector<std::string> names;
    for (const auto& k : m.attendees) names.push_back(collab::name_of(records, m.tenant, k));
    who = collab::join_names(names, and_word(call));
  }
  s.fields.push_back({say(call, "meetings.field_who"), who});
  const tenant_settings& t = settings_for(ctx, m.tenant);
  std::string nudges = rules_words(call, rules_for(m, t));
  if (m.nudges.empty()) nudges += say(call, "meetings.school_default");
  s.fields.push_back({say(call, "meetings.field_nudges"), nudges});
  s.fields.push_back({say(call, "meetings.field_next"), next_nudge_words(call, ctx, m)});
  s.fields.push_back({say(call, "meetings.field_source"), source_words(call, m)});
  return s;
}

bool may_change_meetings(core::role r) { return r == core::role::library_staff || r == core::role::admin; }

std::string tenant_of(const flows::action_call& call) { return call.ctx.person ? call.ctx.person->tenant : ""; }

}  // namespace commonsbot::nudges::detail
