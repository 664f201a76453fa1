// Library staff suggest a digest to a teacher (/library subscribe suggest @Mere science);
// the teacher decides, with the buttons on the notice or /library subscribe accept|decline.
// The suggestion waits in the teacher's profile, so only they can take it up, and nothing
// is sent to them until they say yes (digests stay opt-in).
#include "collab/action_text.hpp"
#include "collab/content.hpp"
#include "collab/people_records.hpp"
#include "collab/profile_fields.hpp"
#include "collab/role_mentions.hpp"
#include "core/text.hpp"
#include "digest/actions.hpp"
#include "digest/profile_records.hpp"

#include <nlohmann/json.hpp>

namespace commonsbot::digest::detail {
namespace {

using flows::action_call;
using flows::action_result;
namespace people = collab::people;

inline constexpr std::string_view accept_action = "digest.suggestion_accept";
inline constexpr std::string_view decline_action = "digest.suggestion_decline";

bool may_suggest(core::role r) { return r == core::role::library_staff || r == core::role::admin; }

action_result suggest(action_call& call, const context& c) {
  const auto& ctx = call.ctx;
  const core::person& me = *ctx.person;
  if (!may_suggest(me.role)) return collab::reply_text(collab::say(call, "digest.suggest_refused"), "refused");
  // args: "suggest", the mention, then the areas.
  if (call.args.size() < 3) return collab::reply_text(collab::say(call, "digest.suggest_usage"), "bad");
  const auto m = people::parse_mention(call.args[1], me.platform);
  const auto found = m ? people::resolve_mention(*m, collab::people_of(*ctx.records, me.tenant), me) : std::nullopt;
  // Only someone the bot has met: on the console any name would make up a new person.
  if (!found || !found->known) return collab::reply_text(collab::say(call, "digest.suggest_who", {{"who", call.args[1]}}), "bad");
  std::string typed;
  for (std::size_t i = 2; i < call.args.size(); ++i) typed += (typed.empty() ? "" : " ") + call.args[i];
  std::vector<std::string> ids;
  if (c.services && c.services->words) {
    auto got = people::match_learning_areas(typed, people::learning_areas_of(*c.services->words, ctx.flows.messages(), ctx.locale));
    if (!got.bad.empty() || got.ids.empty())
      return collab::reply_text(collab::say(call, "digest.bad_areas", {{"bad", got.bad.empty() ? typed : got.bad}}) + " " +
                       collab::say(call, "digest.suggest_usage"), "bad");
    ids = got.ids;
  } else {
    ids = people::split_list(typed);
  }
  const core::person& teacher = found->person;
  profile p = profile_for(*ctx.records, teacher);
  suggestion s;
  s.by = me.key();
  s.by_name = collab::name_of(me);
  s.at_ms = ctx.now_ms;
  s.learning_areas = new_profile("", "", ids).learning_areas;
  p.suggested = s;
  const std::string areas = areas_text(ctx, s.learning_areas);
  put_profile(call.out, p);

  core::message note;  // in the teacher's words (their locale), with the two buttons
  const auto& words = ctx.flows.messages();
  const std::string loc = teacher.locale.empty() ? ctx.locale : teacher.locale;
  note.text = words.text(loc, "digest.suggest_notice", {{"by", s.by_name}, {"areas", areas}});
  note.choices.push_back({flows::record_button(accept_action, teacher.key()), words.text(loc, "digest.accept"), "accept"});
  note.choices.push_back({flows::record_button(decline_action, teacher.key()), words.text(loc, "digest.decline"), "decline"});
  call.out.notices.push_back({collab::reach(teacher), std::move(note)});
  return collab::reply_text(collab::say(call, "digest.suggest_sent", {{"areas", areas}, {"teacher", collab::name_of(teacher)}}));
}

// The teacher's waiting suggestion, or the reply saying why there is none to answer.
std::optional<profile> waiting(action_call& call, action_result& refusal) {
  const core::person& me = *call.ctx.person;
  if (!call.payload.empty() && call.payload != me.key()) {  // a forwarded button
    refusal = collab::reply_text(collab::say(call, "digest.not_yours"), "none");
    return std::nullopt;
  }
  auto p = stored_profile(*call.ctx.records, me.tenant, me.key());
  if (!p || !p->suggested) {
    refusal = collab::reply_text(collab::say(call, "digest.no_suggestion"), "none");
    return std::nullopt;
  }
  return p;
}

void tell_staff(action_call& call, const suggestion& s, std::string_view key) {
  if (s.by.empty()) return;
  const auto& ctx = call.ctx;
  const auto to = collab::find_person(*ctx.records, ctx.person->tenant, s.by);
  const std::string loc = to && !to->locale.empty() ? to->locale : ctx.locale;
  call.out.notices.push_back({collab::direct_ref(*ctx.records, ctx.person->tenant, s.by),
                              collab::text_message(ctx.flows.messages().text(
                                  loc, key, {{"teacher", collab::name_of(*ctx.person)}}))});
}

action_result accept(action_call& call, const context& c) {
  action_result refusal;
  auto p = waiting(call, refusal);
  if (!p) return refusal;
  const suggestion s = *p->suggested;
  if (!s.learning_areas.empty()) p->learning_areas = s.learning_areas;
  if (!s.year_levels.empty()) p->year_levels = s.year_levels;
  if (!s.keywords.empty()) p->keywords = s.keywords;
  if (!s.interests.empty()) p->interests = s.interests;
  p->suggested.reset();
  p->subscribed = true;
  if (p->frequency == frequency::off) p->frequency = frequency::weekly;
  const flows::variables v{{"areas", areas_text(call.ctx, p->learning_areas)}, {"when", when_text(call.ctx, *p)}};
  tell_staff(call, s, "digest.accepted_notice");
  schedule_changed(c, call.out, p->tenant);
  put_profile(call.out, std::move(*p));
  return collab::reply_text(collab::say(call, "digest.accepted", v));
}

action_result decline(action_call& call) {
  action_result refusal;
  auto p = waiting(call, refusal);
  if (!p) return refusal;
  tell_staff(call, *p->suggested, "digest.declined_notice");
  p->suggested.reset();
  put_profile(call.out, std::move(*p));
  return collab::reply_text(collab::say(call, "digest.declined"));
}

}  // namespace

void add_suggest_actions(flows::action_registry& actions, const context& ctx) {
  actions.add("digest.suggest", [&ctx](action_call& call) { return suggest(call, ctx); }, {"refused", "bad"});
  actions.add_button(std::string(accept_action), [&ctx](action_call& call) { return accept(call, ctx); }, {}, {"none"});
  actions.add_button(std::string(decline_action), [](action_call& call) { return decline(call); }, {}, {"none"});
}

}  // namespace commonsbot::digest::detail
