#include "delivery/rate_limiter.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>

namespace commonsbot::delivery {

token_bucket::token_bucket(bucket_limit limit, long long now_ms)
    : limit_(limit), tokens_(std::max(1.0, limit.burst)), last_ms_(now_ms) {}

void token_bucket::refill(long long now_ms) {
  if (!limit_.limited() || now_ms <= last_ms_) return;
  const double cap = std::max(1.0, limit_.burst);
  tokens_ = std::min(cap, tokens_ + static_cast<double>(now_ms - last_ms_) * limit_.rate_per_second / 1000.0);
  last_ms_ = now_ms;
}

long long token_bucket::ready_at(long long now_ms) {
  if (now_ms < paused_until_) return paused_until_;
  if (!limit_.limited()) return now_ms;
  refill(now_ms);
  if (tokens_ >= 1.0) return now_ms;
  const double wait_ms = (1.0 - tokens_) * 1000.0 / limit_.rate_per_second;
  return now_ms + static_cast<long long>(std::ceil(wait_ms));
}

void token_bucket::take(long long now_ms) {
  if (!limit_.limited()) return;
  refill(now_ms);
  tokens_ -= 1.0;
}

void token_bucket::pause_until(long long until_ms) {
  paused_until_ = std::max(paused_until_, until_ms);
  if (!limit_.limited()) return;
  // Resume gently after a 429: at most one token, not a full burst the platform just
  // refused. But that one token is there at `until` if the rate would have refilled it by
  // then; holding it back longer only delays the retry the platform asked for.
  refill(until_ms);
  tokens_ = std::min(tokens_, 1.0);
}

bool token_bucket::idle(long long now_ms) {
  if (now_ms < paused_until_) return false;
  if (!limit_.limited()) return true;
  refill(now_ms);
  return tokens_ >= std::max(1.0, limit_.burst);
}

bucket_keys keys_for(const std::string& platform, const std::string& tenant, const std::string& conversation) {
  return {platform, platform + ":" + tenant, platform + ":" + tenant + ":" + conversation};
}

rate_limiter::rate_limiter(std::map<std::string, platform_limits> limits) : limits_(std::move(limits)) {}

token_bucket& rate_limiter::bucket(const std::string& key, const bucket_limit& limit, long long now_ms) {
  auto it = buckets_.find(key);
  if (it == buckets_.end()) it = buckets_.emplace(key, token_bucket(limit, now_ms)).first;
  return it->second;
}

const platform_limits& rate_limiter::limits_for(const std::string& platform) const {
  static const platform_limits none;
  const auto lim = limits_.find(platform);
  return lim == limits_.end() ? none : lim->second;
}

std::optional<refusal> rate_limiter::acquire(const std::string& platform, const bucket_keys& k, long long now_ms) {
  const platform_limits& l = limits_for(platform);
  token_bucket& p = bucket(k.platform, l.platform, now_ms);
  token_bucket& t = bucket(k.tenant, l.tenant, now_ms);
  token_bucket& c = bucket(k.conversation, l.conversation, now_ms);
  const refusal r{std::max(p.ready_at(now_ms), t.ready_at(now_ms)), c.ready_at(now_ms)};
  if (r.until() > now_ms) return r;
  p.take(now_ms);
  t.take(now_ms);
  c.take(now_ms);
  return std::nullopt;
}

std::optional<long long> rate_limiter::try_acquire(const std::string& platform, const bucket_keys& k, long long now_ms) {
  if (auto r = acquire(platform, k, now_ms)) return r->until();
  return std::nullopt;
}

void rate_limiter::prune(long long now_ms) {
  for (auto it = buckets_.begin(); it != buckets_.end();) it = it->second.idle(now_ms) ? buckets_.erase(it) : std::next(it);
}

void rate_limiter::pause(const std::string& platform, const bucket_keys& k, long long until_ms) {
  const platform_limits& l = limits_for(platform);
  // The platform said "too many" for this conversation's traffic; pausing the conversation
  // (and, where the limit is the tenant's, the tenant) stops the next sends hitting the wall.
  bucket(k.conversation, l.conversation, until_ms).pause_until(until_ms);
  if (l.pause_tenant_on_429) bucket(k.tenant, l.tenant, until_ms).pause_until(until_ms);
}

}  // namespace commonsbot::delivery
