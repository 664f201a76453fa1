// /library subscribe: the questions (areas, years, topics, how often, day, time), each
// answer read and checked by its own action ("bad" asks again with a hint), a summary, and
// the save. Answers collect in the session's "draft" until the teacher says yes, so a
// restart resumes where they were and nothing is written before they confirm.
#include "collab/action_text.hpp"
#include "collab/content.hpp"
#include "collab/profile_fields.hpp"
#include "core/text.hpp"
#include "digest/actions.hpp"
#include "digest/profile_records.hpp"

#include <nlohmann/json.hpp>

namespace commonsbot::digest::detail {
namespace {

using flows::action_call;
using flows::action_result;
namespace people = collab::people;

// The session's draft: the answers so far, in profile field names.
struct draft {
  std::vector<std::string> learning_areas;
  std::vector<int> year_levels;
  std::vector<std::string> keywords;
  std::vector<std::string> interests;
};

draft read_draft(const nlohmann::json& vars) {
  draft d;
  auto it = vars.find("draft");
  if (it == vars.end() || !it->is_object()) return d;
  try {
    d.learning_areas = it->value("learning_areas", std::vector<std::string>{});
    d.year_levels = it->value("year_levels", std::vector<int>{});
    d.keywords = it->value("keywords", std::vector<std::string>{});
    d.interests = it->value("interests", std::vector<std::string>{});
  } catch (const nlohmann::json::exception&) {
    return draft{};  // a draft of the wrong shape starts again from nothing
  }
  return d;
}

// Stores the draft and the "Right now: ..." words the next questions show.
void write_draft(action_call& call, const draft& d) {
  call.vars["draft"] = {{"learning_areas", d.learning_areas},
                        {"year_levels", d.year_levels},
                        {"keywords", d.keywords},
                        {"interests", d.interests}};
  profile shown;
  shown.keywords = d.keywords;
  shown.interests = d.interests;
  call.vars["areas_now"] = areas_text(call.ctx, d.learning_areas);
  call.vars["years_now"] = years_text(call.ctx, d.year_levels);
  call.vars["words_now"] = words_text(call.ctx, shown);
  call.vars["max"] = std::to_string(people::max_interests);
}

action_result start(action_call& call) {
  const std::string first = call.args.empty() ? "" : core::to_lower_ascii(call.args.front());
  action_result shortcut;
  if (first == "off" || first == "stop") shortcut.outcome = "off";
  else if (first == "suggest") shortcut.outcome = "suggest";
  else if (first == "accept" || first == "yes") shortcut.outcome = "accept";
  else if (first == "decline" || first == "no") shortcut.outcome = "decline";
  if (!shortcut.outcome.empty()) return shortcut;

  const profile p = profile_for(*call.ctx.records, *call.ctx.person);
  draft d{p.learning_areas, p.year_levels, p.keywords, p.interests};
  std::string intro = collab::say(call, "digest.intro");
  if (p.suggested) {  // library staff suggested settings: start from those
    const suggestion& s = *p.suggested;
    if (!s.learning_areas.empty()) d.learning_areas = s.learning_areas;
    if (!s.year_levels.empty()) d.year_levels = s.year_levels;
    if (!s.keywords.empty()) d.keywords = s.keywords;
    if (!s.interests.empty()) d.interests = s.interests;
    intro += "\n" + collab::say(call, "digest.intro_suggested", {{"by", s.by_name}});
  }
  write_draft(call, d);
  return collab::reply_text(std::move(intro));
}

// The answer to the question just asked; empty when they typed "skip" (keep what's there).
std::string answer_of(action_call& call) { return core::trim(collab::var(call, "answer")); }

action_result read_areas(action_call& call, const context& c) {
  draft d = read_draft(call.vars);
  const std::string answer = answer_of(call);
  if (people::is_clear_word(answer)) d.learning_areas.clear();
  else if (!answer.empty()) {
    std::vector<std::string> picked;
    if (c.services && c.services->words) {
      const auto areas = people::learning_areas_of(*c.services->words, call.ctx.flows.messages(), call.ctx.locale);
      auto got = people::match_learning_areas(answer, areas);
      if (!got.bad.empty() || got.ids.empty())
        return collab::bad_answer(call.ctx, "digest.bad_areas", "digest.hint_areas", {{"bad", got.bad.empty() ? answer : got.bad}});
      picked = got.ids;
    } else {
      picked = people::split_list(answer);  // no content list loaded: take the names as typed
    }
    d.learning_areas = new_profile("", "", picked).learning_areas;  // content ids -> catalogue names
  }
  write_draft(call, d);
  return {};
}

action_result read_years(action_call& call) {
  draft d = read_draft(call.vars);
  const std::string answer = answer_of(call);
  if (people::is_clear_word(answer) || core::to_lower_ascii(answer) == "any") d.year_levels.clear();
  else if (!answer.empty()) {
    auto got = people::parse_year_levels(answer);
    if (!got.bad.empty() || got.levels.empty())
      return collab::bad_answer(call.ctx, "digest.bad_years", "digest.hint_years", {{"bad", got.bad.empty() ? answer : got.bad}});
    d.year_levels = new_profile("", "", {}, got.levels).year_levels;
  }
  write_draft(call, d);
  return {};
}

action_result read_words(action_call& call) {
  draft d = read_draft(call.vars);
  const std::string answer = answer_of(call);
  if (people::is_clear_word(answer)) {
    d.keywords.clear();
    d.interests.clear();
  } else if (!answer.empty()) {
    auto got = people::parse_interests(answer);
    const flows::variables max{{"max", std::to_string(people::max_interests)}};
    if (got.problem == "too_many" || got.interests.empty())
      return collab::bad_answer(call.ctx, "digest.too_many_words", "digest.hint_words", max);
    if (!got.problem.empty()) return collab::bad_answer(call.ctx, "digest.too_long_word", "digest.hint_words", max);
    d.keywords = got.interests;  // one list in the flow: the answer replaces both
    d.interests.clear();
  }
  write_draft(call, d);
  return {};
}

action_result read_time(action_call& call) {
  const std::string answer = answer_of(call);
  auto t = parse_time(answer);
  if (!t) return collab::bad_answer(call.ctx, "digest.bad_time", "digest.hint_time", {{"answer", answer}});
  call.vars["time"] = *t;
  return {};
}

// The stored profile with the session's answers on top.
profile drafted(action_call& call) {
  profile p = profile_for(*call.ctx.records, *call.ctx.person);
  const draft d = read_draft(call.vars);
  p.learning_areas = d.learning_areas;
  p.year_levels = d.year_levels;
  p.keywords = d.keywords;
  p.interests = d.interests;
  p.frequency = parse_frequency(collab::var(call, "frequency")).value_or(frequency::weekly);
  const std::string day = collab::var(call, "weekday");
  p.weekday = day.size() == 1 && day[0] >= '1' && day[0] <= '7' ? day[0] - '0' : 1;
  if (auto t = parse_time(collab::var(call, "time"))) p.time = *t;
  normalise(p);
  return p;
}

action_result summary(action_call& call) {
  const profile p = drafted(call);
  const auto& ctx = call.ctx;
  core::message card;
  card.text = collab::say(call, "digest.summary_title");
  core::section s;
  s.fields = {{collab::say(call, "digest.field_areas"), areas_text(ctx, p.learning_areas)},
              {collab::say(call, "digest.field_years"), years_text(ctx, p.year_levels)},
              {collab::say(call, "digest.field_words"), words_text(ctx, p)},
              {collab::say(call, "digest.field_when"), when_text(ctx, p)}};
  card.sections.push_back(std::move(s));
  action_result r;
  r.replies.push_back(std::move(card));
  return r;
}

action_result save(action_call& call, const context& c) {
  profile p = drafted(call);
  p.subscribed = p.frequency != frequency::off;
  p.suggested.reset();  // answered: they chose their own settings
  const bool nothing = p.learning_areas.empty() && p.keywords.empty() && p.interests.empty();
  const std::string when = when_text(call.ctx, p);
  schedule_changed(c, call.out, p.tenant);
  put_profile(call.out, std::move(p));
  return collab::reply_text(nothing ? collab::say(call, "digest.saved_nothing_to_match")
                       : collab::say(call, "digest.saved", {{"when", when}}));
}

}  // namespace

// Also the unsubscribe button's work (preview_actions.cpp): opts out, with the way back.
action_result opt_out(action_call& call, const context& c) {
  auto p = stored_profile(*call.ctx.records, call.ctx.person->tenant, call.ctx.person->key());
  if (!p || !p->subscribed) return collab::reply_text(collab::say(call, "digest.already_off"));
  p->subscribed = false;
  schedule_changed(c, call.out, p->tenant);
  put_profile(call.out, std::move(*p));
  return collab::reply_text(collab::say(call, "digest.off"));
}

void add_subscribe_actions(flows::action_registry& actions, const context& ctx) {
  actions.add("digest.subscribe_start", [](action_call& call) { return start(call); },
              {"off", "suggest", "accept", "decline"});
  actions.add("digest.read_areas", [&ctx](action_call& call) { return read_areas(call, ctx); }, {"bad"});
  actions.add("digest.read_years", [](action_call& call) { return read_years(call); }, {"bad"});
  actions.add("digest.read_words", [](action_call& call) { return read_words(call); }, {"bad"});
  actions.add("digest.read_time", [](action_call& call) { return read_time(call); }, {"bad"});
  actions.add("digest.subscribe_summary", [](action_call& call) { return summary(call); });
  actions.add("digest.subscribe_save", [&ctx](action_call& call) { return save(call, ctx); });
  actions.add("digest.subscribe_off", [&ctx](action_call& call) { return opt_out(call, ctx); });
}

}  // namespace commonsbot::digest::detail
