#include "app/slack_oauth_state.hpp"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <array>

namespace commonsbot::app {

std::string_view describe(state_check c) {
  switch (c) {
    case state_check::ok: return "ok";
    case state_check::missing:
      return "This link is missing its security check. Please start again from the Add to Slack page, in the same browser.";
    case state_check::mismatched:
      return "This install was started in a different browser. Please start again from the Add to Slack page, in this browser.";
    case state_check::expired:
      return "This install link is more than 10 minutes old. Please start again from the Add to Slack page.";
    case state_check::unknown:
      return "This install link has already been used, or has expired. Please start again from the Add to Slack page.";
  }
  return "Please start again from the Add to Slack page.";
}

std::string random_state() {
  std::array<unsigned char, 32> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) return {};
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (auto b : bytes) {
    out += hex[b >> 4];
    out += hex[b & 0x0f];
  }
  return out;
}

oauth_states::oauth_states(const core::clock& clock, std::function<std::string()> random)
    : clock_(clock), random_(random ? std::move(random) : std::function<std::string()>(random_state)) {}

void oauth_states::forget_expired(long long now_ms) {
  std::erase_if(issued_, [now_ms](const auto& kv) { return now_ms - kv.second > oauth_state_ttl_ms; });
}

std::string oauth_states::issue() {
  const long long now = core::to_epoch_ms(clock_.now());
  std::string state = random_();
  if (state.empty()) return {};
  std::lock_guard lock(mutex_);
  forget_expired(now);  // keeps the map bounded by 10 minutes of visits
  issued_[state] = now;
  return state;
}

state_check oauth_states::consume(std::string_view state, std::string_view cookie) {
  if (state.empty() || cookie.empty()) return state_check::missing;
  const long long now = core::to_epoch_ms(clock_.now());
  std::lock_guard lock(mutex_);
  auto it = issued_.find(std::string(state));
  if (it == issued_.end()) return state_check::unknown;
  const long long issued_at = it->second;
  issued_.erase(it);  // single use, whatever the outcome
  // Constant time: the cookie is the secret half of the check.
  if (cookie.size() != state.size() || CRYPTO_memcmp(cookie.data(), state.data(), state.size()) != 0)
    return state_check::mismatched;
  if (now - issued_at > oauth_state_ttl_ms) return state_check::expired;
  return state_check::ok;
}

std::string state_cookie(const std::string& state) {
  return std::string(oauth_state_cookie) + "=" + state + "; Path=/slack/; Max-Age=600; HttpOnly; Secure; SameSite=Lax";
}

std::string clear_state_cookie() {
  return std::string(oauth_state_cookie) + "=; Path=/slack/; Max-Age=0; HttpOnly; Secure; SameSite=Lax";
}

std::string cookie_value(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    const auto semi = header.find(';');
    std::string_view part = header.substr(0, semi);
    header = semi == std::string_view::npos ? std::string_view() : header.substr(semi + 1);
    while (!part.empty() && (part.front() == ' ' || part.front() == '\t')) part.remove_prefix(1);
    while (!part.empty() && (part.back() == ' ' || part.back() == '\t')) part.remove_suffix(1);
    const auto eq = part.find('=');
    if (eq == std::string_view::npos || part.substr(0, eq) != name) continue;
    auto value = part.substr(eq + 1);
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
    return std::string(value);
  }
  return {};
}

}  // namespace commonsbot::app
