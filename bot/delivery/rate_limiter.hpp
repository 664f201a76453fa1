// Token buckets at three levels: per platform (the app), per tenant (workspace, Teams
// tenant, homeserver user) and per conversation. A send needs a token from every level it
// belongs to, so a fan-out to thousands of DMs is paced by the tenant bucket while one busy
// channel is paced by its own. A 429 pauses a bucket until its Retry-After has passed.
//
// Times are milliseconds from the injectable clock, so tests can drive it exactly.
// Not thread-safe: the delivery worker owns it on its own thread.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <unordered_map>

namespace commonsbot::delivery {

// One level's limit. rate_per_second <= 0 means no limit at that level.
struct bucket_limit {
  double rate_per_second = 0;
  double burst = 1;  // tokens a quiet bucket can save up: sends allowed back to back
  bool limited() const { return rate_per_second > 0; }
};

struct platform_limits {
  bucket_limit platform;
  bucket_limit tenant;
  bucket_limit conversation;
  // Whether a 429 pauses the whole tenant or only the conversation that got it. Slack's and
  // Matrix's limits are per workspace / per user, so their 429s speak for the tenant.
  bool pause_tenant_on_429 = true;
};

class token_bucket {
 public:
  explicit token_bucket(bucket_limit limit = {}, long long now_ms = 0);

  // The time a token is available (now_ms if one is), or now_ms when unlimited.
  long long ready_at(long long now_ms);
  void take(long long now_ms);
  // No tokens and no sends before `until_ms` (a 429's Retry-After).
  void pause_until(long long until_ms);
  long long paused_until() const { return paused_until_; }
  // Full and not paused: forgetting it changes nothing, as a new bucket starts full.
  bool idle(long long now_ms);

 private:
  void refill(long long now_ms);
  bucket_limit limit_;
  double tokens_;
  long long last_ms_;
  long long paused_until_ = 0;
};

// The bucket names one send counts against.
struct bucket_keys {
  std::string platform;      // "slack"
  std::string tenant;        // "slack:T1"
  std::string conversation;  // "slack:T1:C9" (or the adapter's rate_bucket)
};

bucket_keys keys_for(const std::string& platform, const std::string& tenant, const std::string& conversation);

// When a refused send's buckets have a token again, split by who shares them: the
// platform and tenant buckets hold back every conversation of the tenant, the conversation
// bucket only its own. A time <= now means that part is ready.
struct refusal {
  long long shared_ms = 0;        // platform and tenant
  long long conversation_ms = 0;  // the conversation's own (or the adapter's rate_bucket)
  long long until() const { return shared_ms > conversation_ms ? shared_ms : conversation_ms; }
};

class rate_limiter {
 public:
  // Limits by platform name; platforms not listed are unlimited.
  explicit rate_limiter(std::map<std::string, platform_limits> limits);

  // If every bucket of `k` has a token: takes one from each and returns nullopt. Otherwise
  // takes nothing and says which buckets are short and until when.
  std::optional<refusal> acquire(const std::string& platform, const bucket_keys& k, long long now_ms);
  // acquire(), answering only the earliest time worth asking again.
  std::optional<long long> try_acquire(const std::string& platform, const bucket_keys& k, long long now_ms);

  // Pauses the named bucket (created with the platform's limit for its level if new).
  void pause(const std::string& platform, const bucket_keys& k, long long until_ms);

  // Whether `platform` limits each conversation on its own (else only shared buckets do).
  bool paces_conversations(const std::string& platform) const { return limits_for(platform).conversation.limited(); }

  // Forgets idle buckets, so a fan-out to thousands of DMs does not keep thousands of
  // buckets for the life of the process.
  void prune(long long now_ms);

  std::size_t bucket_count() const { return buckets_.size(); }

 private:
  token_bucket& bucket(const std::string& key, const bucket_limit& limit, long long now_ms);
  const platform_limits& limits_for(const std::string& platform) const;
  std::map<std::string, platform_limits> limits_;
  std::unordered_map<std::string, token_bucket> buckets_;
};

}  // namespace commonsbot::delivery
