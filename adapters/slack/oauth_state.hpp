// The OAuth `state` for /slack/install (CSRF protection, as Slack's SDKs do it): a random
// nonce and its expiry, signed with HMAC-SHA256 under a key derived from the configured
// Slack secrets ("<nonce>.<expiry ms>.<mac>"), AND set as an HttpOnly, Secure,
// SameSite=Lax cookie, so the redirect is accepted only in the browser that started the
// install, only once, and only while fresh. Issuing one touches nothing shared (no store, no
// lock), so the install page costs the same however many people load it; and because the key
// comes from the config, an install in progress survives a restart. Only a state that is
// spent is stored (collection "slack_oauth_states", keyed by its SHA-256, never the state
// itself, until it would have expired anyway), which makes it single use.
#pragma once

#include "adapters/platform_records.hpp"
#include "core/clock.hpp"

#include <functional>
#include <mutex>
#include <optional>
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
  // `key` signs the states (state_signing_key); `random` makes a fresh unguessable nonce
  // ([0-9A-Za-z]); the default uses OpenSSL's RAND_bytes.
  oauth_states(platform_records& records, const core::clock& clock, std::string key,
               std::function<std::string()> random = {});

  // A new state, valid for 10 minutes. Empty if there is no randomness. Thread-safe, never
  // blocks, stores nothing.
  std::string issue() const;
  // What can be told without the store: missing, unknown (not signed here) or expired; or
  // nullopt when only consume() can tell. Cheap enough for an HTTP thread.
  std::optional<state_check> precheck(std::string_view state, std::string_view cookie) const;
  // Accepts `state` at most once: it must equal `cookie`, be signed here, unused and
  // unexpired. A state that fails for being mismatched is spent too, so a second try with
  // the same link also fails. If the commit that spends it fails, it is not accepted
  // (unknown). Spent states past their expiry are swept in the same commit. Thread-safe;
  // blocks for one commit.
  state_check consume(std::string_view state, std::string_view cookie);

 private:
  // The expiry in ms of a state signed with our key, or nullopt.
  std::optional<long long> authentic_expiry(std::string_view state) const;
  std::string mac(std::string_view signed_part) const;

  platform_records& records_;
  const core::clock& clock_;
  std::string key_;
  std::function<std::string()> random_;
  // One process owns the store, so this makes a consume's read and erase one step: two
  // redirects racing with the same state cannot both be accepted.
  std::mutex mutex_;
};

// 16 random bytes as 32 hex digits; empty only if OpenSSL has no randomness.
std::string random_state();

// The key states are signed with: HMAC-SHA256 over a fixed label and the signing secret,
// keyed by the client secret, so it changes when either secret does and is neither of them.
// With both empty (never in a valid config) a random key, so states are still unforgeable.
std::string state_signing_key(std::string_view client_secret, std::string_view signing_secret);

// The Set-Cookie value that binds `state` to this browser for 10 minutes, and the one that
// clears it once used.
std::string state_cookie(const std::string& state);
std::string clear_state_cookie();

// The value of cookie `name` in a Cookie header ("a=1; b=2"), or empty.
std::string cookie_value(std::string_view header, std::string_view name);

}  // namespace commonsbot::adapters::slack
