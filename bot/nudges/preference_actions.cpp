// /library nudges [on|off], pause, back and quiet: each changes the person's own record
// (people collection) and says what it now means for their nudges. Dates are read in the
// person's zone (else the school's), so "pause until Friday's date" ends when their Friday does.
#include "collab/action_text.hpp"
#include "collab/nudge_settings.hpp"
#include "collab/people_records.hpp"
#include "core/keys.hpp"
#include "core/text.hpp"
#include "nudges/actions.hpp"
#include "nudges/fire_support.hpp"
#include "nudges/nudge_content.hpp"
#include "nudges/preferences.hpp"
#include "schedule/zone.hpp"

#include <nlohmann/json.hpp>

namespace commonsbot::nudges::detail {
namespace {

using flows::action_call;
using flows::action_result;

void save(action_call& call, const core::person& me) {
  call.out.writes.put(std::string(core::collections::people), collab::person_record_key(me), me);
}

schedule::civil_date today_for(const context& c, const core::person& p, long long now_ms) {
  auto z = schedule::zone::find(zone_for(p, settings_of(c, p.tenant), ""));
  if (!z) z = schedule::zone::find("UTC");
  return z ? z->to_local(now_ms).date : schedule::civil_from_days(now_ms / 86'400'000LL);
}

action_result show(action_call& call) {
  if (!call.args.empty()) return {};  // "/library nudges off": straight to the switch
  core::message card;
  card.text = collab::say(call, "nudges.settings_title", {{"name", call.ctx.person_name}});
  card.sections.push_back({"", "", collab::nudge_setting_fields(call.ctx, *call.ctx.person)});
  card.context = collab::say(call, "nudges.settings_how");
  return collab::reply_message(std::move(card), "shown");
}

action_result turn(action_call& call) {
  core::person me = *call.ctx.person;
  me.nudges.off = collab::var(call, "switch") == "off";
  save(call, me);
  return collab::reply_message(collab::text_message(collab::say(call, me.nudges.off ? "nudges.now_off" : "nudges.now_on")));
}

action_result pause(action_call& call, const context& c) {
  core::person me = *call.ctx.person;
  const std::string answer = core::trim(collab::var(call, "answer"));
  const auto until = parse_pause(answer, today_for(c, me, call.ctx.now_ms));
  if (!until) return collab::bad_answer(call.ctx, "pause.bad", "pause.hint", {{"answer", answer}});
  me.nudges.paused_until = schedule::to_iso(*until);
  save(call, me);
  core::message m = collab::text_message(collab::say(call, "pause.done", {{"date", friendly_date(*until)}}));
  m.choices.push_back({flows::record_button(back_action, me.key()), collab::say(call, "pause.back_button"), "back"});
  return collab::reply_message(std::move(m));
}

action_result back(action_call& call) {
  core::person me = *call.ctx.person;
  if (me.nudges.paused_until.empty())
    return collab::reply_message(collab::text_message(collab::say(call, me.nudges.off ? "back.not_paused_off" : "back.not_paused")));
  me.nudges.paused_until.clear();
  save(call, me);
  return collab::reply_message(collab::text_message(collab::say(call, me.nudges.off ? "back.done_off" : "back.done", {{"name", call.ctx.person_name}})));
}

action_result quiet(action_call& call) {
  core::person me = *call.ctx.person;
  const std::string answer = core::trim(collab::var(call, "answer"));
  const std::string lower = core::to_lower_ascii(answer);
  if (lower == "off" || lower == "none" || lower == "no") {
    me.nudges.quiet_from.clear();
    me.nudges.quiet_to.clear();
    save(call, me);
    return collab::reply_message(collab::text_message(collab::say(call, "quiet.off")));
  }
  const auto q = parse_quiet(answer);
  if (!q) return collab::bad_answer(call.ctx, "quiet.bad", "quiet.hint", {{"answer", answer}});
  me.nudges.quiet_from = q->from;
  me.nudges.quiet_to = q->to;
  save(call, me);
  return collab::reply_message(collab::text_message(
      collab::say(call, "quiet.done", {{"from", friendly_time(q->from)}, {"to", friendly_time(q->to)}})));
}

}  // namespace

void add_preference_actions(flows::action_registry& actions, const context& ctx) {
  actions.add("nudges.show", [](action_call& call) { return show(call); }, {"shown"});
  actions.add("nudges.switch", [](action_call& call) { return turn(call); });
  actions.add("nudges.pause", [&ctx](action_call& call) { return pause(call, ctx); }, {"bad"});
  actions.add("nudges.quiet", [](action_call& call) { return quiet(call); }, {"bad"});
  // Also the "I'm back" button on the pause reply (payload: the person's key).
  actions.add_button(std::string(back_action), [](action_call& call) { return back(call); });
}

}  // namespace commonsbot::nudges::detail
