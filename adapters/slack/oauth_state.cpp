#include "adapters/slack/oauth_state.hpp"

#include "log/log.hpp"

#include <nlohmann/json.hpp>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>

namespace commonsbot::adapters::slack {
namespace {

std::string hex(const unsigned char* bytes, std::size_t n) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    out += digits[bytes[i] >> 4];
    out += digits[bytes[i] & 0x0f];
  }
  return out;
}

// The store key: the state's SHA-256, so the data directory never holds a usable state.
std::string state_key(std::string_view state) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int n = 0;
  if (EVP_Digest(state.data(), state.size(), digest.data(), &n, EVP_sha256(), nullptr) != 1) return {};
  return hex(digest.data(), n);
}

long long issued_at(const nlohmann::json& v) {
  auto it = v.find("issued_ms");
  return it != v.end() && it->is_number_integer() ? it->get<long long>() : 0;
}

}  // namespace

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
  return hex(bytes.data(), bytes.size());
}

oauth_states::oauth_states(platform_records& records, const core::clock& clock, std::function<std::string()> random)
    : records_(records), clock_(clock), random_(random ? std::move(random) : std::function<std::string()>(random_state)) {}

std::string oauth_states::issue() {
  const long long now = core::to_epoch_ms(clock_.now());
  std::string state = random_();
  const std::string key = state_key(state);
  if (state.empty() || key.empty()) return {};
  const std::string collection(oauth_states_collection);
  std::lock_guard lock(mutex_);
  record_changes changes;
  for (const auto& [k, v] : records_.scan(collection, ""))
    if (now - issued_at(v) > oauth_state_ttl_ms) changes.erase(collection, k);
  changes.put(collection, key, nlohmann::json{{"issued_ms", now}});
  if (auto failed = records_.commit(std::move(changes)); !failed.empty()) {
    log::error("slack.oauth_state_not_saved").kv("error", failed);
    return {};
  }
  return state;
}

state_check oauth_states::consume(std::string_view state, std::string_view cookie) {
  if (state.empty() || cookie.empty()) return state_check::missing;
  const long long now = core::to_epoch_ms(clock_.now());
  const std::string collection(oauth_states_collection);
  const std::string key = state_key(state);
  std::lock_guard lock(mutex_);
  const auto stored = key.empty() ? std::nullopt : records_.get(collection, key);
  if (!stored) return state_check::unknown;
  record_changes changes;
  changes.erase(collection, key);  // single use, whatever the outcome
  if (auto failed = records_.commit(std::move(changes)); !failed.empty()) {
    log::error("slack.oauth_state_not_spent").kv("error", failed);
    return state_check::unknown;  // never accepted unless it can no longer be accepted again
  }
  // Constant time: the cookie is the secret half of the check.
  if (cookie.size() != state.size() || CRYPTO_memcmp(cookie.data(), state.data(), state.size()) != 0)
    return state_check::mismatched;
  if (now - issued_at(*stored) > oauth_state_ttl_ms) return state_check::expired;
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

}  // namespace commonsbot::adapters::slack
