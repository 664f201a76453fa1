#include "adapters/slack/installations.hpp"

#include "core/json_fields.hpp"

namespace commonsbot::adapters::slack {
namespace {

using nlohmann::json;

std::string nested(const json& j, const char* object, const char* name) {
  auto it = j.find(object);
  return it != j.end() && it->is_object() ? core::string_field(*it, name) : std::string();
}

long long expiry(const json& body, long long now_ms) {
  auto it = body.find("expires_in");
  if (it == body.end() || !it->is_number_integer() || it->get<long long>() <= 0) return 0;
  return now_ms + it->get<long long>() * 1000;
}

bool slack_ok(const json& body, std::string& error) {
  if (!body.is_object()) {
    error = "not_json";
    return false;
  }
  if (body.value("ok", false) != true) {
    error = core::string_field(body, "error").empty() ? "not_ok" : core::string_field(body, "error");
    return false;
  }
  return true;
}

}  // namespace

std::string installation_key(const std::string& enterprise_id, const std::string& team_id) {
  return (enterprise_id.empty() ? "-" : enterprise_id) + ":" + (team_id.empty() ? "-" : team_id);
}

std::string installation::key() const { return installation_key(enterprise_id, team_id); }

void to_json(json& j, const installation& i) {
  j = {{"enterprise_id", i.enterprise_id}, {"team_id", i.team_id},     {"team_name", i.team_name},
       {"enterprise_install", i.enterprise_install}, {"app_id", i.app_id}, {"bot_user_id", i.bot_user_id},
       {"scope", i.scope},     {"installer_user_id", i.installer_user_id}, {"bot_token", i.bot_token},
       {"refresh_token", i.refresh_token}, {"expires_at_ms", i.expires_at_ms},
       {"installed_at_ms", i.installed_at_ms}, {"refreshed_at_ms", i.refreshed_at_ms}};
}

void from_json(const json& j, installation& i) {
  i = {};
  if (!j.is_object()) return;
  i.enterprise_id = core::string_field(j, "enterprise_id");
  i.team_id = core::string_field(j, "team_id");
  i.team_name = core::string_field(j, "team_name");
  i.enterprise_install = j.value("enterprise_install", false);
  i.app_id = core::string_field(j, "app_id");
  i.bot_user_id = core::string_field(j, "bot_user_id");
  i.scope = core::string_field(j, "scope");
  i.installer_user_id = core::string_field(j, "installer_user_id");
  i.bot_token = core::string_field(j, "bot_token");
  i.refresh_token = core::string_field(j, "refresh_token");
  const auto number = [&](const char* name) {
    auto it = j.find(name);
    return it != j.end() && it->is_number_integer() ? it->get<long long>() : 0LL;
  };
  i.expires_at_ms = number("expires_at_ms");
  i.installed_at_ms = number("installed_at_ms");
  i.refreshed_at_ms = number("refreshed_at_ms");
}

std::optional<installation> installation_from_oauth(const json& body, long long now_ms, std::string& error) {
  if (!slack_ok(body, error)) return std::nullopt;
  installation i;
  i.enterprise_install = body.value("is_enterprise_install", false) == true;
  i.enterprise_id = nested(body, "enterprise", "id");
  i.team_id = nested(body, "team", "id");
  i.team_name = nested(body, "team", "name");
  if (i.team_name.empty()) i.team_name = nested(body, "enterprise", "name");
  i.app_id = core::string_field(body, "app_id");
  i.bot_user_id = core::string_field(body, "bot_user_id");
  i.scope = core::string_field(body, "scope");
  i.installer_user_id = nested(body, "authed_user", "id");
  i.bot_token = core::string_field(body, "access_token");
  i.refresh_token = core::string_field(body, "refresh_token");
  i.expires_at_ms = expiry(body, now_ms);
  i.installed_at_ms = now_ms;
  i.refreshed_at_ms = now_ms;
  if (i.enterprise_install) i.team_id.clear();  // org-wide: keyed by the enterprise alone
  if (i.bot_token.empty()) error = "no bot access_token (was the bot scope list empty?)";
  else if (i.team_id.empty() && !(i.enterprise_install && !i.enterprise_id.empty())) error = "no team id";
  else return i;
  return std::nullopt;
}

bool apply_refresh(installation& i, const json& body, long long now_ms, std::string& error) {
  if (!slack_ok(body, error)) return false;
  const auto token = core::string_field(body, "access_token");
  const auto refresh = core::string_field(body, "refresh_token");
  if (token.empty() || refresh.empty()) {
    error = "the answer had no access_token or refresh_token";
    return false;
  }
  i.bot_token = token;
  i.refresh_token = refresh;
  i.expires_at_ms = expiry(body, now_ms);
  i.refreshed_at_ms = now_ms;
  return true;
}

bool refresh_due(const installation& i, long long now_ms, long long ahead_ms, long long last_failure_ms,
                 long long retry_ms) {
  if (!i.rotates()) return false;
  if (i.expires_at_ms - now_ms > ahead_ms) return false;
  return last_failure_ms == 0 || now_ms - last_failure_ms >= retry_ms;
}

std::optional<installation> installations::org_wide(const std::string& enterprise_id) const {
  if (enterprise_id.empty()) return std::nullopt;
  auto v = records_.get(std::string(installations_collection), installation_key(enterprise_id, ""));
  if (!v) return std::nullopt;
  auto i = v->get<installation>();
  if (!i.enterprise_install || i.enterprise_id != enterprise_id) return std::nullopt;
  return i;
}

std::optional<installation> installations::for_team(const std::string& team_id) const {
  const std::string collection(installations_collection);
  if (team_id.empty()) return std::nullopt;
  if (auto v = records_.get(collection, installation_key("", team_id))) return v->get<installation>();
  for (const auto& [key, value] : records_.scan(collection, "")) {
    auto i = value.get<installation>();
    if (i.team_id == team_id) return i;  // a workspace of an Enterprise Grid org
  }
  // An org's own events name the org as their tenant.
  if (auto own = org_wide(team_id)) return own;
  // A workspace is covered by an org-wide install only once a verified request showed it is
  // in that org; the only org-wide install of some other org is never borrowed.
  if (org_of_) return org_wide(org_of_(team_id));
  return std::nullopt;
}

std::string installations::token_for(const std::string& team_id) const {
  auto i = for_team(team_id);
  return i ? i->bot_token : std::string();
}

std::vector<installation> installations::all() const {
  std::vector<installation> out;
  for (const auto& [key, value] : records_.scan(std::string(installations_collection), ""))
    out.push_back(value.get<installation>());
  return out;
}

}  // namespace commonsbot::adapters::slack
