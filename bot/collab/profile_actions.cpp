// /library profile: shows what the bot knows about you and changes one thing at a time.
// profile.show fills the card and the numbered list of learning areas; profile.save checks
// the answer for the chosen field and writes the person record ("bad" re-asks with a hint).
#include "collab/profile_actions.hpp"

#include "collab/action_text.hpp"
#include "collab/actions_by_area.hpp"
#include "collab/content.hpp"
#include "collab/digest_setting.hpp"
#include "collab/nudge_settings.hpp"
#include "collab/people_records.hpp"
#include "collab/profile_fields.hpp"
#include "collab/working_days.hpp"
#include "core/keys.hpp"
#include "core/text.hpp"
#include "flows/engine.hpp"

#include <algorithm>

namespace commonsbot::collab {
namespace {

using namespace people;

using flows::action_call;
using flows::action_result;

std::vector<learning_area> areas_for(const flows::flow_context& ctx, const services& s, const std::string& locale) {
  if (!s.words) return {};
  return learning_areas_of(*s.words, ctx.flows.messages(), locale);
}

// The message key naming a language: "en-GB" -> "profile.lang_en_gb".
std::string language_key(std::string locale) {
  locale = core::to_lower_ascii(locale);
  std::replace(locale.begin(), locale.end(), '-', '_');
  return "profile.lang_" + locale;
}

std::string language_name(const flows::flow_context& ctx, const std::string& locale, const std::string& in_locale) {
  const std::string shown = locale.empty() ? ctx.flows.messages().default_locale() : locale;
  const std::string key = language_key(shown);
  return ctx.flows.messages().has(key) ? ctx.flows.messages().text(in_locale, key) : shown;
}

std::string role_name(const flows::flow_context& ctx, core::role r) {
  const std::string key = "role.names." + std::string(core::to_string(r));
  return ctx.flows.messages().has(key) ? say(ctx, key) : std::string(core::display_name(r));
}

action_result show_profile(action_call& call, const services& s) {
  const auto& ctx = call.ctx;
  const core::person& me = *ctx.person;
  const auto areas = areas_for(ctx, s, ctx.locale);
  std::string list;
  for (std::size_t i = 0; i < areas.size(); ++i) list += (i ? "\n" : "") + std::to_string(i + 1) + ". " + areas[i].label;
  call.vars["areas_list"] = list;

  auto value = [&](const std::string& v) { return v.empty() ? say(ctx, "profile.not_set") : v; };
  core::message card;
  card.text = say(ctx, "profile.title", {{"name", ctx.person_name}});
  core::section sec;
  sec.fields = {{say(ctx, "profile.role"), say(ctx, "profile.role_value", {{"role", role_name(ctx, me.role)}})},
                {say(ctx, "profile.areas"), value(area_labels(me.learning_areas, areas))},
                {say(ctx, "profile.years"), value(join(me.year_levels))},
                {say(ctx, "profile.interests"), value(join(me.interests))},
                {say(ctx, "profile.zone"), value(me.time_zone)},
                {say(ctx, "profile.language"), language_name(ctx, me.locale, ctx.locale)}};
  for (auto& f : nudge_setting_fields(ctx, me)) sec.fields.push_back(std::move(f));
  sec.fields.push_back(digest_setting_field(ctx, me));
  card.sections.push_back(std::move(sec));
  card.context = say(ctx, "profile.why");
  action_result r;
  r.replies.push_back(std::move(card));
  return r;
}

action_result save(action_call& call, const services& s, const time_zones& zones) {
  const auto& ctx = call.ctx;
  core::person me = *ctx.person;
  const std::string field = var(call, "field");
  const std::string answer = core::trim(var(call, "answer"));
  const bool clear = is_clear_word(answer);
  std::string shown;      // the new value, in words
  std::string locale = ctx.locale;  // a new language answers in that language
  if (field == "areas") {
    const auto areas = areas_for(ctx, s, ctx.locale);
    if (clear) me.learning_areas.clear();
    else {
      auto got = match_learning_areas(answer, areas);
      if (!got.bad.empty() || got.ids.empty())
        return bad_answer(ctx, "profile.bad_areas", "profile.hint_areas", {{"bad", got.bad.empty() ? answer : got.bad}});
      me.learning_areas = got.ids;
    }
    shown = area_labels(me.learning_areas, areas);
  } else if (field == "years") {
    if (clear) me.year_levels.clear();
    else {
      auto got = parse_year_levels(answer);
      if (!got.bad.empty() || got.levels.empty())
        return bad_answer(ctx, "profile.bad_years", "profile.hint_years", {{"bad", got.bad.empty() ? answer : got.bad}});
      me.year_levels = got.levels;
    }
    shown = join(me.year_levels);
  } else if (field == "interests") {
    if (clear) me.interests.clear();
    else {
      auto got = parse_interests(answer);
      if (!got.problem.empty() || got.interests.empty())
        return bad_answer(ctx, got.problem == "too_many" ? "profile.too_many_interests" : "profile.too_long_interest",
                   "profile.hint_interests", {{"max", std::to_string(max_interests)}});
      me.interests = got.interests;
    }
    shown = join(me.interests);
  } else if (field == "zone") {
    if (clear) me.time_zone.clear();
    else {
      auto zone = match_time_zone(answer, zones.names());
      if (!zone) return bad_answer(ctx, "profile.bad_zone", "profile.hint_zone", {{"answer", answer}});
      me.time_zone = *zone;
    }
    shown = me.time_zone;
  } else if (field == "days") {
    if (clear) me.nudges.working_days.clear();
    else {
      auto days = parse_working_days(answer);
      if (!days || days->empty()) return bad_answer(ctx, "profile.bad_days", "profile.hint_days", {{"answer", answer}});
      me.nudges.working_days = *days;
    }
    shown = me.nudges.working_days.empty() ? std::string() : working_days_text(me.nudges.working_days);
  } else if (field == "language") {
    if (!ctx.flows.messages().has(language_key(answer)))
      return bad_answer(ctx, "profile.bad_language", "profile.hint_language", {{"answer", answer}});
    me.locale = answer;
    locale = answer;
    shown = language_name(ctx, answer, locale);
  } else {
    action_result r;
    r.outcome = "bad";
    return r;
  }
  call.out.writes.put(std::string(core::collections::people), person_record_key(me), me);
  action_result r;
  const std::string key = shown.empty() ? "profile.cleared." + field : "profile.saved." + field;
  r.replies.push_back(text_message(ctx.flows.messages().text(locale, key, {{"value", shown}})));
  return r;
}

}  // namespace

void add_profile_actions(flows::action_registry& actions, const services& s, const people::time_zones& zones) {
  actions.add("profile.show", [&s](action_call& call) { return show_profile(call, s); });
  actions.add("profile.save", [&s, &zones](action_call& call) { return save(call, s, zones); }, {"bad"});
}

namespace detail {

void add_profile_actions(flows::action_registry& actions, const services& s) {
  collab::add_profile_actions(actions, s, people::time_zones::system());
}

}  // namespace detail
}  // namespace commonsbot::collab
