// The answers of /library meetings add that need reading beyond "some text": learning
// areas, year levels, who attends, weekdays, the time, the zone, term time and a typed nudge
// rule. A bad answer says what was wrong with a hint and returns "bad", which the flow routes
// back to the same question; a skipped optional one takes its default.
#include "collab/action_text.hpp"
#include "collab/content.hpp"
#include "collab/plan_input.hpp"
#include "collab/plan_people.hpp"
#include "collab/profile_fields.hpp"
#include "collab/profile_zones.hpp"
#include "core/text.hpp"
#include "flows/engine.hpp"
#include "nudges/meeting_input.hpp"
#include "nudges/meeting_words.hpp"
#include "schedule/zone.hpp"

#include <nlohmann/json.hpp>

namespace commonsbot::nudges::detail {
namespace {

using collab::bad_answer;
using collab::say;
using collab::var;
using flows::action_call;
using flows::action_result;

nlohmann::json as_array(const std::vector<std::string>& items) {
  nlohmann::json a = nlohmann::json::array();
  for (const auto& i : items) a.push_back(i);
  return a;
}

action_result read_areas(action_call& call, const context& ctx) {
  const std::string text = core::trim(var(call, "areas_text"));
  call.vars["areas"] = nlohmann::json::array();
  if (text.empty()) return {};  // skipped: the meeting covers every area
  std::vector<collab::people::learning_area> areas;
  if (ctx.services && ctx.services->words)
    areas = collab::people::learning_areas_of(*ctx.services->words, call.ctx.flows.messages(), call.ctx.locale);
  const auto got = collab::people::match_learning_areas(text, areas);
  if (!got.bad.empty() || got.ids.empty())
    return bad_answer(call.ctx, "meetings.bad_areas", "meetings.hint_areas", {{"bad", got.bad.empty() ? text : got.bad}});
  call.vars["areas"] = as_array(got.ids);
  return {};
}

action_result read_years(action_call& call) {
  const std::string text = core::trim(var(call, "years_text"));
  call.vars["years"] = nlohmann::json::array();
  if (text.empty()) return {};
  const auto got = collab::people::parse_year_levels(text);
  if (!got.bad.empty() || got.levels.empty())
    return bad_answer(call.ctx, "meetings.bad_years", "meetings.hint_years", {{"bad", got.bad.empty() ? text : got.bad}});
  call.vars["years"] = as_array(got.levels);
  return {};
}

action_result read_who(action_call& call) {
  const std::string text = core::trim(var(call, "who_text"));
  call.vars["attendees"] = nlohmann::json::array();
  if (text.empty()) return {};  // skipped: the whole library team
  // Unlike a plan's partners, the person adding a meeting may well go to it, so nobody is
  // left out as "me": resolve as someone with no user id of their own.
  core::person asker = *call.ctx.person;
  asker.user_id.clear();
  const collab::mentioned found = collab::resolve_mentions(*call.ctx.records, asker, text);
  if (!found.unknown.empty())
    return bad_answer(call.ctx, "meetings.unknown_people", "meetings.hint_who",
                      {{"names", collab::join_names(found.unknown, say(call, "meetings.and"))}});
  constexpr std::size_t max_attendees = 60;
  if (found.people.size() > max_attendees)
    return bad_answer(call.ctx, "meetings.too_many_people", "meetings.hint_who", {{"max", std::to_string(max_attendees)}});
  std::vector<std::string> keys;
  for (const auto& p : found.people) keys.push_back(p.key());
  call.vars["attendees"] = as_array(keys);
  return {};
}

action_result read_days(action_call& call) {
  const std::string text = var(call, "days_text");
  const auto got = parse_weekdays(text);
  if (!got.bad.empty()) return bad_answer(call.ctx, "meetings.bad_days", "meetings.hint_days", {{"bad", got.bad}});
  if (got.days.empty()) return bad_answer(call.ctx, "meetings.no_days", "meetings.hint_days");
  call.vars["days"] = got.days;
  return {};
}

action_result read_time(action_call& call) {
  const std::string text = core::trim(var(call, "time_text"));
  const auto t = parse_clock_time(text);
  if (!t) return bad_answer(call.ctx, "meetings.bad_time", "meetings.hint_time", {{"text", text}});
  call.vars["hour"] = t->hour;
  call.vars["minute"] = t->minute;
  call.vars["time_shown"] = show_clock_time(t->hour, t->minute);
  return {};
}

action_result read_zone(action_call& call, const collab::people::time_zones& zones) {
  const std::string text = core::trim(var(call, "zone_text"));
  if (text.empty()) {
    const std::string fallback = var(call, "default_zone");
    if (fallback.empty()) return bad_answer(call.ctx, "meetings.need_zone", "meetings.hint_zone");
    call.vars["zone"] = fallback;
    return {};
  }
  auto name = collab::people::match_time_zone(text, zones.names());
  // The scheduler reads zones through date/tz: only a zone it knows will ever fire.
  if (!name || !schedule::zone::find(*name))
    return bad_answer(call.ctx, "meetings.bad_zone", "meetings.hint_zone", {{"text", text}});
  call.vars["zone"] = *name;
  return {};
}

action_result read_terms(action_call& call) {
  const std::string text = core::trim(var(call, "terms_text"));
  if (text.empty()) {
    auto it = call.vars.find("terms_default");
    call.vars["terms"] = it != call.vars.end() && it->is_boolean() && it->get<bool>();
    return {};
  }
  const auto yes = parse_yes_no(text);
  if (!yes) return bad_answer(call.ctx, "meetings.bad_terms", "meetings.hint_terms", {{"text", text}});
  call.vars["terms"] = *yes;
  return {};
}

action_result read_rule(action_call& call) {
  const std::string text = core::trim(var(call, "rule_text"));
  const auto rule = meetings::parse_nudge_rule(core::to_lower_ascii(text));
  if (!rule) return bad_answer(call.ctx, "meetings.bad_rule", "meetings.hint_rule", {{"text", text}});
  call.vars["rule"] = meetings::to_string(*rule);
  return {};
}

}  // namespace

void add_meeting_add_actions(flows::action_registry& actions, const context& ctx) {
  // Zone data is read once, here, not in an action: the system's zone names, and date/tz's
  // database (loaded on its first lookup).
  const auto& zones = collab::people::time_zones::system();
  (void)schedule::zone::find("UTC");
  actions.add("meetings.read_areas", [&ctx](action_call& c) { return read_areas(c, ctx); }, {"bad"});
  actions.add("meetings.read_years", read_years, {"bad"});
  actions.add("meetings.read_who", read_who, {"bad"});
  actions.add("meetings.read_days", read_days, {"bad"});
  actions.add("meetings.read_time", read_time, {"bad"});
  actions.add("meetings.read_zone", [&zones](action_call& c) { return read_zone(c, zones); }, {"bad"});
  actions.add("meetings.read_terms", read_terms, {"bad"});
  actions.add("meetings.read_rule", read_rule, {"bad"});
}

}  // namespace commonsbot::nudges::detail
