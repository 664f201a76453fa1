// Where to reach someone later, unprompted: enough to open or post into a conversation
// without an inbound event to reply to. Persisted per person and per conversation.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <string>

namespace commonsbot::core {

struct conversation_ref {
  std::string platform;         // "console", "slack", "teams", "matrix"
  std::string tenant;           // the school's workspace / tenant / homeserver
  std::string conversation_id;  // channel, DM, room; empty to open a DM with user_id
  std::string user_id;          // the person, for DMs and ephemeral replies
  std::string thread_id;        // optional thread to reply in
  std::string service_url;      // Teams: the connector endpoint for this conversation
  std::string bot_id;           // the bot's own id in this tenant, where the platform needs it

  bool operator==(const conversation_ref&) const = default;
};

void to_json(nlohmann::json& j, const conversation_ref& r);
void from_json(const nlohmann::json& j, conversation_ref& r);

}  // namespace commonsbot::core
