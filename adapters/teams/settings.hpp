// The "adapters.teams" config section (docs/teams.md). Single-tenant is the default, as
// Microsoft now requires for new Azure Bot registrations; multi-tenant is kept for bots
// registered before that. Secrets are references ({"env": NAME} or {"file": PATH}). Its
// "package" member is only read by `commonsbot teams package` (app_package.hpp).
#pragma once

#include "adapters/settings_reader.hpp"
#include "adapters/teams/signing_keys.hpp"
#include "flows/problem.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace commonsbot::adapters::teams {


struct settings {
  std::string app_id;         // the Azure Bot's Microsoft App ID: inbound tokens' audience
  secret_value app_password;  // its client secret, for outbound tokens
  bool single_tenant = true;  // app_type "single_tenant" (default) or "multi_tenant"
  std::string tenant_id;      // the school's Microsoft 365 tenant: required for single-tenant
  // Activities from other tenants are refused (403). Empty: only tenant_id when
  // single-tenant, any tenant when multi-tenant.
  std::vector<std::string> allowed_tenants;
  // Where the signing keys are announced; sovereign clouds (and tests) set their own.
  std::string openid_metadata_url = std::string(default_openid_metadata_url);
  // The token authority: <login_url>/<tenant_id or botframework.com>/oauth2/v2.0/token.
  std::string login_url = "https://login.microsoftonline.com";
  std::string token_scope = "https://api.botframework.com/.default";
  std::size_t max_activity_bytes = 28 * 1024;  // one outbound activity, serialised
  // Where to post into a conversation the bot has heard nothing from yet (a staff channel
  // named in the config): Microsoft's global Bot Connector address. Activities name their
  // own, which is used instead whenever one is known.
  std::string default_service_url = "https://smba.trafficmanager.net/teams/";

  // The tenant whose authority issues our outbound tokens.
  std::string token_tenant() const { return single_tenant ? tenant_id : std::string("botframework.com"); }
  // Whether an activity from `tenant` is served.
  bool allows(const std::string& tenant) const;
};

// Reads the section, appending problems with JSON paths under /adapters/teams.
settings read_settings(const nlohmann::json& section, const std::string& file, flows::problem_list& problems);

}  // namespace commonsbot::adapters::teams
