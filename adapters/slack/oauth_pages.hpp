// Multi-workspace mode (docs/slack.md "Many workspaces"): the two browser pages of Slack's
// OAuth v2 install (token_refresher.hpp keeps the tokens it stores fresh).
//
//   GET /slack/install         a page with an "Add to Slack" link carrying a fresh signed
//                              state, also set as a cookie (oauth_state.hpp; signed with a
//                              key from the config, so a restart does not break an install
//                              in progress). Made on the HTTP thread: it stores nothing.
//   GET /slack/oauth_redirect  Slack sends the browser back here with ?code&state: the state
//                              is checked against the cookie (400 with a kind page if not),
//                              then oauth.v2.access is called and the installation stored
// Both pages are rate limited per client address (429 with Retry-After). A redirect whose
// state is not even signed here is answered at once; the others spend their state and call
// Slack on `run_blocking` (never the HTTP threads), at most `oauth_queue_limit` waiting
// (503 with Retry-After beyond), so a slow Slack holds up only other redirects.
#pragma once

#include "adapters/platform_records.hpp"
#include "adapters/slack/installations.hpp"
#include "adapters/slack/oauth_client.hpp"
#include "adapters/slack/oauth_state.hpp"
#include "adapters/slack/settings.hpp"
#include "core/clock.hpp"
#include "http/client_rate_limiter.hpp"
#include "http/router.hpp"

#include <atomic>
#include <functional>
#include <optional>

namespace commonsbot::adapters::slack {

inline constexpr std::string_view install_path = "/slack/install";
inline constexpr std::string_view redirect_path = "/slack/oauth_redirect";

// Runs blocking work (a call to Slack, a commit) somewhere other than the calling thread.
using blocking_runner = std::function<void(std::function<void()>)>;

class oauth_pages {
 public:
  oauth_pages(platform_records& records, const core::clock& clock, adapters::slack::settings s, oauth_poster post,
                    blocking_runner run_blocking, std::function<std::string()> random = {});

  void mount(http::router& routes);

  // Never blocks (it stores nothing): mount() runs it on the HTTP thread.
  http::response install(const http::request& req);
  // Answers through `respond`, from `run_blocking`.
  void redirect(const http::request& req, http::responder respond);

  // The authorize URL a fresh state is put into (for tests and the page).
  std::string authorize_link(const std::string& state) const;

 private:
  http::response complete(const http::request& req);  // the redirect's answer, blocking
  // A 429 page if `req`'s client address has used its budget, else nullopt.
  std::optional<http::response> over_rate(const http::request& req);

  platform_records& records_;
  const core::clock& clock_;
  adapters::slack::settings settings_;
  oauth_poster post_;
  blocking_runner run_blocking_;
  oauth_states states_;
  http::client_rate_limiter rate_;
  std::atomic<std::size_t> queued_{0};  // redirects handed to run_blocking and not yet answered
};

}  // namespace commonsbot::adapters::slack
