// /library meetings: meetings.start reads the first word (list, add, remove), lists the
// school's meetings for anyone, and lets only library staff and admins go on to add or
// remove one (everyone else is told who can, and that they can still look).
#include "collab/action_text.hpp"
#include "core/text.hpp"
#include "flows/engine.hpp"
#include "nudges/actions.hpp"
#include "nudges/meeting_words.hpp"

#include <nlohmann/json.hpp>

namespace commonsbot::nudges::detail {
namespace {

using collab::say;
using flows::action_call;
using flows::action_result;

action_result list(action_call& call, const context& ctx) {
  action_result r;
  core::message m;
  const auto all = meetings_of(*call.ctx.records, tenant_of(call));
  const bool staff = may_change_meetings(call.ctx.role);
  if (all.empty()) {
    m.text = say(call, staff ? "meetings.list_none_staff" : "meetings.list_none");
  } else {
    m.text = say(call, "meetings.list_intro", {{"count", std::to_string(all.size())}});
    for (const auto& one : all) m.sections.push_back(meeting_section(call, ctx, one));
    m.context = say(call, staff ? "meetings.list_hint_staff" : "meetings.list_hint");
  }
  r.replies.push_back(std::move(m));
  return r;
}

action_result refused(action_call& call, const std::string& what) {
  action_result r;
  core::message m = collab::text_message(
      say(call, "meetings.refused", {{"what", what}, {"role", std::string(core::display_name(call.ctx.role))}}));
  m.ephemeral = true;
  r.replies.push_back(std::move(m));
  return r;
}

// The answers `add` can offer as defaults, worked out once at the start: the zone (the
// person's, else the school's) and whether the school has term dates.
void prepare_add(action_call& call, const context& ctx) {
  const tenant_settings& t = settings_for(ctx, tenant_of(call));
  std::string zone = call.ctx.person ? call.ctx.person->time_zone : "";
  if (zone.empty()) zone = t.time_zone;
  call.vars["default_zone"] = zone;
  call.vars["zone_note"] = zone.empty() ? say(call, "meetings.zone_note_none")
                                        : say(call, "meetings.zone_note", {{"zone", zone}});
  const bool has_terms = !t.calendar.terms.empty() || !t.calendar.holidays.empty();
  call.vars["terms_default"] = has_terms;
  call.vars["terms_note"] = say(call, has_terms ? "meetings.terms_note_yes" : "meetings.terms_note_no");

  // The nudge choice names the school's usual rule in words.
  std::vector<meetings::nudge_rule> usual = t.rules.empty() ? std::vector{meetings::default_nudge_rule()} : t.rules;
  for (auto& r : usual) r.teachers = false;
  nlohmann::json options = nlohmann::json::array();
  options.push_back({{"id", "default"}, {"label", say(call, "meetings.nudge_default", {{"rule", rules_words(call, usual)}})}});
  options.push_back({{"id", "day_before"}, {"label", say(call, "meetings.nudge_day_before")}});
  options.push_back({{"id", "two_hours"}, {"label", say(call, "meetings.nudge_two_hours")}});
  options.push_back({{"id", "custom"}, {"label", say(call, "meetings.nudge_custom")}});
  call.vars["nudge_options"] = std::move(options);
}

action_result start(action_call& call, const context& ctx) {
  const std::string word = call.args.empty() ? "" : core::to_lower_ascii(call.args.front());
  if (word.empty() || word == "list" || word == "show") return list(call, ctx);
  const bool add = word == "add" || word == "new";
  const bool remove = word == "remove" || word == "delete" || word == "rm";
  if (!add && !remove) {
    action_result r;
    r.replies.push_back(collab::text_message(say(call, "meetings.unknown_word", {{"word", call.args.front()}})));
    return r;
  }
  if (!may_change_meetings(call.ctx.role))
    return refused(call, say(call, add ? "meetings.what_add" : "meetings.what_remove"));
  action_result r;
  if (add) prepare_add(call, ctx);
  if (remove) {
    const auto all = meetings_of(*call.ctx.records, tenant_of(call));
    if (all.empty()) {
      r.replies.push_back(collab::text_message(say(call, "meetings.remove_none")));
      return r;
    }
    std::string ids;
    for (const auto& m : all) ids += (ids.empty() ? "" : ", ") + m.id;
    call.vars["meeting_ids"] = ids;
  }
  r.outcome = add ? "add" : "remove";
  return r;
}

}  // namespace

void add_meeting_list_actions(flows::action_registry& actions, const context& ctx) {
  actions.add("meetings.start", [&ctx](action_call& c) { return start(c, ctx); }, {"add", "remove"});
}

void add_meeting_actions(flows::action_registry& actions, const context& ctx) {
  add_meeting_list_actions(actions, ctx);
  add_meeting_add_actions(actions, ctx);
  add_meeting_save_actions(actions, ctx);
  add_meeting_remove_actions(actions, ctx);
}

}  // namespace commonsbot::nudges::detail
