#include "adapters/teams/settings.hpp"

#include "adapters/teams/cards.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

namespace commonsbot::adapters::teams {
namespace {

using flows::problem;
const std::string settings_base = "/adapters/teams/";

void settings_error(flows::problem_list& problems, const std::string& file, const std::string& key, std::string what) {
  problems.push_back({problem::severity::error, file, settings_base + key, std::move(what)});
}

bool is_web_url(const std::string& url) {
  return url.rfind("https://", 0) == 0 || url.rfind("http://127.0.0.1", 0) == 0 ||
         url.rfind("http://localhost", 0) == 0;
}

}  // namespace

bool settings::allows(const std::string& tenant) const {
  if (tenant.empty()) return false;
  if (!allowed_tenants.empty())
    return std::find(allowed_tenants.begin(), allowed_tenants.end(), tenant) != allowed_tenants.end();
  return !single_tenant || tenant == tenant_id;
}

settings read_settings(const nlohmann::json& s, const std::string& file, flows::problem_list& problems) {
  settings out;
  static const std::set<std::string> known{"enabled",         "app_id",          "app_password",
                                           "app_type",        "tenant_id",       "allowed_tenants",
                                           "openid_metadata_url", "login_url",   "token_scope",
                                           "max_activity_bytes", "default_service_url", "package"};
  for (auto it = s.begin(); it != s.end(); ++it)
    if (!known.contains(it.key()))
      problems.push_back({problem::severity::warning, file, settings_base + it.key(), "unknown key"});

  read_text(s, file, settings_base, "app_id", out.app_id, problems);
  if (out.app_id.empty())
    settings_error(problems, file, "app_id", "required: the Microsoft App ID of your Azure Bot (a GUID)");
  if (auto it = s.find("app_password"); it != s.end())
    out.app_password = read_secret(*it, file, settings_base + "app_password", problems);
  else
    settings_error(problems, file, "app_password",
                   "required: {\"env\": \"TEAMS_APP_PASSWORD\"} (the bot's client secret)");

  std::string type = "single_tenant";
  read_text(s, file, settings_base, "app_type", type, problems);
  if (type != "single_tenant" && type != "multi_tenant")
    settings_error(problems, file, "app_type", "must be single_tenant or multi_tenant");
  out.single_tenant = type != "multi_tenant";
  read_text(s, file, settings_base, "tenant_id", out.tenant_id, problems);
  if (out.single_tenant && out.tenant_id.empty())
    settings_error(problems, file, "tenant_id",
                   "required for a single-tenant bot: your Microsoft 365 tenant id (Azure portal, Microsoft Entra ID)");

  if (auto it = s.find("allowed_tenants"); it != s.end()) {
    bool good = it->is_array();
    for (const auto& v : good ? *it : nlohmann::json::array()) {
      if (!v.is_string() || v.get<std::string>().empty()) good = false;
      else out.allowed_tenants.push_back(v.get<std::string>());
    }
    if (!good) settings_error(problems, file, "allowed_tenants", "must be a list of tenant ids");
  }

  read_text(s, file, settings_base, "openid_metadata_url", out.openid_metadata_url, problems);
  read_text(s, file, settings_base, "login_url", out.login_url, problems);
  read_text(s, file, settings_base, "token_scope", out.token_scope, problems);
  read_text(s, file, settings_base, "default_service_url", out.default_service_url, problems);
  if (!is_web_url(out.default_service_url))
    settings_error(problems, file, "default_service_url", "must start with https://");
  while (!out.login_url.empty() && out.login_url.back() == '/') out.login_url.pop_back();
  if (!is_web_url(out.openid_metadata_url))
    settings_error(problems, file, "openid_metadata_url", "must start with https://");
  if (!is_web_url(out.login_url)) settings_error(problems, file, "login_url", "must start with https://");

  if (auto it = s.find("max_activity_bytes"); it != s.end()) {
    const bool in_range = it->is_number_unsigned() && it->get<std::size_t>() >= min_activity_cap &&
                          it->get<std::size_t>() <= max_activity_cap;
    if (!in_range)
      settings_error(problems, file, "max_activity_bytes",
                     "must be a whole number from " + std::to_string(min_activity_cap) + " to " +
                         std::to_string(max_activity_cap));
    else
      out.max_activity_bytes = it->get<std::size_t>();
  }
  return out;
}

}  // namespace commonsbot::adapters::teams
