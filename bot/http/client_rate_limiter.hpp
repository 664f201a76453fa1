// A token bucket per client address, for pages anyone on the internet can load (the Slack
// install page): each address may make `burst` requests at once and `per_minute` a minute
// after that. The table is bounded: when it is full, addresses whose bucket has refilled are
// forgotten first (they are no different from new ones), then the longest-quiet one.
#pragma once

#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace commonsbot::http {

struct client_rate_options {
  unsigned per_minute = 10;
  unsigned burst = 10;
  std::size_t max_clients = 10'000;
};

class client_rate_limiter {
 public:
  explicit client_rate_limiter(client_rate_options options);

  struct decision {
    bool allowed = true;
    long long retry_after_s = 0;  // when refused: whole seconds until one request is allowed
  };

  // Takes one request from `client`'s bucket at `now_ms`. Thread-safe.
  decision take(std::string_view client, long long now_ms);

  // Addresses remembered now (tests).
  std::size_t clients() const;

 private:
  struct bucket {
    double tokens = 0;
    long long updated_ms = 0;
  };
  void refill(bucket& b, long long now_ms) const;
  void make_room_locked(long long now_ms);

  client_rate_options options_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, bucket> buckets_;
};

// The address part of a request's `remote` ("203.0.113.5:51234", "::1:51234"): the port
// changes with every connection, so it must not tell clients apart.
std::string client_address(std::string_view remote);

}  // namespace commonsbot::http
