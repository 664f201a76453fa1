// /library share <plan>: a partner asks to share a finished unit with the staff; the other
// partner agrees with a button ("Yes, share it" / "Not yet", action plans.share_answer) or by
// typing /library share <plan> themselves. Flow: templates/flows/share.json.
#include "collab/action_text.hpp"
#include "collab/actions_by_area.hpp"
#include "collab/report_records.hpp"
#include "collab/share_request.hpp"
#include "core/keys.hpp"
#include "core/text.hpp"
#include "flows/engine.hpp"

#include <nlohmann/json.hpp>

namespace commonsbot::collab::detail {
namespace {

using namespace evidence;
using flows::action_call;
using flows::action_result;

// The plan named after the command, or a choice of this person's reflected, unshared plans.
action_result list_shareable(action_call& call) {
  const core::person& me = *call.ctx.person;
  action_result r;
  if (!call.args.empty()) {
    auto p = my_named_plan(call, "share", r);
    if (!p) return r;
    call.vars["plan"] = p->id;
    call.vars["plan_label"] = plan_label(*p);
    r.outcome = "chosen";
    return r;
  }
  nlohmann::json options = nlohmann::json::array();
  for (const auto& p : plans_of(*call.ctx.records, me.tenant))
    if (p.has_partner(me.key()) && !p.shared && !p.reflections.empty())
      options.push_back({{"id", p.id}, {"label", plan_label(p)}});
  if (options.empty()) {
    r.outcome = "none";
    return r;
  }
  call.vars["my_plans"] = std::move(options);
  return r;
}

action_result ask(action_call& call, const services& s) {
  const core::person& me = *call.ctx.person;
  action_result r;
  auto p = find_plan(*call.ctx.records, me.tenant, var(call, "plan"));
  if (!p || !p->has_partner(me.key())) {
    r.replies.push_back(text_message(say(call.ctx, "share.gone", {{"id", var(call, "plan")}})));
    return r;
  }
  bool changed = false;
  request_share(*p, call, s, "", r.replies, changed);
  if (changed) call.out.writes.put(std::string(plans_collection), p->key(), *p);
  return r;
}

// A record button on the request: payload "<plan id>|yes" or "<plan id>|no".
action_result answer_share(action_call& call, const services& s) {
  const auto& ctx = call.ctx;
  const core::person& me = *ctx.person;
  action_result r;
  const auto bar = call.payload.find('|');
  const std::string id = call.payload.substr(0, bar);
  const std::string yes_no = bar == std::string::npos ? "" : call.payload.substr(bar + 1);
  auto p = find_plan(*ctx.records, me.tenant, id);
  if (!p) {
    r.replies.push_back(text_message(say(ctx, "share.gone", {{"id", id}})));
    return r;
  }
  if (!p->has_partner(me.key())) return refuse_not_partner(*p, call, "share.not_partner");
  const flows::variables about{{"id", p->id}, {"title", p->title}};
  if (p->shared) {
    r.replies.push_back(text_message(say(ctx, "share.already", about)));
    return r;
  }
  std::optional<share_request> request;
  if (auto j = ctx.records->get(share_requests_collection, core::tenant_key(me.tenant, p->id)); j && j->is_object())
    request = j->get<share_request>();
  if (!request || request->status != "asked") {
    r.replies.push_back(text_message(say(ctx, "share.closed", about)));
    return r;
  }
  if (request->asked_by == me.key()) {
    r.replies.push_back(text_message(say(ctx, "share.own_request", about)));
    return r;
  }
  if (yes_no == "yes") {
    const auto channel = staff_channel(s, me);
    if (!channel) {
      r.replies.push_back(text_message(say(ctx, "share.no_channel", about)));
      return r;
    }
    post_story(*p, *request, call, s, *channel);
    call.out.writes.put(std::string(plans_collection), p->key(), *p);
    r.replies.push_back(text_message(say(ctx, "share.posted", about)));
    return r;
  }
  request->status = "declined";
  request->answered_by = me.key();
  request->answered_ms = ctx.now_ms;
  call.out.writes.put(std::string(share_requests_collection), request->key(), *request);
  flows::variables v = about;
  v["who"] = my_name(ctx);
  call.out.notices.push_back({direct_ref(*ctx.records, me.tenant, request->asked_by), text_message(say(ctx, "share.declined_notice", v))});
  r.replies.push_back(text_message(say(ctx, "share.declined", about)));
  return r;
}

}  // namespace

void add_share_actions(flows::action_registry& actions, const services& s) {
  actions.add("share.list", list_shareable, {"chosen", "none", "refused"});
  actions.add("share.ask", [&s](action_call& call) { return ask(call, s); });
  actions.add_button("plans.share_answer", [&s](action_call& call) { return answer_share(call, s); });
}

}  // namespace commonsbot::collab::detail
