// Bot Framework activities -> core::events. Pure: the JSON Teams posted to /api/messages
// (already verified) becomes the events the pipeline runs, and how the answer must look.
//
//   message, text          "library plan Rivers" / "/library plan Rivers" -> a command;
//                          other text answers the open flow. The bot's own <at>…</at>
//                          mentions (found through the mention entities) are removed;
//                          mentions of colleagues stay for the flows to read.
//   message, value         an Action.Submit on one of our cards -> action events
//   conversationUpdate     the bot added -> lifecycle "conversation_added" (a welcome, the
//                          reference kept); the bot removed -> "conversation_removed"
//   installationUpdate     add -> "conversation_added"; remove -> "conversation_removed"
//   invoke adaptiveCard/action   Action.Execute -> action events, answered in the body
//   invoke task/fetch      open a flow's form as a task module -> a command, answered with it
//   invoke task/submit     the form's answers -> a form submission, answered with errors or done
//   anything else          200, ignored
//
// The tenant is the Microsoft 365 tenant (channelData.tenant.id). Every event's delivery id is
// the activity id (with the action's index when one submit means several), so a retried
// invoke changes things once.
#pragma once

#include "adapters/adapter.hpp"
#include "adapters/teams/settings.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace commonsbot::adapters::teams {

// inbound::answer_kind for the invokes Teams waits on: which body the acknowledgement is.
inline constexpr std::string_view answer_card_action = "card_action";
inline constexpr std::string_view answer_task_fetch = "task_fetch";
inline constexpr std::string_view answer_task_submit = "task_submit";

// The lifecycle names the pipeline's actions answer ("on.<name>").
inline constexpr std::string_view conversation_added = "conversation_added";
inline constexpr std::string_view conversation_removed = "conversation_removed";

// The trigger a task/fetch carries, so the pipeline offers the flow's form in the answer.
inline constexpr std::string_view task_trigger = "teams:task";

// The activity's tenant: channelData.tenant.id, else conversation.tenantId; empty if neither.
std::string tenant_of(const nlohmann::json& activity);

// Parses one verified activity. Rejections (400 malformed, 403 tenant not allowed) carry
// their response; ignored activities have no events.
inbound parse_activity(const nlohmann::json& activity, const settings& s);

// "<at>Bot</at> plan Rivers" -> "plan Rivers": removes the mention texts the entities say
// are of `bot_id` (Teams' docs: trust the entities, not the markup), then trims.
std::string without_bot_mentions(const nlohmann::json& activity, std::string_view bot_id);

}  // namespace commonsbot::adapters::teams
