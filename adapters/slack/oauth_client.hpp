// oauth.v2.access, the one Slack call the bot makes with its client secret: exchanging an
// install's code for tokens, and refreshing a rotating token. One blocking form POST
// (libcurl, TLS verified, short timeout): call it off the HTTP server's threads.
// The secret, the code and the tokens ride in the body, never in a URL or a log line.
#pragma once

#include "adapters/slack/settings.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace commonsbot::adapters::slack {

struct oauth_answer {
  bool ok = false;       // an HTTP answer with a JSON body was read (Slack's "ok" is inside)
  long status = 0;
  nlohmann::json body;   // Slack's answer; discarded unless ok
  std::string error;     // transport problems, in words for the log (no secrets)
};

using form_list = std::vector<std::pair<std::string, std::string>>;

// POSTs `fields` (form-encoded) to `url`. Plain http:// only to 127.0.0.1 / localhost (the
// fake Slack in tests); anything else must be https://.
using oauth_poster = std::function<oauth_answer(const std::string& url, const form_list& fields)>;
oauth_answer post_form(const std::string& url, const form_list& fields,
                       std::chrono::milliseconds timeout = std::chrono::seconds(15));

// The two calls, on <api_base_url>/oauth.v2.access with the client id and secret.
oauth_answer exchange_code(const adapters::slack::settings& s, const oauth_poster& post, const std::string& code);
oauth_answer refresh_token(const adapters::slack::settings& s, const oauth_poster& post,
                           const std::string& refresh_token);

}  // namespace commonsbot::adapters::slack
