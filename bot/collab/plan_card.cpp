#include "collab/plan_card.hpp"

#include "collab/plan_dates.hpp"
#include "collab/plan_input.hpp"
#include "core/lists.hpp"
#include "flows/action.hpp"

#include <algorithm>

namespace commonsbot::collab {
namespace {

std::string or_not_set(const card_words& w, std::string text) {
  return text.empty() ? w.say("plans.card.not_set") : text;
}

std::string dates(const plan& p, const card_words& w) {
  const std::string from = show_date(p.starts), to = show_date(p.ends);
  if (!p.starts.empty() && !p.ends.empty()) return w.say("plans.card.from_to", {{"from", from}, {"to", to}});
  if (!p.starts.empty()) return w.say("plans.card.from", {{"from", from}});
  if (!p.ends.empty()) return w.say("plans.card.until", {{"to", to}});
  return w.say("plans.card.not_set");
}

std::vector<std::string> names(const card_words& w, const std::vector<std::string>& keys, std::string_view skip = {}) {
  std::vector<std::string> out;
  for (const auto& k : keys)
    if (k != skip) out.push_back(w.name_of ? w.name_of(k) : k);
  return out;
}

// The fields and sections every view of a plan shares.
void describe(const plan& p, const card_words& w, core::message& m) {
  core::section facts;
  facts.fields = {
      {w.say("plans.card.areas"), or_not_set(w, core::join_list(p.learning_areas, ", ", ", "))},
      {w.say("plans.card.years"), or_not_set(w, core::join_list(p.year_levels, ", ", ", "))},
      {w.say("plans.card.dates"), dates(p, w)},
      {w.say("plans.card.partners"), join_names(names(w, p.partners), w.say("plans.and"))},
      {w.say("plans.card.support"), or_not_set(w, support_name(w, p.support))},
      {w.say("plans.card.model"), p.model.empty() ? w.say("plans.card.no_model") : model_name(w, p.model)},
  };
  m.sections.push_back(std::move(facts));
  auto block = [&](const char* title, const std::string& text) {
    if (!text.empty()) m.sections.push_back({w.say(title), text, {}});
  };
  block("plans.card.outcomes", p.outcomes);
  block("plans.card.activities", p.activities);
  block("plans.card.assessment", p.assessment);
}

std::string name_from(const card_words& w, std::string_view list, std::string_view id) {
  if (w.words)
    if (const content_item* item = w.words->find(list, id)) return w.say(item->name);
  return std::string(id);
}

}  // namespace

std::string card_words::say(std::string_view key, const flows::variables& vars) const {
  return messages.text(locale, key, vars);
}

std::string item_name(const card_words& w, std::string_view item_id) { return name_from(w, "checklist", item_id); }

std::string support_name(const card_words& w, std::string_view level_id) {
  if (level_id.empty()) return {};
  const content_item* item = w.words ? w.words->find("continuum", level_id) : nullptr;
  if (!item) return std::string(level_id);
  const std::size_t levels = w.words->list("continuum").size();
  return w.say("plans.card.level", {{"name", w.say(item->name)},
                                    {"level", std::to_string(item->level)},
                                    {"levels", std::to_string(levels)}});
}

std::string model_name(const card_words& w, std::string_view model_id) { return name_from(w, "models", model_id); }

std::string progress(const plan& p) {
  return std::to_string(p.ticked_count()) + "/" + std::to_string(p.checklist.size());
}

core::message plan_card(const plan& p, const card_words& w) {
  core::message m;
  m.text = w.say("plans.card.title", {{"id", p.id}, {"title", p.title}});
  describe(p, w, m);
  for (const auto& item : p.checklist)
    m.checklist.push_back({flows::record_button(tick_action, p.id + "/" + item.id), item_name(w, item.id), item.ticked,
                           item.ticked && !item.ticked_by.empty() && w.name_of ? w.name_of(item.ticked_by) : ""});
  const flows::variables vars{{"id", p.id},
                              {"done", std::to_string(p.ticked_count())},
                              {"total", std::to_string(p.checklist.size())}};
  switch (p.status) {
    case plan_status::open: m.context = w.say("plans.card.progress", vars); break;
    case plan_status::completed: m.context = w.say("plans.card.completed", vars); break;
    case plan_status::reflected: m.context = w.say("plans.card.reflected", vars); break;
  }
  return m;
}

core::message plan_preview(const plan& p, const card_words& w) {
  core::message m;
  m.text = w.say("plans.card.preview", {{"title", p.title}});
  describe(p, w, m);
  m.context = w.say("plans.card.not_saved");
  return m;
}

core::message plans_list(const std::vector<plan>& plans, std::string_view me, const card_words& w, bool buttons) {
  core::message m;
  if (plans.empty()) {
    m.text = w.say("plans.list.none");
    return m;
  }
  m.text = w.say("plans.list.intro", {{"count", std::to_string(plans.size())}});
  for (const auto& p : plans) {
    std::vector<std::string> bits{w.say(p.status == plan_status::completed ? "plans.list.complete" : "plans.list.ticked",
                                        {{"progress", progress(p)}})};
    if (!p.learning_areas.empty()) bits.push_back(core::join_list(p.learning_areas, ", ", ", "));
    if (!p.year_levels.empty()) bits.push_back(w.say("plans.list.years", {{"years", core::join_list(p.year_levels, ", ", ", ")}}));
    if (auto others = names(w, p.partners, me); !others.empty())
      bits.push_back(w.say("plans.list.with", {{"names", join_names(others, w.say("plans.and"))}}));
    std::string line;
    for (const auto& b : bits) line += (line.empty() ? "" : " \xC2\xB7 ") + b;
    m.sections.push_back({w.say("plans.card.title", {{"id", p.id}, {"title", p.title}}), line, {}});
    if (buttons)
      m.choices.push_back({flows::record_button(show_action, p.id), w.say("plans.list.open", {{"id", p.id}}), p.id});
  }
  m.context = w.say("plans.list.hint", {{"id", plans.front().id}});
  return m;
}

}  // namespace commonsbot::collab
