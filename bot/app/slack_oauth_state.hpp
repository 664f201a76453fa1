// The OAuth `state` for /slack/install (CSRF protection, as Slack's SDKs do it): a random
// value remembered here for 10 minutes AND set as an HttpOnly, Secure, SameSite=Lax cookie,
// so the redirect is accepted only in the browser that started the install, only once, and
// only while fresh. In memory: a restart forgets open installs, which just start again.
#pragma once

#include "core/clock.hpp"

#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace commonsbot::app {

inline constexpr std::string_view oauth_state_cookie = "slack-app-oauth-state";
inline constexpr long long oauth_state_ttl_ms = 10 * 60 * 1000;

enum class state_check {
  ok,
  missing,        // no state in the redirect, or no cookie in the browser
  mismatched,     // the cookie says another state: another browser, or a forged link
  expired,        // older than 10 minutes
  unknown,        // never issued here, or already used (or the bot restarted meanwhile)
};

// Words for the person at the browser: what happened and what to do.
std::string_view describe(state_check c);

class oauth_states {
 public:
  // `random` makes a fresh unguessable value; the default uses OpenSSL's RAND_bytes.
  explicit oauth_states(const core::clock& clock, std::function<std::string()> random = {});

  // A new state, valid for 10 minutes. Thread-safe.
  std::string issue();
  // Accepts `state` at most once: it must equal `cookie`, have been issued here, be unused
  // and unexpired. A state that fails for being expired or mismatched is forgotten too, so
  // a second try with the same link also fails. Thread-safe.
  state_check consume(std::string_view state, std::string_view cookie);

 private:
  void forget_expired(long long now_ms);  // mutex_ held

  const core::clock& clock_;
  std::function<std::string()> random_;
  std::mutex mutex_;
  std::unordered_map<std::string, long long> issued_;  // state -> issued at (clock ms)
};

// 32 random bytes as 64 hex digits; empty only if OpenSSL has no randomness.
std::string random_state();

// The Set-Cookie value that binds `state` to this browser for 10 minutes, and the one that
// clears it once used.
std::string state_cookie(const std::string& state);
std::string clear_state_cookie();

// The value of cookie `name` in a Cookie header ("a=1; b=2"), or empty.
std::string cookie_value(std::string_view header, std::string_view name);

}  // namespace commonsbot::app
