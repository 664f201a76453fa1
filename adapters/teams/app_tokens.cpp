#include "adapters/teams/app_tokens.hpp"

#include "adapters/teams/connector.hpp"
#include "core/json_fields.hpp"
#include "log/log.hpp"

#include <nlohmann/json.hpp>

namespace commonsbot::adapters::teams {

app_tokens::app_tokens(const settings& s, token_poster post, std::function<long long()> now_ms)
    : settings_(s), post_(std::move(post)), now_ms_(std::move(now_ms)) {}

std::string app_tokens::endpoint(const settings& s) {
  return s.login_url + "/" + s.token_tenant() + "/oauth2/v2.0/token";
}

std::string app_tokens::token() {
  std::lock_guard lock(mutex_);
  const long long now = now_ms_();
  if (!token_.empty() && now < expires_at_ms_ - renew_early_ms) return token_;
  if (failed_at_ms_ >= 0 && now - failed_at_ms_ < retry_ms) return token_;  // the old one, if still valid

  fetch::request r;
  r.url = endpoint(settings_);
  r.timeout = std::chrono::seconds(10);
  r.max_bytes = 64 * 1024;
  r.form_body = "grant_type=client_credentials&client_id=" + encode_path_segment(settings_.app_id) +
                "&client_secret=" + encode_path_segment(settings_.app_password.reveal()) +
                "&scope=" + encode_path_segment(settings_.token_scope);
  const auto got = post_(r);
  const auto body = nlohmann::json::parse(got.body, nullptr, false);
  const std::string access = body.is_object() ? core::string_field(body, "access_token") : std::string();
  const long long expires_in = body.is_object() ? core::integer_field(body, "expires_in", 0) : 0;
  if (got.what != fetch::result::outcome::fetched || access.empty() || expires_in <= 0) {
    failed_at_ms_ = now;
    log::warn("teams.token_failed")
        .kv("authority", settings_.token_tenant())
        .kv("status", static_cast<long long>(got.status))
        .kv("error", got.error.empty() ? std::string("no access_token in the answer") : got.error);
    if (now >= expires_at_ms_) token_.clear();
    return token_;
  }
  token_ = access;
  expires_at_ms_ = now + expires_in * 1000;
  failed_at_ms_ = -1;
  log::info("teams.token_renewed").kv("authority", settings_.token_tenant()).kv("expires_in_s", expires_in);
  return token_;
}

void app_tokens::discard() {
  std::lock_guard lock(mutex_);
  token_.clear();
  expires_at_ms_ = 0;
  failed_at_ms_ = -1;
}

}  // namespace commonsbot::adapters::teams
