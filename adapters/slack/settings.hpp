// The "adapters.slack" config section (single-workspace mode: the bot token comes from
// config). Secrets are references ({"env": NAME} or {"file": PATH}), never inline values.
#pragma once

#include "adapters/settings_reader.hpp"
#include "flows/problem.hpp"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

namespace commonsbot::adapters::slack {

using adapters::secret_value;

struct settings {
  secret_value signing_secret;
  secret_value bot_token;  // xoxb-..., for the Web API
  std::string bot_user_id;  // our own user id, to ignore our own messages (also learnt per event)
  std::string team_id;      // if set, requests from other workspaces are refused
  std::string api_base_url = "https://slack.com/api";
  // response_url values outside this prefix are never called (a leaked signing secret must
  // not turn the bot into a request forwarder).
  std::string response_url_prefix = "https://hooks.slack.com/";
  std::string response_type = "ephemeral";  // for command replies: ephemeral | in_channel
  // Slack Connect users and guests from another workspace (their user team is not the
  // request's team) are refused politely and never become people of the school, unless this
  // is true. The pipeline enforces it (app/runtime reads this key for every platform).
  bool allow_guests = false;

  // Multi-workspace mode (OAuth v2, docs/slack.md): with a client id, tokens come from the
  // installations stored by /slack/oauth_redirect instead of bot_token, which is then optional.
  std::string client_id;
  secret_value client_secret;
  std::string redirect_url;  // https://YOUR-HOST/slack/oauth_redirect, as in the manifest
  std::vector<std::string> scopes{"commands", "chat:write", "app_mentions:read", "im:history",
                                  "im:read", "im:write", "users:read"};  // the manifest's bot scopes
  std::string authorize_url = "https://slack.com/oauth/v2/authorize";
  bool multi_workspace() const { return !client_id.empty(); }
};

// Reads the section, appending problems with JSON paths under /adapters/slack.
settings read_settings(const nlohmann::json& section, const std::string& file, flows::problem_list& problems);

}  // namespace commonsbot::adapters::slack
