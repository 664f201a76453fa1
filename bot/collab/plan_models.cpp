// The five collaborative teaching models, from templates/content/models.json: `models`
// lists them all, `models team` shows one, and the planning flow's "tell me about them"
// shows them before asking again. Each model's "when it suits" words are the message
// "models.<id>.suits", shown when the catalogue has one.
#include "collab/content.hpp"
#include "collab/plan_actions.hpp"
#include "core/text.hpp"

#include <charconv>

namespace commonsbot::collab::detail {
namespace {

core::section model_section(const flows::action_call& call, const content_item& m) {
  core::section sec{say(call, m.name), say(call, m.about), {}};
  const std::string suits = "models." + m.id + ".suits";
  if (call.ctx.flows.messages().has(suits)) sec.fields.push_back({say(call, "models.when"), say(call, suits)});
  return sec;
}

// The model `words` names: its id, its name, a word of its name ("team"), or its number.
const content_item* find_model(const flows::action_call& call, const std::vector<content_item>& models,
                               const std::string& words) {
  const std::string wanted = core::to_lower_ascii(core::trim(words));
  std::size_t n = 0;
  auto [p, ec] = std::from_chars(wanted.data(), wanted.data() + wanted.size(), n);
  if (ec == std::errc() && p == wanted.data() + wanted.size() && n >= 1 && n <= models.size()) return &models[n - 1];
  for (const auto& m : models)
    if (core::to_lower_ascii(m.id) == wanted || core::to_lower_ascii(say(call, m.name)) == wanted) return &m;
  for (const auto& m : models) {
    const std::string name = " " + core::to_lower_ascii(say(call, m.name)) + " ";
    if (wanted.size() >= 4 && name.find(" " + wanted) != std::string::npos) return &m;
  }
  return nullptr;
}

core::message all_models(const flows::action_call& call, const std::vector<content_item>& models, std::string intro) {
  core::message m;
  m.text = std::move(intro);
  for (const auto& item : models) m.sections.push_back(model_section(call, item));
  return m;
}

flows::action_result show(flows::action_call& call, const services& s) {
  flows::action_result r;
  const auto& models = s.words ? s.words->list("models") : std::vector<content_item>{};
  if (models.empty()) {
    r.replies.push_back(text_message(say(call, "models.missing")));
    return r;
  }
  std::string words;
  for (const auto& a : call.args) words += (words.empty() ? "" : " ") + a;
  if (words.empty()) {
    core::message m = all_models(call, models, say(call, "models.intro"));
    m.context = say(call, "models.footer", {{"id", models.back().id}});
    r.replies.push_back(std::move(m));
    return r;
  }
  if (const content_item* one = find_model(call, models, words)) {
    core::message m;
    m.sections.push_back(model_section(call, *one));
    m.context = say(call, "models.one_footer");
    r.replies.push_back(std::move(m));
    return r;
  }
  core::message m = all_models(call, models, say(call, "models.unknown", {{"word", words}}));
  r.replies.push_back(std::move(m));
  return r;
}

// In the planning flow: all five, then the flow asks which again.
flows::action_result explain(flows::action_call& call, const services& s) {
  flows::action_result r;
  const auto& models = s.words ? s.words->list("models") : std::vector<content_item>{};
  r.replies.push_back(all_models(call, models, say(call, "plans.models_explained")));
  return r;
}

}  // namespace

void add_model_actions(flows::action_registry& actions, const services& s) {
  actions.add("models.show", [&s](flows::action_call& c) { return show(c, s); });
  actions.add("plans.explain_models", [&s](flows::action_call& c) { return explain(c, s); });
}

}  // namespace commonsbot::collab::detail
