// The OAuth `state` for /slack/install (CSRF protection, as Slack's SDKs do it): a random
// value remembered here for 10 minutes AND set as an HttpOnly, Secure, SameSite=Lax cookie,
// so the redirect is accepted only in the browser that started the install, only once, and
// only while fresh. Kept in the store (collection "slack_oauth_states", keyed by the state's
// SHA-256, never the state itself), so an install in progress survives a restart: one commit
// issues a state (sweeping expired ones), one consumes it.
#pragma once

#include "adapters/platform_records.hpp"
#include "core/clock.hpp"

#include <functional>
#include <mutex>
#include <string>
#include <string_view>

namespace commonsbot::adapters::slack {

inline constexpr std::string_view oauth_state_cookie = "slack-app-oauth-state";
inline constexpr long long oauth_state_ttl_ms = 10 * 60 * 1000;
inline constexpr std::string_view oauth_states_collection = "slack_oauth_states";

enum class state_check {
  ok,
  missing,        // no state in the redirect, or no cookie in the browser
  mismatched,     // the cookie says another state: another browser, or a forged link
  expired,        // older than 10 minutes
  unknown,        // never issued here, or already used
};

// Words for the person at the browser: what happened and what to do.
std::string_view describe(state_check c);

class oauth_states {
 public:
  // `random` makes a fresh unguessable value; the default uses OpenSSL's RAND_bytes.
  oauth_states(platform_records& records, const core::clock& clock, std::function<std::string()> random = {});

  // A new state, valid for 10 minutes, committed before it is handed out (with the expired
  // ones swept, so the collection holds at most 10 minutes of visits). Empty if there is no
  // randomness or the commit failed. Thread-safe; blocks for one commit.
  std::string issue();
  // Accepts `state` at most once: it must equal `cookie`, have been issued, be unused and
  // unexpired. A state that fails for being expired or mismatched is spent too, so a second
  // try with the same link also fails. If the commit that spends it fails, it is not
  // accepted (unknown). Thread-safe; blocks for one commit.
  state_check consume(std::string_view state, std::string_view cookie);

 private:
  platform_records& records_;
  const core::clock& clock_;
  std::function<std::string()> random_;
  // One process owns the store, so this makes a consume's read and erase one step: two
  // redirects racing with the same state cannot both be accepted.
  std::mutex mutex_;
};

// 32 random bytes as 64 hex digits; empty only if OpenSSL has no randomness.
std::string random_state();

// The Set-Cookie value that binds `state` to this browser for 10 minutes, and the one that
// clears it once used.
std::string state_cookie(const std::string& state);
std::string clear_state_cookie();

// The value of cookie `name` in a Cookie header ("a=1; b=2"), or empty.
std::string cookie_value(std::string_view header, std::string_view name);

}  // namespace commonsbot::adapters::slack
