// Asking Slack for a person's time zone: users.info (scope users:read) answers with
// user.tz, an IANA name such as "Pacific/Auckland". Only the request and the reading of the
// answer live here (adapters never fetch or touch the store); the app's people_zones
// worker sends it off the request path and hands the zone to the pipeline.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace commonsbot::adapters::slack {

// GET <api_base_url>/users.info?user=U… with the bot token. users.info does not take a
// JSON body, so the user rides in the query string.
struct users_info_request {
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
};
users_info_request users_info(const std::string& api_base_url, const std::string& token, const std::string& user_id);

// What one answer says.
struct zone_answer {
  enum class kind {
    found,         // time_zone holds Slack's IANA name for the person
    none,          // Slack answered but has no zone for them (a bot, a deleted user, no tz)
    rate_limited,  // HTTP 429: wait before asking again
    failed,        // transport trouble, a bad token, a missing scope: detail says which
  };
  kind what = kind::failed;
  std::string time_zone;
  std::string detail;  // Slack's error code or the HTTP status, for the log
};

// Reads users.info's answer (HTTP status 0 when nothing came back at all).
zone_answer read_users_info(long http_status, const std::string& body);

}  // namespace commonsbot::adapters::slack
