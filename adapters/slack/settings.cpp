#include "adapters/slack/settings.hpp"

#include "adapters/slack/token_keys.hpp"

#include <nlohmann/json.hpp>

#include <set>

namespace commonsbot::adapters::slack {
namespace {

using flows::problem;
constexpr std::string_view base = "/adapters/slack/";

secret_value resolve(const nlohmann::json& ref, const std::string& file, const std::string& name,
                     flows::problem_list& problems) {
  return read_secret(ref, file, std::string(base) + name, problems);
}

void text(const nlohmann::json& s, const std::string& file, const char* name, std::string& out,
          flows::problem_list& problems) {
  read_text(s, file, std::string(base), name, out, problems);
}

// The OAuth pieces belong together: a client id alone cannot finish an install.
void read_oauth(const nlohmann::json& s, const std::string& file, settings& out, flows::problem_list& problems) {
  text(s, file, "redirect_url", out.redirect_url, problems);
  text(s, file, "authorize_url", out.authorize_url, problems);
  if (auto it = s.find("client_secret"); it != s.end()) out.client_secret = resolve(*it, file, "client_secret", problems);
  if (auto it = s.find("scopes"); it != s.end()) {
    bool good = it->is_array() && !it->empty();
    std::vector<std::string> scopes;
    for (const auto& v : good ? *it : nlohmann::json::array()) {
      if (!v.is_string() || v.get<std::string>().empty()) good = false;
      else scopes.push_back(v.get<std::string>());
    }
    if (good) out.scopes = std::move(scopes);
    else problems.push_back({problem::severity::error, file, std::string(base) + "scopes",
                             "must be a list of bot scopes, e.g. [\"commands\", \"chat:write\"] (leave it out for the manifest's)"});
  }
  const bool any = !out.client_id.empty() || s.contains("client_secret") || !out.redirect_url.empty();
  if (!any) return;
  const auto missing = [&](const char* name, const char* example) {
    problems.push_back({problem::severity::error, file, std::string(base) + name,
                        std::string("multi-workspace mode needs ") + name + " too: " + example});
  };
  if (out.client_id.empty()) missing("client_id", "the Client ID from your app's Basic Information page");
  if (!s.contains("client_secret")) missing("client_secret", "{\"env\": \"SLACK_CLIENT_SECRET\"}");
  if (out.redirect_url.empty()) missing("redirect_url", "\"https://YOUR-HOST/slack/oauth_redirect\", as in the manifest");
  else if (out.redirect_url.rfind("https://", 0) != 0 && out.redirect_url.rfind("http://127.0.0.1", 0) != 0 &&
           out.redirect_url.rfind("http://localhost", 0) != 0)
    problems.push_back({problem::severity::error, file, std::string(base) + "redirect_url",
                        "must start with https:// (Slack only redirects to secure pages)"});
}

// A whole number in [low, high] for a limit, or a problem naming the key and the range.
template <typename T>
void read_limit(const nlohmann::json& s, const std::string& file, const char* name, T low, T high, T& out,
                flows::problem_list& problems) {
  auto it = s.find(name);
  if (it == s.end()) return;
  if (it->is_number_integer() && it->get<long long>() >= static_cast<long long>(low) &&
      it->get<long long>() <= static_cast<long long>(high))
    out = static_cast<T>(it->get<long long>());
  else
    problems.push_back({problem::severity::error, file, std::string(base) + name,
                        "must be a whole number from " + std::to_string(low) + " to " + std::to_string(high)});
}

}  // namespace

settings read_settings(const nlohmann::json& s, const std::string& file, flows::problem_list& problems) {
  settings out;
  static const std::set<std::string> known{"enabled", "signing_secret", "bot_token", "bot_user_id", "team_id",
                                           "api_base_url", "response_url_prefix", "response_type",
                                           "client_id", "client_secret", "redirect_url", "scopes",
                                           "authorize_url", "install_rate_per_minute", "install_rate_burst",
                                           "install_rate_clients", "oauth_queue_limit", "allow_guests",
                                           "max_actions_per_payload", "token_encryption_key",
                                           "token_encryption_previous_keys"};
  for (auto it = s.begin(); it != s.end(); ++it)
    if (!known.contains(it.key()))
      problems.push_back({problem::severity::warning, file, std::string(base) + it.key(), "unknown key"});
  if (auto it = s.find("signing_secret"); it != s.end()) out.signing_secret = resolve(*it, file, "signing_secret", problems);
  else problems.push_back({problem::severity::error, file, std::string(base) + "signing_secret",
                           "required: {\"env\": \"SLACK_SIGNING_SECRET\"}"});
  text(s, file, "client_id", out.client_id, problems);
  if (auto it = s.find("bot_token"); it != s.end()) out.bot_token = resolve(*it, file, "bot_token", problems);
  else if (!out.multi_workspace())
    problems.push_back({problem::severity::error, file, std::string(base) + "bot_token",
                        "required: {\"env\": \"SLACK_BOT_TOKEN\"} (or set client_id, client_secret and "
                        "redirect_url to install into many workspaces through /slack/install)"});
  read_oauth(s, file, out, problems);
  text(s, file, "bot_user_id", out.bot_user_id, problems);
  text(s, file, "team_id", out.team_id, problems);
  text(s, file, "api_base_url", out.api_base_url, problems);
  text(s, file, "response_url_prefix", out.response_url_prefix, problems);
  text(s, file, "response_type", out.response_type, problems);
  read_limit<unsigned>(s, file, "install_rate_per_minute", 1, 10'000, out.install_rate_per_minute, problems);
  read_limit<unsigned>(s, file, "install_rate_burst", 1, 10'000, out.install_rate_burst, problems);
  read_limit<std::size_t>(s, file, "install_rate_clients", 1, 1'000'000, out.install_rate_clients, problems);
  read_limit<std::size_t>(s, file, "oauth_queue_limit", 1, 10'000, out.oauth_queue_limit, problems);
  if (auto it = s.find("allow_guests"); it != s.end()) {
    if (it->is_boolean()) out.allow_guests = it->get<bool>();
    else problems.push_back({problem::severity::error, file, std::string(base) + "allow_guests",
                             "must be true or false (false, the default, refuses Slack Connect users and guests from "
                             "other workspaces)"});
  }
  read_limit<std::size_t>(s, file, "max_actions_per_payload", 1, 100, out.max_actions_per_payload, problems);
  read_token_keys(s, file, out, problems);
  while (!out.api_base_url.empty() && out.api_base_url.back() == '/') out.api_base_url.pop_back();
  if (out.response_type != "ephemeral" && out.response_type != "in_channel")
    problems.push_back({problem::severity::error, file, std::string(base) + "response_type", "must be ephemeral or in_channel"});
  return out;
}

}  // namespace commonsbot::adapters::slack
