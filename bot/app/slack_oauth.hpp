// Multi-workspace mode (docs/slack.md "Many workspaces"): the two browser pages of Slack's
// OAuth v2 install, and the refresher that keeps rotating tokens fresh.
//
//   GET /slack/install         a page with an "Add to Slack" link carrying a fresh state,
//                              also set as a cookie (slack_oauth_state.hpp; stored, so a
//                              restart does not break an install in progress)
//   GET /slack/oauth_redirect  Slack sends the browser back here with ?code&state: the state
//                              is checked against the cookie (400 with a kind page if not),
//                              then oauth.v2.access is called and the installation stored
// Both run on `run_blocking` (a state commit, a call to Slack): never on the HTTP threads.
//
// The refresher runs on its own small thread, so scheduled sends (nudges at 7am, long after
// the last request) always find a valid token: installations whose token expires within
// 2 hours are refreshed with grant_type=refresh_token and the new pair stored in one commit;
// a failed refresh is logged (never the tokens) and tried again a minute later.
#pragma once

#include "adapters/slack/settings.hpp"
#include "app/slack_installations.hpp"
#include "app/slack_oauth_client.hpp"
#include "app/slack_oauth_state.hpp"
#include "core/clock.hpp"
#include "http/router.hpp"
#include "store/store.hpp"

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

namespace commonsbot::app {

inline constexpr std::string_view slack_install_path = "/slack/install";
inline constexpr std::string_view slack_redirect_path = "/slack/oauth_redirect";

// Runs blocking work (a call to Slack, a commit) somewhere other than the calling thread.
using blocking_runner = std::function<void(std::function<void()>)>;

class slack_oauth_pages {
 public:
  slack_oauth_pages(store::store& db, const core::clock& clock, adapters::slack::settings s, oauth_poster post,
                    blocking_runner run_blocking, std::function<std::string()> random = {});

  void mount(http::router& routes);

  // Blocking (one commit); mount() runs it on `run_blocking`.
  http::response install(const http::request& req);
  // Answers through `respond`, from `run_blocking`.
  void redirect(const http::request& req, http::responder respond);

  // The authorize URL a fresh state is put into (for tests and the page).
  std::string authorize_link(const std::string& state) const;

 private:
  http::response complete(const http::request& req);  // the redirect's answer, blocking

  store::store& db_;
  const core::clock& clock_;
  adapters::slack::settings settings_;
  oauth_poster post_;
  blocking_runner run_blocking_;
  oauth_states states_;
};

struct refresher_options {
  long long ahead_ms = 2LL * 60 * 60 * 1000;  // Bolt's 2 hours
  long long retry_ms = 60'000;                // after a failed refresh (clock time)
  std::chrono::milliseconds idle = std::chrono::seconds(1);  // the thread's sleep (real time)
};

class slack_token_refresher {
 public:
  slack_token_refresher(store::store& db, const core::clock& clock, adapters::slack::settings s, oauth_poster post,
                        refresher_options opts = {});
  ~slack_token_refresher();  // stop()s
  slack_token_refresher(const slack_token_refresher&) = delete;
  slack_token_refresher& operator=(const slack_token_refresher&) = delete;

  // Refreshes every installation that is due; returns how many were stored. Tests call it.
  int step();
  void start();
  void stop();  // joins; safe to call twice

 private:
  store::store& db_;
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

}  // namespace commonsbot::app
