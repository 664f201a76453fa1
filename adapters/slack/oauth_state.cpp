#include "adapters/slack/oauth_state.hpp"

#include "log/log.hpp"

#include <nlohmann/json.hpp>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <cctype>

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

// When a stored (spent) state may be forgotten: it could not be accepted after this anyway.
// Records written before states were signed have only "issued_ms".
long long forget_after(const nlohmann::json& v) {
  if (auto it = v.find("expires_ms"); it != v.end() && it->is_number_integer()) return it->get<long long>();
  auto it = v.find("issued_ms");
  return (it != v.end() && it->is_number_integer() ? it->get<long long>() : 0) + oauth_state_ttl_ms;
}

std::string hmac_hex(std::string_view key, std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
  unsigned int n = 0;
  if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
            data.size(), out.data(), &n))
    return {};
  return hex(out.data(), n);
}

bool is_nonce(std::string_view s) {
  return !s.empty() && s.size() <= 128 &&
         std::all_of(s.begin(), s.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; });
}

bool is_decimal(std::string_view s) {
  return !s.empty() && s.size() <= 15 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
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
  std::array<unsigned char, 16> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) return {};
  return hex(bytes.data(), bytes.size());
}

std::string state_signing_key(std::string_view client_secret, std::string_view signing_secret) {
  if (client_secret.empty() && signing_secret.empty()) {
    std::array<unsigned char, 32> bytes{};
    if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) return {};
    return hex(bytes.data(), bytes.size());
  }
  return hmac_hex(client_secret, "commonsbot slack oauth state v1\n" + std::string(signing_secret));
}

oauth_states::oauth_states(platform_records& records, const core::clock& clock, std::string key,
                           std::function<std::string()> random)
    : records_(records),
      clock_(clock),
      key_(std::move(key)),
      random_(random ? std::move(random) : std::function<std::string()>(random_state)) {}

std::string oauth_states::mac(std::string_view signed_part) const { return hmac_hex(key_, signed_part); }

std::string oauth_states::issue() const {
  const std::string nonce = random_();
  if (key_.empty() || !is_nonce(nonce)) return {};
  const long long expires = core::to_epoch_ms(clock_.now()) + oauth_state_ttl_ms;
  const std::string signed_part = nonce + "." + std::to_string(expires);
  const std::string tag = mac(signed_part);
  if (tag.empty()) return {};
  return signed_part + "." + tag;
}

std::optional<long long> oauth_states::authentic_expiry(std::string_view state) const {
  const auto last = state.rfind('.');
  if (last == std::string_view::npos) return std::nullopt;
  const auto signed_part = state.substr(0, last);
  const auto tag = state.substr(last + 1);
  const auto first = signed_part.find('.');
  if (first == std::string_view::npos || !is_nonce(signed_part.substr(0, first)) ||
      !is_decimal(signed_part.substr(first + 1)))
    return std::nullopt;
  const std::string expected = key_.empty() ? std::string() : mac(signed_part);
  // Constant time: the tag is what a forger would guess at.
  if (expected.empty() || tag.size() != expected.size() || CRYPTO_memcmp(tag.data(), expected.data(), tag.size()) != 0)
    return std::nullopt;
  return std::stoll(std::string(signed_part.substr(first + 1)));
}

std::optional<state_check> oauth_states::precheck(std::string_view state, std::string_view cookie) const {
  if (state.empty() || cookie.empty()) return state_check::missing;
  const auto expires = authentic_expiry(state);
  if (!expires) return state_check::unknown;
  if (core::to_epoch_ms(clock_.now()) > *expires) return state_check::expired;
  return std::nullopt;
}

state_check oauth_states::consume(std::string_view state, std::string_view cookie) {
  if (auto early = precheck(state, cookie)) return *early;
  const long long now = core::to_epoch_ms(clock_.now());
  const long long expires = *authentic_expiry(state);
  const std::string collection(oauth_states_collection);
  const std::string key = state_key(state);
  if (key.empty()) return state_check::unknown;
  std::lock_guard lock(mutex_);
  if (records_.get(collection, key)) return state_check::unknown;  // spent already
  record_changes changes;
  // Only a signed, unexpired state gets here, and few are spent: sweeping the ones past
  // their expiry keeps the collection to 10 minutes of installs.
  for (const auto& [k, v] : records_.scan(collection, ""))
    if (now > forget_after(v)) changes.erase(collection, k);
  changes.put(collection, key, nlohmann::json{{"expires_ms", expires}});  // single use, whatever the outcome
  if (auto failed = records_.commit(std::move(changes)); !failed.empty()) {
    log::error("slack.oauth_state_not_spent").kv("error", failed);
    return state_check::unknown;  // never accepted unless it can no longer be accepted again
  }
  // Constant time: the cookie is the secret half of the check.
  if (cookie.size() != state.size() || CRYPTO_memcmp(cookie.data(), state.data(), state.size()) != 0)
    return state_check::mismatched;
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
