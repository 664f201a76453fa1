// The end of /library meetings add: the meeting the answers describe, shown before saving
// (meetings.preview), and meetings.create, which numbers it ("m3"), saves it and asks the
// schedule loop to plan its nudges once the write is durable.
#include "collab/action_text.hpp"
#include "collab/record_ids.hpp"
#include "core/keys.hpp"
#include "flows/engine.hpp"
#include "nudges/meeting_words.hpp"
#include "schedule/zone.hpp"

#include <nlohmann/json.hpp>

namespace commonsbot::nudges::detail {
namespace {

using collab::say;
using collab::var;
using flows::action_call;
using flows::action_result;

std::vector<std::string> strings(const nlohmann::json& vars, const char* name) {
  std::vector<std::string> out;
  if (auto it = vars.find(name); it != vars.end() && it->is_array())
    for (const auto& v : *it)
      if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

int number(const nlohmann::json& vars, const char* name, int fallback) {
  auto it = vars.find(name);
  return it != vars.end() && it->is_number_integer() ? it->get<int>() : fallback;
}

bool flag(const nlohmann::json& vars, const char* name) {
  auto it = vars.find(name);
  return it != vars.end() && it->is_boolean() && it->get<bool>();
}

// The nudge rules the answers chose; empty means "the school's usual" (so a change to the
// config's rules reaches this meeting too), unless teachers are to get it as well.
std::vector<meetings::nudge_rule> chosen_rules(const action_call& call, const tenant_settings& t) {
  const std::string pick = var(call, "nudge");
  const bool teachers = var(call, "teachers") == "yes";
  std::vector<meetings::nudge_rule> rules;
  if (pick == "day_before") {
    rules.push_back(meetings::parse_nudge_rule("1d@15:00").value_or(meetings::default_nudge_rule()));
  } else if (pick == "two_hours") {
    rules.push_back(meetings::parse_nudge_rule("2h").value_or(meetings::default_nudge_rule()));
  } else if (pick == "custom") {
    if (auto r = meetings::parse_nudge_rule(var(call, "rule"))) rules.push_back(*r);
  }
  if (rules.empty() && teachers) rules = t.rules.empty() ? std::vector{meetings::default_nudge_rule()} : t.rules;
  for (auto& r : rules) r.teachers = teachers;
  return rules;
}

meetings::meeting draft(const action_call& call, const context& ctx) {
  const nlohmann::json& v = call.vars;
  meetings::meeting m;
  m.tenant = tenant_of(call);
  m.name = var(call, "name");
  m.kind = var(call, "kind");
  if (m.kind.empty()) m.kind = "other";
  m.plans_for.learning_areas = strings(v, "areas");
  m.plans_for.year_levels = strings(v, "years");
  m.attendees = strings(v, "attendees");
  auto& r = m.when;
  r.every = var(call, "cadence") == "fortnightly" ? schedule::recurrence::cadence::fortnightly
                                                   : schedule::recurrence::cadence::weekly;
  if (auto it = v.find("days"); it != v.end() && it->is_array())
    for (const auto& d : *it)
      if (d.is_number_integer()) r.weekdays.push_back(d.get<int>());
  r.hour = number(v, "hour", 9);
  r.minute = number(v, "minute", 0);
  r.zone = var(call, "zone");
  if (r.every == schedule::recurrence::cadence::fortnightly) {
    // "This week" is the week of today where the meeting is held; "next week" a week on.
    schedule::civil_date today = schedule::civil_from_days(call.ctx.now_ms / 86'400'000);
    if (auto z = schedule::zone::find(r.zone)) today = z->to_local(call.ctx.now_ms).date;
    const long long shift = var(call, "which_week") == "next_week" ? 7 : 0;
    r.anchor = schedule::civil_from_days(schedule::days_from_civil(today) + shift);
  }
  m.school_terms_only = flag(v, "terms");
  m.location = var(call, "location");
  m.nudges = chosen_rules(call, settings_for(ctx, m.tenant));
  m.source = "chat";
  m.created_by = call.ctx.person ? call.ctx.person->key() : "";
  m.created_ms = call.ctx.now_ms;
  return m;
}

action_result preview(action_call& call, const context& ctx) {
  meetings::meeting m = draft(call, ctx);
  store::transaction scratch;  // only to see which id it would get; never committed
  m.id = collab::take_id(*call.ctx.records, m.tenant, meetings::collection, "m", scratch);
  core::message card;
  card.text = say(call, "meetings.preview");
  card.sections.push_back(meeting_section(call, ctx, m));
  card.sections.back().title = m.name;
  action_result r;
  r.replies.push_back(std::move(card));
  return r;
}

action_result create(action_call& call, const context& ctx) {
  meetings::meeting m = draft(call, ctx);
  store::transaction counter;
  m.id = collab::take_id(*call.ctx.records, m.tenant, meetings::collection, "m", counter);
  action_result r;
  if (const auto problems = meetings::check(m); !problems.empty()) {
    std::string why;
    for (const auto& p : problems) why += (why.empty() ? "" : " ") + p;
    r.replies.push_back(collab::text_message(say(call, "meetings.cannot_save", {{"problems", why}})));
    r.outcome = "invalid";  // nothing saved, not even the counter
    return r;
  }
  call.out.writes.append(std::move(counter));
  call.out.writes.put(std::string(meetings::collection), core::tenant_key(m.tenant, m.id), m);
  call.vars["meeting_id"] = m.id;
  if (ctx.services && ctx.services->schedule_changed) {
    const auto* s = ctx.services;
    call.out.after_commit.push_back([s, tenant = m.tenant] { s->schedule_changed(tenant); });
  }
  core::message card;
  card.text = say(call, "meetings.created", {{"id", m.id}, {"name", m.name}});
  card.sections.push_back(meeting_section(call, ctx, m));
  card.context = say(call, "meetings.created_hint", {{"id", m.id}});
  r.replies.push_back(std::move(card));
  return r;
}

}  // namespace

void add_meeting_save_actions(flows::action_registry& actions, const context& ctx) {
  actions.add("meetings.preview", [&ctx](action_call& c) { return preview(c, ctx); });
  actions.add("meetings.create", [&ctx](action_call& c) { return create(c, ctx); }, {"invalid"},
              flows::only_for({core::role::library_staff}));
}

}  // namespace commonsbot::nudges::detail
