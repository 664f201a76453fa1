#include "http/client_rate_limiter.hpp"

#include <catch2/catch.hpp>

using namespace commonsbot;

TEST_CASE("client rate limiter: a burst, then a steady rate, per address, in a bounded table", "[http]") {
  http::client_rate_limiter limiter({60, 2, 3});  // one a second after a burst of two
  CHECK(limiter.take("a", 0).allowed);
  CHECK(limiter.take("a", 0).allowed);
  const auto refused = limiter.take("a", 0);
  CHECK_FALSE(refused.allowed);
  CHECK(refused.retry_after_s == 1);
  CHECK(limiter.take("b", 0).allowed);  // its own bucket
  CHECK(limiter.take("a", 1000).allowed);
  CHECK_FALSE(limiter.take("a", 1000).allowed);

  // Full table: refilled buckets go first, else the longest-quiet one.
  CHECK(limiter.take("c", 1000).allowed);
  CHECK(limiter.clients() == 3);
  CHECK(limiter.take("d", 1500).allowed);
  CHECK(limiter.clients() == 3);
  for (int i = 0; i < 100; ++i) limiter.take("spray" + std::to_string(i), 2000);
  CHECK(limiter.clients() == 3);

  CHECK(http::client_address("203.0.113.5:51234") == "203.0.113.5");
  CHECK(http::client_address("::1:51234") == "::1");
  CHECK(http::client_address("-") == "-");
}
