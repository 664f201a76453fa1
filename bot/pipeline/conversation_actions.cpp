#include "pipeline/conversation_actions.hpp"

#include "collab/action_text.hpp"
#include "core/keys.hpp"
#include "core/person.hpp"
#include "flows/engine.hpp"
#include "log/log.hpp"
#include "pipeline/forget.hpp"

#include <nlohmann/json.hpp>

namespace commonsbot::pipeline {
namespace {

using flows::action_call;
using flows::action_result;

nlohmann::json event_fields(const action_call& call) {
  auto fields = nlohmann::json::parse(call.payload.empty() ? "{}" : call.payload, nullptr, false);
  return fields.is_object() ? fields : nlohmann::json::object();
}

// The conversation the event was about, from the person's platform and tenant and the
// event's fields (conversation_id, service_url, bot_id).
core::conversation_ref conversation_of(const action_call& call, const nlohmann::json& fields) {
  core::conversation_ref r;
  r.platform = call.ctx.person->platform;
  r.tenant = call.ctx.person->tenant;
  r.conversation_id = fields.value("conversation_id", "");
  r.service_url = fields.value("service_url", "");
  r.bot_id = fields.value("bot_id", "");
  return r;
}

std::string reference_key(const core::conversation_ref& where) {
  return core::tenant_key(where.tenant, where.platform + "/" + where.conversation_id);
}

action_result conversation_added(action_call& call) {
  const auto& ctx = call.ctx;
  const auto fields = event_fields(call);
  const core::conversation_ref where = conversation_of(call, fields);
  if (where.conversation_id.empty()) return {};
  nlohmann::json reference = {{"ref", where},
                              {"type", fields.value("conversation_type", "")},
                              {"name", fields.value("conversation_name", "")},
                              {"added_ms", ctx.now_ms}};
  call.out.writes.put(std::string(conversations_collection), reference_key(where), std::move(reference));
  const bool personal = fields.value("conversation_type", "") == "personal";
  call.out.after_commit.push_back([where] {
    log::info("conversation.added").kv("platform", where.platform).kv("tenant", where.tenant)
        .kv("conversation", where.conversation_id);
  });
  return collab::reply_text(collab::say(ctx, personal ? "welcome.personal" : "welcome.team"));
}

action_result conversation_removed(action_call& call) {
  const core::conversation_ref where = conversation_of(call, event_fields(call));
  if (where.conversation_id.empty()) return {};
  // Session keys are "<tenant>:<platform>/<conversation>/<user>".
  const std::size_t sessions_erased =
      erase_sessions(call, core::tenant_key(where.tenant, where.platform + "/" + where.conversation_id + "/"));
  const std::size_t dead = dead_letter_outbox(
      call, where.tenant, "the bot was removed from this " + where.platform + " conversation; not sent",
      [&](const delivery::outbox_entry& e) {
        return e.platform == where.platform && e.to.conversation_id == where.conversation_id;
      });
  call.out.writes.erase(std::string(conversations_collection), reference_key(where));
  call.out.after_commit.push_back([where, sessions_erased, dead] {
    log::info("conversation.removed").kv("platform", where.platform).kv("tenant", where.tenant)
        .kv("conversation", where.conversation_id).kv("sessions", sessions_erased).kv("dead_letters", dead);
  });
  return {};
}

}  // namespace

void add_conversation_actions(flows::action_registry& actions) {
  actions.add_lifecycle("on.conversation_added", conversation_added);
  actions.add_lifecycle("on.conversation_removed", conversation_removed);
}

}  // namespace commonsbot::pipeline
