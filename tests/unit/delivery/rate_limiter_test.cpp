#include "delivery/rate_limiter.hpp"

#include <catch2/catch.hpp>

using namespace commonsbot::delivery;

TEST_CASE("a token bucket allows its burst, then one send per interval", "[delivery][rate]") {
  token_bucket b({10.0, 3}, 0);  // 10/s: one token per 100 ms
  for (int i = 0; i < 3; ++i) {
    CHECK(b.ready_at(0) == 0);
    b.take(0);
  }
  CHECK(b.ready_at(0) == 100);
  CHECK(b.ready_at(50) == 100);
  CHECK(b.ready_at(100) == 100);
  b.take(100);
  CHECK(b.ready_at(100) == 200);
}

TEST_CASE("an unlimited bucket never waits, unless paused", "[delivery][rate]") {
  token_bucket b({}, 0);
  for (int i = 0; i < 1000; ++i) b.take(0);
  CHECK(b.ready_at(0) == 0);
  b.pause_until(5'000);
  CHECK(b.ready_at(10) == 5'000);
  CHECK(b.ready_at(5'000) == 5'000);
}

TEST_CASE("a pause resumes with one token, not the whole burst", "[delivery][rate]") {
  token_bucket b({10.0, 5}, 0);
  b.pause_until(1'000);
  CHECK(b.ready_at(1'000) == 1'000);
  b.take(1'000);
  CHECK(b.ready_at(1'000) == 1'100);
}

TEST_CASE("a send needs a token at the conversation, tenant and platform levels", "[delivery][rate]") {
  platform_limits l;
  l.tenant = {10.0, 1};        // 100 ms apart per tenant
  l.conversation = {2.0, 1};   // 500 ms apart per conversation
  rate_limiter r({{"p", l}});
  const auto c1 = keys_for("p", "T", "C1");
  const auto c2 = keys_for("p", "T", "C2");
  const auto other = keys_for("p", "U", "C1");
  CHECK_FALSE(r.try_acquire("p", c1, 0));
  CHECK(r.try_acquire("p", c2, 0) == 100);  // tenant bucket
  CHECK_FALSE(r.try_acquire("p", other, 0));  // another tenant is not affected
  CHECK_FALSE(r.try_acquire("p", c2, 100));
  CHECK(r.try_acquire("p", c1, 200) == 500);  // conversation bucket
  CHECK_FALSE(r.try_acquire("p", c1, 500));
  // A refused try takes nothing: the tenant still has its token at 200 for C2.
  CHECK_FALSE(r.try_acquire("unlimited", keys_for("unlimited", "T", "C"), 0));
}

TEST_CASE("a 429 pauses the conversation and, where configured, the tenant", "[delivery][rate]") {
  platform_limits tenant_wide;
  platform_limits per_conversation;
  per_conversation.pause_tenant_on_429 = false;
  rate_limiter r({{"a", tenant_wide}, {"b", per_conversation}});
  r.pause("a", keys_for("a", "T", "C1"), 2'000);
  r.pause("b", keys_for("b", "T", "C1"), 2'000);
  CHECK(r.try_acquire("a", keys_for("a", "T", "C1"), 0) == 2'000);
  CHECK(r.try_acquire("a", keys_for("a", "T", "C2"), 0) == 2'000);
  CHECK(r.try_acquire("b", keys_for("b", "T", "C1"), 0) == 2'000);
  CHECK_FALSE(r.try_acquire("b", keys_for("b", "T", "C2"), 0));
}

TEST_CASE("a refusal says whether the shared buckets or the conversation's own are short", "[delivery][rate]") {
  platform_limits l;
  l.tenant = {10.0, 1};       // 100 ms apart per tenant
  l.conversation = {2.0, 1};  // 500 ms apart per conversation
  rate_limiter r({{"p", l}});
  CHECK_FALSE(r.acquire("p", keys_for("p", "T", "C1"), 0));
  const auto tenant_short = r.acquire("p", keys_for("p", "T", "C2"), 0);
  REQUIRE(tenant_short);
  CHECK(tenant_short->shared_ms == 100);
  CHECK(tenant_short->conversation_ms == 0);
  const auto own_short = r.acquire("p", keys_for("p", "T", "C1"), 100);
  REQUIRE(own_short);
  CHECK(own_short->shared_ms == 100);  // ready: <= now
  CHECK(own_short->conversation_ms == 500);
  CHECK(own_short->until() == 500);
  CHECK(r.paces_conversations("p"));
  CHECK_FALSE(r.paces_conversations("other"));
}

TEST_CASE("a paused bucket has its next token when the pause ends, not a refill later", "[delivery][rate]") {
  token_bucket b({20.0, 1}, 0);  // 50 ms apart
  b.take(0);
  b.pause_until(1'000);  // a 429 right after a send: Retry-After 1 s
  CHECK(b.ready_at(500) == 1'000);
  CHECK(b.ready_at(1'000) == 1'000);
  b.take(1'000);
  CHECK(b.ready_at(1'000) == 1'050);
  // A pause shorter than the interval does not hand out a token early.
  token_bucket quick({20.0, 1}, 0);
  quick.take(0);
  quick.pause_until(10);
  CHECK(quick.ready_at(10) == 50);
}

TEST_CASE("idle buckets are forgotten, busy or paused ones are kept", "[delivery][rate]") {
  platform_limits l;
  l.tenant = {10.0, 1};
  l.conversation = {10.0, 1};
  rate_limiter r({{"p", l}});
  for (int i = 0; i < 100; ++i) CHECK_FALSE(r.acquire("p", keys_for("p", "T" + std::to_string(i), "C"), 0));
  r.pause("p", keys_for("p", "T0", "C"), 5'000);
  CHECK(r.bucket_count() == 201);  // one platform bucket, 100 tenants, 100 conversations
  r.prune(50);
  CHECK(r.bucket_count() == 200);  // all still refilling, but the unlimited platform bucket
  r.prune(100);
  CHECK(r.bucket_count() == 2);  // T0's paused pair is kept
  CHECK(r.acquire("p", keys_for("p", "T0", "C"), 100)->until() == 5'000);
}
