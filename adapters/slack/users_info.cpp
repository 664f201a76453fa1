#include "adapters/slack/users_info.hpp"

#include "adapters/slack/form.hpp"

#include <nlohmann/json.hpp>

namespace commonsbot::adapters::slack {

users_info_request users_info(const std::string& api_base_url, const std::string& token, const std::string& user_id) {
  users_info_request r;
  r.url = api_base_url + "/users.info?user=" + url_encode(user_id);
  r.headers.emplace_back("Authorization", "Bearer " + token);
  return r;
}

zone_answer read_users_info(long http_status, const std::string& body) {
  zone_answer a;
  if (http_status == 429) {
    a.what = zone_answer::kind::rate_limited;
    a.detail = "ratelimited";
    return a;
  }
  if (http_status < 200 || http_status > 299) {
    a.detail = "HTTP " + std::to_string(http_status);
    return a;
  }
  // Slack says most errors with HTTP 200 and {"ok": false, "error": "..."}.
  const auto j = nlohmann::json::parse(body, nullptr, false);
  if (!j.is_object()) {
    a.detail = "not JSON";
    return a;
  }
  if (!j.value("ok", false)) {
    const auto error = j.contains("error") && j["error"].is_string() ? j["error"].get<std::string>() : "not ok";
    // A user Slack does not know (left, or another workspace's) has no zone to find; asking
    // again later is all we can do, as for someone with no tz.
    a.what = error == "user_not_found" || error == "user_not_visible" ? zone_answer::kind::none
             : error == "ratelimited"                                  ? zone_answer::kind::rate_limited
                                                                       : zone_answer::kind::failed;
    a.detail = error;
    return a;
  }
  const auto user = j.find("user");
  if (user != j.end() && user->is_object())
    if (const auto tz = user->find("tz"); tz != user->end() && tz->is_string() && !tz->get<std::string>().empty()) {
      a.what = zone_answer::kind::found;
      a.time_zone = tz->get<std::string>();
      return a;
    }
  a.what = zone_answer::kind::none;
  a.detail = "no tz";
  return a;
}

}  // namespace commonsbot::adapters::slack
