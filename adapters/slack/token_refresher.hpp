// Token rotation for multi-workspace mode (docs/slack.md). The refresher runs on its own
// small thread, so scheduled sends (nudges at 7am, long after the last request) always find
// a valid token: installations whose token expires within 2 hours are refreshed with
// grant_type=refresh_token and the new pair stored in one commit; a failed refresh is
// logged (never the tokens) and tried again a minute later.
#pragma once

#include "adapters/platform_records.hpp"
#include "adapters/slack/installations.hpp"
#include "adapters/slack/oauth_client.hpp"
#include "adapters/slack/settings.hpp"
#include "core/clock.hpp"

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <thread>

namespace commonsbot::adapters::slack {

struct refresher_options {
  long long ahead_ms = 2LL * 60 * 60 * 1000;  // Bolt's 2 hours
  long long retry_ms = 60'000;                // after a failed refresh (clock time)
  std::chrono::milliseconds idle = std::chrono::seconds(1);  // the thread's sleep (real time)
};

class token_refresher {
 public:
  token_refresher(platform_records& records, const core::clock& clock, adapters::slack::settings s, oauth_poster post,
                        refresher_options opts = {});
  ~token_refresher();  // stop()s
  token_refresher(const token_refresher&) = delete;
  token_refresher& operator=(const token_refresher&) = delete;

  // Refreshes every installation that is due; returns how many were stored. Tests call it.
  int step();
  void start();
  void stop();  // joins; safe to call twice

 private:
  platform_records& records_;
  const core::clock& clock_;
  adapters::slack::settings settings_;
  oauth_poster post_;
  refresher_options opts_;
  std::map<std::string, long long> failed_at_;  // installation key -> last failure (thread only)

  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace commonsbot::adapters::slack
