// /library meetings remove <id>: meetings.find shows the meeting to be removed (or says
// where to change one that came from the config or a calendar feed, which chat must not
// undo), and meetings.remove erases it and asks the schedule loop to drop its nudges.
#include "collab/action_text.hpp"
#include "core/keys.hpp"
#include "core/text.hpp"
#include "flows/engine.hpp"
#include "nudges/meeting_words.hpp"

#include <nlohmann/json.hpp>

namespace commonsbot::nudges::detail {
namespace {

using collab::say;
using collab::var;
using flows::action_call;
using flows::action_result;

// "m3", "M3", "#m3", "3" all mean m3.
std::string typed_id(std::string text) {
  text = core::to_lower_ascii(core::trim(text));
  if (!text.empty() && text.front() == '#') text.erase(0, 1);
  if (!text.empty() && text.front() >= '0' && text.front() <= '9') text = "m" + text;
  return text;
}

action_result find(action_call& call, const context& ctx) {
  const std::string tenant = tenant_of(call);
  const std::string id = typed_id(var(call, "remove_text"));
  const auto all = meetings_of(*call.ctx.records, tenant);
  if (all.empty()) return collab::reply_text(say(call, "meetings.remove_none"), "none");
  const auto m = find_meeting(*call.ctx.records, tenant, id);
  if (!m) {
    std::vector<std::string> ids;
    for (const auto& one : all) ids.push_back(one.id);
    std::string shown;
    for (std::size_t i = 0; i < ids.size(); ++i) shown += (i ? ", " : "") + ids[i];
    return collab::bad_answer(call.ctx, "meetings.remove_not_found", "meetings.hint_remove",
                              {{"id", id}, {"meeting_ids", shown}});
  }
  if (m->source == "config")
    return collab::reply_text(say(call, "meetings.remove_config", {{"id", m->id}, {"name", m->name}}), "fixed");
  if (m->source != "chat")
    return collab::reply_text(say(call, "meetings.remove_calendar", {{"id", m->id}, {"name", m->name}, {"source", m->source}}),
                 "fixed");
  call.vars["remove_id"] = m->id;
  call.vars["remove_name"] = m->name;
  core::message card;
  card.sections.push_back(meeting_section(call, ctx, *m));
  action_result r;
  r.replies.push_back(std::move(card));
  return r;
}

action_result remove(action_call& call, const context& ctx) {
  const std::string tenant = tenant_of(call);
  const std::string id = var(call, "remove_id");
  // Read again: someone may have removed it while this person was deciding.
  if (!find_meeting(*call.ctx.records, tenant, id)) return collab::reply_text(say(call, "meetings.already_gone", {{"id", id}}));
  call.out.writes.erase(std::string(meetings::collection), core::tenant_key(tenant, id));
  if (ctx.services && ctx.services->schedule_changed) {
    const auto* s = ctx.services;
    call.out.after_commit.push_back([s, tenant] { s->schedule_changed(tenant); });
  }
  return collab::reply_text(say(call, "meetings.removed", {{"id", id}, {"name", var(call, "remove_name")}}));
}

}  // namespace

void add_meeting_remove_actions(flows::action_registry& actions, const context& ctx) {
  actions.add("meetings.find", [&ctx](action_call& c) { return find(c, ctx); }, {"bad", "none", "fixed"});
  actions.add("meetings.remove", [&ctx](action_call& c) { return remove(c, ctx); }, {},
              flows::only_for({core::role::library_staff}));
}

}  // namespace commonsbot::nudges::detail
