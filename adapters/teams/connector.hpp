// Bot Connector REST v3 requests, built for the outbox worker (which sends them, adds the
// bot's bearer token, and paces them by `rate_bucket`). Every URL is relative to the
// conversation's stored serviceUrl, with or without its trailing '/'; conversation and
// activity ids are percent-encoded as one path segment ("19:abc@thread.tacv2;messageid=1"
// has ':', '@', ';' and '=').
#pragma once

#include "adapters/adapter.hpp"
#include "adapters/teams/cards.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace commonsbot::adapters::teams {

// The capture name a created 1:1 conversation's id travels under, to the sends after it.
inline constexpr std::string_view dm_conversation = "conversation";

// `s` percent-encoded as one URL path segment: all but letters, digits and - . _ ~.
std::string encode_path_segment(std::string_view s);
// serviceUrl + path with exactly one '/' between them.
std::string connector_url(std::string_view service_url, std::string_view path);
// "teams:<tenant>:<conversation>": sends are paced per conversation.
std::string conversation_bucket(std::string_view tenant, std::string_view conversation);

// POST v3/conversations/{conversation}/activities.
outbound_request send_activity(std::string_view service_url, std::string_view tenant, std::string_view conversation,
                               const nlohmann::json& activity);
// POST v3/conversations/{conversation}/activities/{reply_to}: a reply in that thread.
outbound_request reply_to_activity(std::string_view service_url, std::string_view tenant,
                                   std::string_view conversation, std::string_view reply_to,
                                   nlohmann::json activity);
// PUT v3/conversations/{conversation}/activities/{activity_id}: the card updated in place.
outbound_request update_activity(std::string_view service_url, std::string_view tenant,
                                 std::string_view conversation, std::string_view activity_id,
                                 nlohmann::json activity);
// POST v3/conversations: the 1:1 with `user` ("29:…"), for a proactive message. Captures the
// answer's "/id" as dm_conversation and asks the worker to remember it as
// "teams:<tenant>:dm:<user>", so later messages to the person skip it. `bot` is "28:<app id>"
// (the prefix is added when missing, for both).
outbound_request create_conversation(std::string_view service_url, std::string_view tenant, std::string_view bot,
                                     std::string_view user);

struct connector_settings {
  std::string app_id;  // the bot's Microsoft app id, when the conversation_ref has no bot_id
  card_options cards;
};

// The requests that deliver `m` to `to`, one send per activity (render_activities):
//   m.replace_original and to.message_id -> PUT of that activity with the first, the rest sent
//   to.thread_id                         -> replies to that activity
//   no conversation id but a user         -> create_conversation first, then the sends to the
//                                           conversation it answers (a capture placeholder)
//   otherwise                             -> sends to to.conversation_id
// Nothing when to.service_url is empty (logged): Teams has no address without it.
std::vector<outbound_request> render_requests(const connector_settings& s, const core::message& m,
                                              const core::conversation_ref& to);

}  // namespace commonsbot::adapters::teams
