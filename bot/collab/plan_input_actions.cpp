// The planning flow's answers that need reading beyond "some text": learning areas, year
// levels, partners, dates, the continuum and model options, and catalogue suggestions.
// A bad answer replies what was wrong with a hint and returns "bad", which the flow routes
// back to the same question.
#include "catalogue/catalogue.hpp"
#include "collab/content.hpp"
#include "collab/plan_actions.hpp"
#include "collab/plan_dates.hpp"
#include "collab/plan_input.hpp"
#include "collab/plan_people.hpp"

#include <algorithm>

namespace commonsbot::collab::detail {
namespace {

flows::action_result bad(const flows::action_call& call, std::string problem, const char* hint) {
  flows::action_result r;
  r.replies.push_back(text_message(std::move(problem) + " " + say(call, hint)));
  r.outcome = "bad";
  return r;
}

nlohmann::json as_array(const std::vector<std::string>& items) {
  nlohmann::json a = nlohmann::json::array();
  for (const auto& i : items) a.push_back(i);
  return a;
}

flows::action_result read_areas(flows::action_call& call) {
  call.vars["areas"] = as_array(collab::read_areas(var(call, "areas_text")));
  return {};
}

flows::action_result read_years(flows::action_call& call) {
  const year_levels y = collab::read_years(var(call, "years_text"));
  if (!y.bad.empty()) return bad(call, say(call, "plans.bad_years", {{"word", y.bad}}), "plans.hint_years");
  if (y.shown.empty()) return bad(call, say(call, "plans.no_years"), "plans.hint_years");
  call.vars["years"] = as_array(y.shown);
  return {};
}

flows::action_result read_partners(flows::action_call& call) {
  const core::person& self = *call.ctx.person;
  const std::string text = var(call, "partners_text");
  mentioned found = resolve_mentions(*call.ctx.records, self, text);
  if (!found.unknown.empty()) {
    std::vector<std::string> who;
    for (const auto& u : found.unknown) who.push_back(u);
    return bad(call, say(call, "plans.unknown_partners", {{"names", join_names(who, say(call, "plans.and"))}}),
               "plans.hint_partners");
  }
  constexpr std::size_t max_partners = 8;
  if (found.people.size() > max_partners)
    return bad(call, say(call, "plans.too_many_partners", {{"max", std::to_string(max_partners)}}), "plans.hint_partners");
  std::vector<std::string> keys, names;
  bool other_side = false;
  for (const auto& p : found.people) {
    keys.push_back(p.key());
    names.push_back(p.display_name.empty() ? p.user_id : p.display_name);
    other_side = other_side || library_side(p.role) != library_side(self.role);
  }
  call.vars["partners"] = as_array(keys);
  call.vars["partner_names"] = join_names(names, say(call, "plans.and"));
  if (other_side) return {};
  // Expected, not required: a plan can start before the partner is on board.
  call.vars["lonely_note"] = say(call, library_side(self.role) ? "plans.side_teacher" : "plans.side_library");
  flows::action_result r;
  r.outcome = "lonely";
  return r;
}

flows::action_result read_date(flows::action_call& call, const char* text_var, const char* save, bool is_end) {
  const std::string text = var(call, text_var);
  if (text.empty()) {  // skipped: dates can come later
    call.vars[save] = "";
    return {};
  }
  const std::string starts = var(call, "starts");
  const day_number today = day_of(call.ctx.now_ms);
  auto day = collab::read_date(text, today);
  if (!day) return bad(call, say(call, "plans.bad_date", {{"text", text}}), "plans.hint_date");
  if (is_end && !starts.empty()) {
    const day_number start = collab::read_date(starts, today).value_or(0);
    if (*day < start) {
      // "10 January" after a December start means next January; "2 March" after a
      // 10 March start is a slip, not a unit that runs for a year.
      const auto later = collab::read_date(text, today, start);
      if (!later || *later == *day || days_between(start, *later) > 183)
        return bad(call, say(call, "plans.end_before_start", {{"start", show_date(starts)}}), "plans.hint_date");
      day = later;
    }
  }
  call.vars[save] = iso_date(*day);
  return {};
}

flows::action_result support_options(flows::action_call& call, const services& s) {
  nlohmann::json options = nlohmann::json::array();
  std::vector<content_item> levels = s.words ? s.words->list("continuum") : std::vector<content_item>{};
  std::stable_sort(levels.begin(), levels.end(), [](const content_item& a, const content_item& b) { return a.level < b.level; });
  for (const auto& l : levels)
    options.push_back({{"id", l.id}, {"label", say(call, "plans.support_option", {{"name", say(call, l.name)},
                                                                                    {"about", say(call, l.about)}})}});
  call.vars["support_options"] = std::move(options);
  flows::action_result r;
  if (levels.empty()) r.outcome = "none";  // no continuum to choose from: skip the question
  return r;
}

flows::action_result model_options(flows::action_call& call, const services& s) {
  nlohmann::json options = nlohmann::json::array();
  if (s.words)
    for (const auto& m : s.words->list("models")) options.push_back({{"id", m.id}, {"label", say(call, m.name)}});
  options.push_back({{"id", "none"}, {"label", say(call, "plans.model_none")}});
  if (options.size() > 1) options.push_back({{"id", "explain"}, {"label", say(call, "plans.model_explain")}});
  call.vars["model_options"] = std::move(options);
  return {};
}

flows::action_result suggest(flows::action_call& call, const services& s) {
  flows::action_result r;
  if (!s.resources) {
    r.replies.push_back(text_message(say(call, "plans.suggest_unavailable")));
    return r;
  }
  const auto hits = s.resources->suggest(tenant(call), list_var(call, "areas"), year_numbers(list_var(call, "years")), 3,
                                         var(call, "title"));
  core::message m;
  if (hits.empty()) {
    m.text = say(call, "plans.suggest_none");
  } else {
    m.text = say(call, "plans.suggest_intro");
    for (const auto& h : hits)
      if (h.item) m.links.push_back({h.item->title, h.item->link});
    m.context = say(call, "plans.suggest_more");
  }
  r.replies.push_back(std::move(m));
  return r;
}

}  // namespace

void add_plan_input_actions(flows::action_registry& actions, const services& s) {
  actions.add("plans.read_areas", read_areas);
  actions.add("plans.read_years", read_years, {"bad"});
  actions.add("plans.read_partners", read_partners, {"bad", "lonely"});
  actions.add("plans.read_start", [](flows::action_call& c) { return read_date(c, "starts_text", "starts", false); }, {"bad"});
  actions.add("plans.read_end", [](flows::action_call& c) { return read_date(c, "ends_text", "ends", true); }, {"bad"});
  actions.add("plans.support_options", [&s](flows::action_call& c) { return support_options(c, s); }, {"none"});
  actions.add("plans.model_options", [&s](flows::action_call& c) { return model_options(c, s); });
  actions.add("plans.suggest", [&s](flows::action_call& c) { return suggest(c, s); });
}

}  // namespace commonsbot::collab::detail
