#include "http/client_rate_limiter.hpp"

#include <algorithm>
#include <cmath>

namespace commonsbot::http {

client_rate_limiter::client_rate_limiter(client_rate_options options) : options_(options) {
  options_.per_minute = std::max(options_.per_minute, 1u);
  options_.burst = std::max(options_.burst, 1u);
  options_.max_clients = std::max<std::size_t>(options_.max_clients, 1);
}

void client_rate_limiter::refill(bucket& b, long long now_ms) const {
  if (now_ms <= b.updated_ms) return;  // a clock that steps back adds nothing
  const double earned = static_cast<double>(now_ms - b.updated_ms) * options_.per_minute / 60'000.0;
  b.tokens = std::min<double>(options_.burst, b.tokens + earned);
  b.updated_ms = now_ms;
}

void client_rate_limiter::make_room_locked(long long now_ms) {
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    refill(it->second, now_ms);
    it = it->second.tokens >= options_.burst ? buckets_.erase(it) : std::next(it);
  }
  if (buckets_.size() < options_.max_clients) return;
  auto oldest = std::min_element(buckets_.begin(), buckets_.end(),
                                 [](const auto& a, const auto& b) { return a.second.updated_ms < b.second.updated_ms; });
  buckets_.erase(oldest);
}

client_rate_limiter::decision client_rate_limiter::take(std::string_view client, long long now_ms) {
  std::lock_guard lock(mutex_);
  auto it = buckets_.find(std::string(client));
  if (it == buckets_.end()) {
    if (buckets_.size() >= options_.max_clients) make_room_locked(now_ms);
    it = buckets_.emplace(std::string(client), bucket{static_cast<double>(options_.burst), now_ms}).first;
  }
  bucket& b = it->second;
  refill(b, now_ms);
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return {};
  }
  const double wait_ms = (1.0 - b.tokens) * 60'000.0 / options_.per_minute;
  return {false, std::max(1LL, static_cast<long long>(std::ceil(wait_ms / 1000.0)))};
}

std::size_t client_rate_limiter::clients() const {
  std::lock_guard lock(mutex_);
  return buckets_.size();
}

std::string client_address(std::string_view remote) {
  const auto colon = remote.rfind(':');
  return std::string(colon == std::string_view::npos ? remote : remote.substr(0, colon));
}

}  // namespace commonsbot::http
