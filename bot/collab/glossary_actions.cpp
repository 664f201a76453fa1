// /library glossary [term]: one term explained, or the list to pick from. glossary.lookup
// reads the command's words; glossary.show explains the term picked from the list.
#include "collab/action_text.hpp"
#include "collab/actions_by_area.hpp"
#include "collab/content.hpp"
#include "collab/glossary.hpp"
#include "collab/profile_fields.hpp"
#include "flows/engine.hpp"

namespace commonsbot::collab {
namespace {

using namespace people;

using flows::action_call;
using flows::action_result;

std::vector<glossary_entry> entries(const action_call& call, const services& s) {
  if (!s.words) return {};
  return glossary_of(*s.words, call.ctx.flows.messages(), call.ctx.locale);
}

core::message explain(const flows::flow_context& ctx, const glossary_entry& e) {
  core::message m;
  m.sections.push_back({e.name, e.about, {}});
  m.context = say(ctx, "glossary.more");
  return m;
}

// Offers `list` as the choice's options.
void offer(action_call& call, const std::vector<const glossary_entry*>& list) {
  nlohmann::json options = nlohmann::json::array();
  for (const auto* e : list) options.push_back({{"id", e->id}, {"label", e->name}});
  call.vars["terms"] = std::move(options);
}

action_result lookup(action_call& call, const services& s) {
  const auto all = entries(call, s);
  action_result r;
  if (all.empty()) {
    r.outcome = "none";
    return r;
  }
  std::vector<const glossary_entry*> everything;
  for (const auto& e : all) everything.push_back(&e);
  if (call.args.empty()) {
    offer(call, everything);
    r.outcome = "pick";
    return r;
  }
  const std::string query = join(call.args, " ");
  const auto found = find_terms(query, all);
  if (found.size() == 1) {
    r.replies.push_back(explain(call.ctx, *found.front()));
    return r;
  }
  core::message note;
  note.text = say(call.ctx, found.empty() ? "glossary.not_found" : "glossary.several", {{"term", query}});
  r.replies.push_back(std::move(note));
  offer(call, found.empty() ? everything : found);
  r.outcome = "pick";
  return r;
}

action_result show_term(action_call& call, const services& s) {
  const auto all = entries(call, s);
  auto it = call.vars.find("term");
  const std::string id = it != call.vars.end() && it->is_string() ? it->get<std::string>() : "";
  action_result r;
  for (const auto& e : all)
    if (e.id == id) {
      r.replies.push_back(explain(call.ctx, e));
      return r;
    }
  core::message gone;
  gone.text = say(call.ctx, "engine.gone");
  r.replies.push_back(std::move(gone));
  return r;
}

}  // namespace

namespace detail {

void add_glossary_actions(flows::action_registry& actions, const services& s) {
  actions.add("glossary.lookup", [&s](action_call& call) { return lookup(call, s); }, {"pick", "none"});
  actions.add("glossary.show", [&s](action_call& call) { return show_term(call, s); });
}

}  // namespace detail
}  // namespace commonsbot::collab
