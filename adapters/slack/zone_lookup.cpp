#include "adapters/slack/zone_lookup.hpp"

#include <chrono>

namespace commonsbot::adapters::slack {

token_lookup single_workspace_token(const adapters::slack::settings& s) {
  return [token = s.bot_token, team = s.team_id](const std::string& tenant) {
    return team.empty() || team == tenant ? token.reveal() : std::string();
  };
}

zone_lookup users_info_zones(std::string api_base_url, token_lookup tokens, zone_fetcher fetch) {
  if (!fetch) fetch = [](const fetch::request& r) { return fetch::get(r); };
  return [base = std::move(api_base_url), tokens = std::move(tokens), fetch = std::move(fetch)](
              const std::string& tenant, const std::string& user_id) {
    const std::string token = tokens ? tokens(tenant) : std::string();
    if (token.empty()) {
      zone_answer none;
      none.what = zone_answer::kind::none;
      none.detail = "no token for this workspace";
      return none;
    }
    const auto call = users_info(base, token, user_id);
    fetch::request r;
    r.url = call.url;
    r.headers = call.headers;
    r.timeout = std::chrono::seconds(5);
    r.max_bytes = 256 * 1024;  // one user's profile
    const auto got = fetch(r);
    // A transport failure has no body; a non-2xx status is read by read_users_info.
    if (got.what == fetch::result::outcome::failed && got.status == 0) {
      zone_answer failed;
      failed.detail = got.error;
      return failed;
    }
    return read_users_info(got.status, got.body);
  };
}

}  // namespace commonsbot::adapters::slack
