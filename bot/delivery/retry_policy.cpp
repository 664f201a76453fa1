#include "delivery/retry_policy.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <ctime>
#include <set>

namespace commonsbot::delivery {
namespace {

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

}  // namespace

classification default_classify(const attempt_result& r) {
  if (r.status == 0 && r.refused) return {verdict::permanent, "refused: " + r.transport_error};
  if (r.status == 0) return {verdict::retry, r.timed_out ? "timeout" : "connection: " + r.transport_error};
  const std::string http = "http " + std::to_string(r.status);
  if (r.status >= 200 && r.status < 300) {
    // Slack answers 200 with {"ok": false, "error": "..."}; other platforms' 2xx are success.
    const auto j = nlohmann::json::parse(r.body, nullptr, /*allow_exceptions=*/false);
    if (j.is_object() && j.contains("ok") && j["ok"].is_boolean() && !j["ok"].get<bool>()) {
      const std::string code = j.value("error", "unknown_error");
      static const std::set<std::string> transient{"ratelimited", "rate_limited", "internal_error", "fatal_error",
                                                   "service_unavailable", "request_timeout"};
      return {transient.contains(code) ? verdict::retry : verdict::permanent, code};
    }
    return {verdict::delivered, http};
  }
  if (r.status == 408 || r.status == 409 || r.status == 412 || r.status == 425 || r.status == 429 || r.status >= 500)
    return {verdict::retry, http};
  // A Matrix-style {"errcode": "M_..."} names the reason better than the status does.
  const auto j = nlohmann::json::parse(r.body, nullptr, false);
  if (j.is_object() && j.contains("errcode") && j["errcode"].is_string())
    return {verdict::permanent, http + " " + j["errcode"].get<std::string>()};
  if (j.is_object() && j.contains("error") && j["error"].is_string())
    return {verdict::permanent, http + " " + j["error"].get<std::string>()};
  return {verdict::permanent, http};
}

std::optional<long long> parse_retry_after(std::string_view value, long long now_ms) {
  value = trim(value);
  if (all_digits(value)) {
    long long s = 0;
    auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), s);
    if (ec != std::errc() || p != value.data() + value.size() || s > 86'400) return std::nullopt;
    return s * 1000;
  }
  // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT".
  std::tm tm{};
  const std::string text(value);
  const char* end = strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (!end || *end != '\0') return std::nullopt;
  const long long at_ms = static_cast<long long>(timegm(&tm)) * 1000;
  return std::max(0LL, at_ms - now_ms);
}

long long backoff_ms(const retry_options& o, int attempts, std::mt19937_64& rng) {
  const int shift = std::clamp(attempts - 1, 0, 30);
  const long long d = std::min(o.max_ms, o.base_ms << shift);
  const double j = std::clamp(o.jitter, 0.0, 1.0);
  std::uniform_real_distribution<double> dist(1.0 - j, 1.0);
  return std::max(1LL, static_cast<long long>(static_cast<double>(d) * dist(rng)));
}

}  // namespace commonsbot::delivery
