#include "delivery/retry_policy.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace commonsbot::delivery;

namespace {
attempt_result with(int status, std::string body = {}) {
  attempt_result r;
  r.status = status;
  r.body = std::move(body);
  return r;
}
}  // namespace

TEST_CASE("the default classification retries transient failures only", "[delivery][retry]") {
  CHECK(default_classify(with(200)).v == verdict::delivered);
  CHECK(default_classify(with(201, R"({"ok":true})")).v == verdict::delivered);
  for (int s : {408, 429, 500, 502, 503, 504}) {
    INFO(s);
    CHECK(default_classify(with(s)).v == verdict::retry);
  }
  for (int s : {400, 401, 403, 404, 413}) {
    INFO(s);
    CHECK(default_classify(with(s)).v == verdict::permanent);
  }
  attempt_result timeout;
  timeout.timed_out = true;
  timeout.transport_error = "Timeout was reached";
  CHECK(default_classify(timeout).v == verdict::retry);
  CHECK(default_classify(timeout).reason == "timeout");
  attempt_result refused;
  refused.refused = true;
  CHECK(default_classify(refused).v == verdict::permanent);
}

TEST_CASE("Slack-style ok:false bodies are judged by their error code", "[delivery][retry]") {
  auto gone = default_classify(with(200, R"({"ok":false,"error":"channel_not_found"})"));
  CHECK(gone.v == verdict::permanent);
  CHECK(gone.reason == "channel_not_found");
  CHECK(default_classify(with(200, R"({"ok":false,"error":"not_authed"})")).v == verdict::permanent);
  CHECK(default_classify(with(200, R"({"ok":false,"error":"ratelimited"})")).v == verdict::retry);
  auto m = default_classify(with(403, R"({"errcode":"M_FORBIDDEN","error":"not in room"})"));
  CHECK(m.v == verdict::permanent);
  CHECK(m.reason == "http 403 M_FORBIDDEN");
}

TEST_CASE("Retry-After is read as seconds or as an HTTP date", "[delivery][retry]") {
  CHECK(parse_retry_after("3", 0) == 3'000);
  CHECK(parse_retry_after(" 0 ", 0) == 0);
  CHECK_FALSE(parse_retry_after("", 0));
  CHECK_FALSE(parse_retry_after("soon", 0));
  CHECK_FALSE(parse_retry_after("-1", 0));
  // 784111777 s is Sun, 06 Nov 1994 08:49:37 GMT.
  CHECK(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", 784'111'772'000LL) == 5'000);
  CHECK(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", 784'111'999'000LL) == 0);
}

TEST_CASE("backoff grows exponentially, is capped, and is jittered", "[delivery][retry]") {
  retry_options o;
  o.base_ms = 100;
  o.max_ms = 1'000;
  o.jitter = 0.5;
  std::mt19937_64 rng(7);
  for (int i = 0; i < 50; ++i) {
    const auto first = backoff_ms(o, 1, rng);
    CHECK(first >= 50);
    CHECK(first <= 100);
    const auto third = backoff_ms(o, 3, rng);
    CHECK(third >= 200);
    CHECK(third <= 400);
    const auto late = backoff_ms(o, 40, rng);
    CHECK(late >= 500);
    CHECK(late <= 1'000);
  }
  std::set<long long> seen;
  for (int i = 0; i < 20; ++i) seen.insert(backoff_ms(o, 5, rng));
  CHECK(seen.size() > 5);  // jittered, not one fixed value
}
