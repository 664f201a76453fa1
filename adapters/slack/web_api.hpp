// Slack Web API requests, built for the outbox worker (which sends them, paces them by
// `rate_bucket` and treats {"ok": false} as a failure with its error code). JSON bodies for
// the methods that accept JSON; the bot token rides in the Authorization header.
#pragma once

#include "adapters/adapter.hpp"
#include "adapters/slack/block_kit.hpp"
#include "adapters/slack/settings.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace commonsbot::adapters::slack {

// Rate buckets: chat.postMessage is paced per channel (about 1 message/s with short bursts);
// other methods per workspace and method, so one tier's limit is never shared with another.
std::string channel_bucket(const std::string& team, const std::string& channel);
std::string method_bucket(const std::string& team, const std::string& method);

// POST <api_base_url>/<method> with a JSON body and the bot token.
outbound_request api_call(const settings& s, const std::string& method, const nlohmann::json& body,
                          std::string rate_bucket);

outbound_request post_message(const settings& s, const std::string& team, const std::string& channel,
                              const std::string& thread_ts, const page& p);
outbound_request post_ephemeral(const settings& s, const std::string& team, const std::string& channel,
                                const std::string& user, const std::string& thread_ts, const page& p);
outbound_request update_message(const settings& s, const std::string& team, const std::string& channel,
                                const std::string& ts, const page& p);
outbound_request open_conversation(const settings& s, const std::string& team, const std::string& user);
// conversations.open for a DM, capturing the answer's channel.id for the posts after it (as
// "{capture:dm_channel}") and asking the worker to remember it per team and user.
outbound_request open_dm(const settings& s, const std::string& team, const std::string& user);
outbound_request open_view(const settings& s, const std::string& team, const std::string& trigger_id,
                           const nlohmann::json& view);
outbound_request publish_view(const settings& s, const std::string& team, const std::string& user,
                              const nlohmann::json& view);

// A reply through an interaction's response_url (no token; up to 5 uses in 30 minutes).
outbound_request respond(const std::string& team, const std::string& channel, const std::string& response_url,
                         const std::string& response_type, bool replace_original, const page& p);

// The Home tab view for `m` ({"type": "home", "blocks": [...]}), at most 100 blocks.
nlohmann::json home_view(const core::message& m);

// The requests that deliver `m` to `to`, one per page:
//   m.surface "home"                                    -> views.publish for to.user_id;
//   to.service_url set (an interaction's response_url) -> POST to it (the first page with
//                                                          "replace_original" when m says so);
//   m.replace_original, a channel and to.message_id    -> chat.update of that message;
//   m.ephemeral and a channel                           -> chat.postEphemeral;
//   otherwise                                           -> chat.postMessage to the channel; with
//     no channel but a user (a DM), conversations.open first and the posts to the channel it
//     answers (the worker skips the open while it remembers that person's DM channel).
std::vector<outbound_request> render_requests(const settings& s, const core::message& m,
                                              const core::conversation_ref& to);

}  // namespace commonsbot::adapters::slack
