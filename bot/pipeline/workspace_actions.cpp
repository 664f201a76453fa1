#include "pipeline/workspace_actions.hpp"

#include "adapters/slack/installations.hpp"
#include "core/keys.hpp"
#include "core/person.hpp"
#include "delivery/outbox_entry.hpp"
#include "flows/engine.hpp"
#include "log/log.hpp"
#include "pipeline/forget.hpp"

#include <nlohmann/json.hpp>

namespace commonsbot::pipeline {
namespace {

using flows::action_call;
using flows::action_result;

// Erases the workspace's sessions on the event's platform and moves its pending outbox
// entries to dead_letters, all in the event's own transaction.
action_result forget_workspace(action_call& call, const std::string& why) {
  const auto& ctx = call.ctx;
  const std::string tenant = ctx.person->tenant;
  const std::string platform = ctx.person->platform;
  const std::size_t sessions_erased = erase_sessions(call, core::tenant_key(tenant, platform + "/"));
  // The same tenant id may exist on another platform: only this platform's messages go.
  const std::size_t dead = dead_letter_outbox(call, tenant, platform + " workspace " + tenant + " " + why + "; not sent",
                                              [&](const delivery::outbox_entry& e) { return e.platform == platform; });
  // DM channels remembered for the workspace's people.
  const std::string answers(delivery::remembered_answers_collection);
  for (const auto& [key, value] : ctx.records->scan(answers, platform + ":" + tenant + ":"))
    call.out.writes.erase(answers, key);
  // Multi-workspace mode: the team's stored installation (and its tokens) goes too. An
  // org-wide install is keyed by its enterprise alone ("E1:-") and is dropped by its own
  // event, which says so in the fields "enterprise_install" and "enterprise_id".
  const auto fields = nlohmann::json::parse(call.payload.empty() ? "{}" : call.payload, nullptr, false);
  const bool org_wide = fields.is_object() && fields.value("enterprise_install", "") == "true" &&
                        !fields.value("enterprise_id", "").empty();
  const std::string org_key = org_wide ? adapters::slack::installation_key(fields.value("enterprise_id", ""), "") : "";
  std::size_t installations = 0;
  if (platform == "slack") {
    const std::string collection(adapters::slack::installations_collection);
    for (const auto& [key, value] : ctx.records->scan(collection, ""))
      if ((value.is_object() && value.value("team_id", "") == tenant) || (org_wide && key == org_key)) {
        call.out.writes.erase(collection, key);
        ++installations;
      }
  }
  // Logged once it is durable, so the line never claims what a failed commit did not do.
  call.out.after_commit.push_back([tenant, platform, why, sessions_erased, dead, installations] {
    log::info("workspace.forgotten")
        .kv("platform", platform)
        .kv("tenant", tenant)
        .kv("why", why)
        .kv("sessions", sessions_erased)
        .kv("dead_letters", dead)
        .kv("installations", installations);
  });
  return {};
}

action_result tokens_revoked(action_call& call) {
  const auto fields = nlohmann::json::parse(call.payload.empty() ? "{}" : call.payload, nullptr, false);
  const std::string bots = fields.is_object() ? fields.value("bot", "") : "";
  if (bots.empty()) {
    log::info("workspace.user_tokens_revoked")
        .kv("tenant", call.ctx.person->tenant)
        .kv("users", fields.is_object() ? fields.value("oauth", "") : "");
    return {};  // only user tokens, and the bot keeps none
  }
  return forget_workspace(call, "revoked the bot's token");
}

}  // namespace

void add_workspace_actions(flows::action_registry& actions) {
  actions.add_lifecycle("on.uninstalled", [](action_call& call) { return forget_workspace(call, "uninstalled the app"); });
  actions.add_lifecycle("on.tokens_revoked", tokens_revoked);
}

}  // namespace commonsbot::pipeline
