// Opening a plan and ticking its checklist: `plan p3` at the start of the planning flow,
// the "Open" button on the list, the checkbox on the card (a record button, usable at any
// time), the typed numbers on the console, and `plans`, the list of one's open plans.
#include "collab/plan_actions.hpp"
#include "collab/plan_input.hpp"
#include "collab/plan_people.hpp"
#include "collab/plan_records.hpp"
#include "collab/plan_ticks.hpp"
#include "core/text.hpp"

namespace commonsbot::collab::detail {
namespace {

bool may_view(const flows::action_call& call, const plan& p) {
  const core::role r = call.ctx.person->role;
  return p.has_partner(me(call)) || r == core::role::library_staff || r == core::role::admin;
}

std::string partner_names(const flows::action_call& call, const services& s, const plan& p) {
  const card_words w = words_for(call, s);
  std::vector<std::string> names;
  for (const auto& k : p.partners) names.push_back(w.name_of(k));
  return join_names(names, say(call, "plans.and"));
}

// Finds plan `id` for viewing; on failure fills `refused` with what to say and the outcome.
std::optional<plan> find_for_viewing(const flows::action_call& call, const services& s, std::string_view id,
                                     flows::action_result& refused) {
  auto p = load_plan(*call.ctx.records, tenant(call), id);
  if (!p) {
    refused = reply_message(text_message(say(call, "plans.not_found", {{"id", core::to_lower_ascii(id)}})), "not_found");
    return std::nullopt;
  }
  if (!may_view(call, *p)) {
    refused = reply_message(text_message(say(call, "plans.view_refused", {{"id", p->id}, {"names", partner_names(call, s, *p)}})),
                    "refused");
    return std::nullopt;
  }
  return p;
}

// `plan [title | id]`: a plan id someone may see shows that plan; anything else (or
// nothing) carries on into planning a new one.
flows::action_result open(flows::action_call& call, const services& s) {
  if (call.args.empty() || call.args.size() > 1 || !looks_like_plan_id(call.args.front())) return {};
  flows::action_result r;
  auto p = find_for_viewing(call, s, call.args.front(), r);
  if (!p) return r;
  core::message card = plan_card(*p, words_for(call, s));
  call.vars["plan_id"] = p->id;
  if (!p->has_partner(me(call))) {
    card.context += " " + say(call, "plans.view_only", {{"names", partner_names(call, s, *p)}});
    return reply_message(std::move(card), "shown");
  }
  // Checkboxes tick on platforms that have them; the console ticks by number in this flow.
  return reply_message(std::move(card), typed_only(*call.ctx.person) ? "typed" : "shown");
}

// The "Open p3" button on the list.
flows::action_result show_ticks(flows::action_call& call, const services& s) {
  flows::action_result r;
  auto p = find_for_viewing(call, s, call.payload, r);
  if (!p) {
    r.outcome.clear();
    return r;
  }
  return reply_message(plan_card(*p, words_for(call, s)));
}

// One line per change: "Aroha ticked 'Outcomes defined' on Rivers and lakes (4/7)".
std::string describe_changes(const tick_result& t, const plan& p, const card_words& w, const std::string& who) {
  std::string out;
  for (const auto& c : t.changes)
    out += (out.empty() ? "" : "\n") +
           w.say(c.ticked ? "plans.notify_tick" : "plans.notify_untick",
                 {{"name", who}, {"item", item_name(w, c.item)}, {"title", p.title},
                  {"count", std::to_string(c.count)}, {"total", std::to_string(p.checklist.size())}});
  return out;
}

// Toggles `items` on plan `id` for the acting partner: saves it, tells the other partners,
// and replies with the updated card.
flows::action_result tick(flows::action_call& call, const services& s, std::string_view id,
                          const std::vector<std::string>& items) {
  flows::action_result r;
  auto p = load_plan(*call.ctx.records, tenant(call), id);
  if (!p) return reply_message(text_message(say(call, "plans.not_found", {{"id", std::string(id)}})), "gone");
  if (!p->has_partner(me(call)))
    return reply_message(text_message(say(call, "plans.tick_refused", {{"title", p->title}, {"names", partner_names(call, s, *p)}})),
                 "gone");
  const tick_result t = toggle_items(*p, items, me(call), call.ctx.now_ms);
  if (t.changes.empty()) return reply_message(text_message(say(call, "plans.no_such_step")));
  stage_plan(call.out.writes, *p);

  const std::string actor = call.ctx.person_name;
  const flows::variables done_vars{{"title", p->title}, {"id", p->id}};
  notify_partners(call, s, *p, [&](const card_words& w) {
    core::message m = text_message(describe_changes(t, *p, w, actor));
    if (t.completed) m.text += "\n" + w.say("plans.notify_complete", done_vars);
    m.context = w.say("plans.notify_hint", {{"id", p->id}});
    return m;
  });

  const card_words w = words_for(call, s);
  core::message card = plan_card(*p, w);
  std::string lead;
  for (const auto& c : t.changes)
    lead += (lead.empty() ? "" : "\n") +
            say(call, c.ticked ? "plans.ticked" : "plans.unticked",
                {{"item", item_name(w, c.item)}, {"count", std::to_string(c.count)},
                 {"total", std::to_string(p->checklist.size())}});
  std::vector<std::string> others;
  for (const auto& k : p->partners)
    if (k != me(call)) others.push_back(w.name_of(k));
  if (!others.empty()) lead += " " + say(call, "plans.told_partners", {{"names", join_names(others, say(call, "plans.and"))}});
  if (t.completed) lead += "\n" + say(call, "plans.complete", done_vars);
  card.text = lead + "\n\n" + card.text;
  r.replies.push_back(std::move(card));
  return r;
}

// A checkbox on the card: payload "<plan id>/<item id>".
flows::action_result tick_button(flows::action_call& call, const services& s) {
  const auto slash = call.payload.find('/');
  if (slash == std::string::npos) return reply_message(text_message(say(call, "plans.no_such_step")));
  auto r = tick(call, s, call.payload.substr(0, slash), {call.payload.substr(slash + 1)});
  r.outcome.clear();  // record buttons have no flow to route
  return r;
}

// The console's tick step: "2", "1 3" or "done".
flows::action_result tick_typed(flows::action_call& call, const services& s) {
  const std::string answer = core::to_lower_ascii(core::trim(var(call, "tick_answer")));
  if (answer == "done" || answer == "finished") {
    flows::action_result r;
    r.outcome = "done";
    return r;
  }
  const std::string id = var(call, "plan_id");
  auto p = load_plan(*call.ctx.records, tenant(call), id);
  if (!p) return reply_message(text_message(say(call, "plans.not_found", {{"id", id}})), "gone");
  const auto items = items_by_number(*p, answer);
  if (items.empty())
    return reply_message(text_message(say(call, "plans.bad_tick", {{"text", answer}, {"count", std::to_string(p->checklist.size())}})));
  return tick(call, s, id, items);
}

flows::action_result mine(flows::action_call& call, const services& s) {
  const auto plans = open_plans_of(*call.ctx.records, tenant(call), me(call));
  return reply_message(plans_list(plans, me(call), words_for(call, s), !typed_only(*call.ctx.person)));
}

}  // namespace

void add_plan_tick_actions(flows::action_registry& actions, const services& s) {
  actions.add("plans.open", [&s](flows::action_call& c) { return open(c, s); }, {"shown", "typed", "not_found", "refused"});
  actions.add_button(std::string(show_action), [&s](flows::action_call& c) { return show_ticks(c, s); });
  actions.add_button(std::string(tick_action), [&s](flows::action_call& c) { return tick_button(c, s); });
  actions.add("plans.tick_typed", [&s](flows::action_call& c) { return tick_typed(c, s); }, {"done", "gone"});
  actions.add("plans.mine", [&s](flows::action_call& c) { return mine(c, s); });
}

}  // namespace commonsbot::collab::detail
