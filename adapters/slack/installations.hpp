// Slack installations (multi-workspace mode, docs/slack.md): one record per workspace that
// added the app through /slack/install, holding its bot token and, with token rotation on,
// the refresh token and when the access token expires. Collection "slack_installations",
// key "<enterprise id or ->:<team id>" ("E1:-" for an org-wide install). Adapters never see
// the store: these records reach it through adapters::platform_records, and the rest of
// the adapter asks for tokens through a token lookup built here.
//
// Tokens are secrets: nothing here logs them, the records are the only place they live, and
// there they are sealed (the app hands these classes a sealed_records).
#pragma once

#include "adapters/platform_records.hpp"
#include "adapters/sealed_records.hpp"

#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace commonsbot::adapters::slack {

inline constexpr std::string_view installations_collection = "slack_installations";

// The fields sealed at rest (sealed_records.hpp) and left out of `store export`.
inline secret_fields installation_secrets() { return {std::string(installations_collection), {"bot_token", "refresh_token"}}; }

struct installation {
  std::string enterprise_id;  // empty outside Enterprise Grid
  std::string team_id;        // empty for an org-wide install
  std::string team_name;
  bool enterprise_install = false;
  std::string app_id;
  std::string bot_user_id;
  std::string scope;
  std::string installer_user_id;  // authed_user.id: who pressed "Allow"
  std::string bot_token;          // xoxb-, or xoxe.xoxb- with rotation
  std::string refresh_token;      // empty: rotation off, the token never expires
  long long expires_at_ms = 0;    // 0: never
  long long installed_at_ms = 0;
  long long refreshed_at_ms = 0;

  std::string key() const;
  bool rotates() const { return !refresh_token.empty() && expires_at_ms > 0; }
};

void to_json(nlohmann::json& j, const installation& i);
void from_json(const nlohmann::json& j, installation& i);

std::string installation_key(const std::string& enterprise_id, const std::string& team_id);

// An oauth.v2.access answer to a code exchange as an installation, or nullopt with `error`
// set (Slack's error code, or what was missing). Never throws.
std::optional<installation> installation_from_oauth(const nlohmann::json& body, long long now_ms,
                                                          std::string& error);
// Applies an oauth.v2.access answer to grant_type=refresh_token: the new access token, the
// new refresh token (each refresh returns one, and the old one stops working) and expiry.
bool apply_refresh(installation& i, const nlohmann::json& body, long long now_ms, std::string& error);

// Whether `i` should be refreshed now: it rotates and expires within `ahead_ms` (Bolt's
// 2 hours), and any failed attempt was at least `retry_ms` ago (`last_failure_ms` 0: none).
bool refresh_due(const installation& i, long long now_ms, long long ahead_ms, long long last_failure_ms,
                 long long retry_ms);

// The Enterprise Grid org a team was seen in: the enterprise id a verified request from the
// team carried, kept when the team was first seen (the pipeline's "tenant_orgs"). Empty:
// none known.
using org_lookup = std::function<std::string(const std::string& team_id)>;

// Read-only lookups over the records; safe from any thread (the records are).
class installations {
 public:
  explicit installations(const platform_records& records, org_lookup org_of = {})
      : records_(records), org_of_(std::move(org_of)) {}

  // The installation that provably covers a team: its own install; else the org-wide install
  // (an Enterprise Grid org that added the app for all its workspaces) of the org the team
  // was seen in, or of the org itself when the "team" is an org's own id. Nothing else: a
  // team no installation covers gets none, never another org's token.
  std::optional<installation> for_team(const std::string& team_id) const;
  // Its bot token, or empty.
  std::string token_for(const std::string& team_id) const;
  std::vector<installation> all() const;

 private:
  std::optional<installation> org_wide(const std::string& enterprise_id) const;

  const platform_records& records_;
  org_lookup org_of_;
};

}  // namespace commonsbot::adapters::slack
