// Where to reach someone later, unprompted: enough to open or post into a conversation
// without an inbound event to reply to. Persisted per person and per conversation.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <utility>

namespace commonsbot::core {

struct conversation_ref {
  // A constructor rather than an aggregate, so code that spells out the first seven fields
  // keeps compiling without warnings as fields are added.
  conversation_ref() = default;
  conversation_ref(std::string on, std::string in_tenant, std::string conversation, std::string user,
                   std::string thread = {}, std::string service = {}, std::string bot = {},
                   std::string message = {})
      : platform(std::move(on)),
        tenant(std::move(in_tenant)),
        conversation_id(std::move(conversation)),
        user_id(std::move(user)),
        thread_id(std::move(thread)),
        service_url(std::move(service)),
        bot_id(std::move(bot)),
        message_id(std::move(message)) {}

  std::string platform;         // "console", "slack", "teams", "matrix"
  std::string tenant;           // the school's workspace / tenant / homeserver
  std::string conversation_id;  // channel, DM, room; empty to open a DM with user_id
  std::string user_id;          // the person, for DMs and ephemeral replies
  std::string thread_id;        // optional thread to reply in
  std::string service_url;      // Teams: the connector endpoint for this conversation
  std::string bot_id;           // the bot's own id in this tenant, where the platform needs it
  std::string message_id;       // the message a button was pressed on (Slack: its ts), so a
                                // reply can replace it; empty otherwise

  bool operator==(const conversation_ref&) const = default;
};

void to_json(nlohmann::json& j, const conversation_ref& r);
void from_json(const nlohmann::json& j, conversation_ref& r);

}  // namespace commonsbot::core
