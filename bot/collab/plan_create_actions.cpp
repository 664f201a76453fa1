// The end of the planning flow: the plan as written so far (shown before saving), and
// plans.create, which numbers it, saves it with its checklist and tells the partners.
#include "collab/content.hpp"
#include "collab/plan_actions.hpp"
#include "collab/plan_input.hpp"
#include "collab/plan_records.hpp"
#include "collab/record_ids.hpp"

#include <algorithm>

namespace commonsbot::collab::detail {
namespace {

// The plan the session's answers describe; no id, checklist or times yet.
plan draft(const flows::action_call& call) {
  plan p;
  p.tenant = tenant(call);
  p.title = var(call, "title");
  p.learning_areas = list_var(call, "areas");
  p.year_levels = list_var(call, "years");
  p.owner = me(call);
  p.partners.push_back(p.owner);
  for (auto& k : list_var(call, "partners"))
    if (std::find(p.partners.begin(), p.partners.end(), k) == p.partners.end()) p.partners.push_back(std::move(k));
  p.starts = var(call, "starts");
  p.ends = var(call, "ends");
  p.outcomes = var(call, "outcomes");
  p.support = var(call, "support");
  p.model = var(call, "model");
  if (p.model == "none" || p.model == "explain") p.model.clear();
  p.activities = var(call, "activities");
  p.assessment = var(call, "assessment");
  return p;
}

flows::action_result preview(flows::action_call& call, const services& s) {
  flows::action_result r;
  r.replies.push_back(plan_preview(draft(call), words_for(call, s)));
  return r;
}

flows::action_result create(flows::action_call& call, const services& s) {
  plan p = draft(call);
  p.id = take_id(*call.ctx.records, p.tenant, plans_collection, "p", call.out.writes);
  if (s.words)
    for (const auto& item : s.words->list("checklist")) p.checklist.push_back({item.id, false, "", 0});
  p.created_ms = p.updated_ms = call.ctx.now_ms;
  stage_plan(call.out.writes, p);
  announce_schedule_change(s, call.out, p.tenant);  // its reflect nudge at the end date
  call.vars["plan_id"] = p.id;

  const std::string actor = call.ctx.person_name;
  notify_partners(call, s, p, [&](const card_words& w) {
    core::message m = plan_card(p, w);
    m.text = w.say("plans.notify_new", {{"name", actor}, {"title", p.title}, {"id", p.id}}) + "\n\n" + m.text;
    return m;
  });

  const card_words w = words_for(call, s);
  std::vector<std::string> others;
  for (const auto& k : p.partners)
    if (k != p.owner) others.push_back(w.name_of(k));
  flows::action_result r;
  core::message card = plan_card(p, w);
  card.text = say(call, others.empty() ? "plans.created_alone" : "plans.created",
                  {{"id", p.id}, {"names", join_names(others, say(call, "plans.and"))}}) +
              "\n\n" + card.text;
  r.replies.push_back(std::move(card));
  return r;
}

}  // namespace

void add_plan_create_actions(flows::action_registry& actions, const services& s) {
  actions.add("plans.preview", [&s](flows::action_call& c) { return preview(c, s); });
  actions.add("plans.create", [&s](flows::action_call& c) { return create(c, s); });
}

}  // namespace commonsbot::collab::detail
