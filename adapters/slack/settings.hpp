// The "adapters.slack" config section (single-workspace mode: the bot token comes from
// config). Secrets are references ({"env": NAME} or {"file": PATH}), never inline values.
#pragma once

#include "adapters/settings_reader.hpp"
#include "flows/problem.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
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
  // The install page is open to anyone: each client address may load it `install_rate_burst`
  // times at once and `install_rate_per_minute` times a minute after that (429 beyond),
  // remembering at most `install_rate_clients` addresses. The same budget covers the
  // redirect page.
  unsigned install_rate_per_minute = 10;
  unsigned install_rate_burst = 10;
  std::size_t install_rate_clients = 10'000;
  // Redirects waiting for their oauth.v2.access exchange (one at a time, on a thread of their
  // own); more at once get 503 with Retry-After.
  std::size_t oauth_queue_limit = 16;
  // Actions one interactivity payload (block_actions) may carry: a person's click is one;
  // actions beyond this are ignored with a warning, so a signed sender cannot make one
  // request run a thousand events.
  std::size_t max_actions_per_payload = 10;
  // Installations' tokens are sealed in the store with this key (AES-256-GCM; 32 raw bytes,
  // given in config as base64). Required in multi-workspace mode. Keys in
  // token_encryption_previous_keys only open what they sealed (rotation: docs/slack.md).
  secret_value token_encryption_key;
  std::vector<secret_value> token_encryption_previous_keys;
  bool multi_workspace() const { return !client_id.empty(); }
};

// Reads the section, appending problems with JSON paths under /adapters/slack.
settings read_settings(const nlohmann::json& section, const std::string& file, flows::problem_list& problems);

}  // namespace commonsbot::adapters::slack
