// /library reflect [plan]: a partner closes a unit: what worked, the evidence of student
// learning, what to change next time, and whether to share it. The guide's cycle of
// continuous improvement ends (and starts again) here. Flow: templates/flows/reflect.json.
#include "collab/action_text.hpp"
#include "collab/actions_by_area.hpp"
#include "collab/report_records.hpp"
#include "collab/share_request.hpp"
#include "core/text.hpp"
#include "flows/engine.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace commonsbot::collab::detail {
namespace {

using namespace evidence;
using flows::action_call;
using flows::action_result;

bool reflected_by(const plan& p, const std::string& person_key) {
  return std::any_of(p.reflections.begin(), p.reflections.end(), [&](const reflection& r) { return r.by == person_key; });
}

// Completed units first (they are waiting for this), then open ones, then those a partner
// has already reflected on; oldest first within each.
int rank(const plan& p) {
  switch (p.status) {
    case plan_status::completed: return 0;
    case plan_status::open: return 1;
    case plan_status::reflected: return 2;
  }
  return 1;
}

action_result list_reflections(action_call& call) {
  const core::person& me = *call.ctx.person;
  action_result r;
  if (!call.args.empty()) {
    auto p = my_named_plan(call, "reflect", r);
    if (!p) return r;
    if (reflected_by(*p, me.key()))
      r.replies.push_back(text_message(say(call.ctx, "reflect.again", {{"id", p->id}, {"title", p->title}})));
    call.vars["plan"] = p->id;
    call.vars["plan_label"] = plan_label(*p);
    r.outcome = "chosen";
    return r;
  }
  std::vector<plan> mine;
  for (auto& p : plans_of(*call.ctx.records, me.tenant))
    if (p.has_partner(me.key()) && !reflected_by(p, me.key())) mine.push_back(std::move(p));
  if (mine.empty()) {
    r.outcome = "none";
    return r;
  }
  std::stable_sort(mine.begin(), mine.end(), [](const plan& a, const plan& b) {
    if (rank(a) != rank(b)) return rank(a) < rank(b);
    return a.created_ms < b.created_ms;
  });
  nlohmann::json options = nlohmann::json::array();
  for (const auto& p : mine) options.push_back({{"id", p.id}, {"label", plan_label(p)}});
  call.vars["my_plans"] = std::move(options);
  return r;
}

action_result review_reflection(action_call& call) {
  const auto& c = call.ctx;
  std::string summary = say(c, "reflect.line_worked", {{"worked", var(call, "worked")}}) + "\n" +
                        say(c, "reflect.line_evidence", {{"evidence", var(call, "evidence")}});
  if (!var(call, "change").empty()) summary += "\n" + say(c, "reflect.line_change", {{"change", var(call, "change")}});
  summary += "\n" + say(c, var(call, "share") == "yes" ? "reflect.line_share_yes" : "reflect.line_share_no");
  call.vars["summary"] = summary;
  return {};
}

// Appends the reflection, marks the plan reflected and tells the other partners (asking
// them to agree to share, if this partner wants to).
action_result save(action_call& call, const services& s) {
  const auto& ctx = call.ctx;
  const core::person& me = *ctx.person;
  action_result r;
  auto p = find_plan(*ctx.records, me.tenant, var(call, "plan"));
  if (!p || !p->has_partner(me.key())) {
    r.replies.push_back(text_message(say(ctx, "reflect.gone", {{"id", var(call, "plan")}})));
    r.outcome = "gone";
    return r;
  }
  reflection refl;
  refl.worked = var(call, "worked");
  refl.evidence = var(call, "evidence");
  refl.change = var(call, "change");
  refl.share = var(call, "share") == "yes";
  refl.by = me.key();
  refl.at_ms = ctx.now_ms;
  p->reflections.push_back(refl);
  p->status = plan_status::reflected;
  p->updated_ms = ctx.now_ms;
  tick_step(*p, "evaluate", me.key(), ctx.now_ms);
  if (!refl.change.empty()) tick_step(*p, "improve", me.key(), ctx.now_ms);

  const std::string me_name = my_name(ctx);
  flows::variables v{{"id", p->id}, {"title", p->title}, {"name", me_name}, {"worked", refl.worked}};
  const std::string told = say(ctx, "reflect.notice", v);
  r.replies.push_back(text_message(say(ctx, "reflect.saved", v)));
  bool asked = false;
  if (refl.share) {
    bool changed = false;
    const share_step step = request_share(*p, call, s, told, r.replies, changed);
    asked = step == share_step::asked;  // the ask carries the reflection news
  }
  if (!asked)
    for (const auto& k : p->partners)
      if (k != me.key()) call.out.notices.push_back({direct_ref(*ctx.records, me.tenant, k), text_message(told)});
  call.out.writes.put(std::string(plans_collection), p->key(), *p);
  announce_schedule_change(s, call.out, p->tenant);  // a reflected plan needs no reflect nudge
  return r;
}

}  // namespace

void add_reflect_actions(flows::action_registry& actions, const services& s) {
  actions.add("reflect.list", list_reflections, {"chosen", "none", "refused"});
  actions.add("reflect.review", review_reflection);
  actions.add("plans.reflect", [&s](action_call& call) { return save(call, s); }, {"gone"});
}

}  // namespace commonsbot::collab::detail
