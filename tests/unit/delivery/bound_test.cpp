// bench/delivery/bound.hpp: the yardstick delivery_bench holds the worker against must be
// one that some schedule can actually meet, or the 10% target means nothing.
#include "../../../bench/delivery/bound.hpp"

#include <catch2/catch.hpp>

using namespace commonsbot::bench;

TEST_CASE("faults in place: a 429's retry waits its Retry-After, and the bucket idles when nothing is ready",
          "[delivery][bench]") {
  const rate r{1'000.0, 1};  // one request per ms
  SECTION("one message, one 429: its retry a Retry-After later") {
    CHECK(faults_in_place({429, 200}, 1, r, 1.0) == Approx(1.0));
  }
  SECTION("fresh messages fill the places before a retry is ready") {
    // The 429 at the first place; three fresh messages take the next three ms; the retry
    // goes at 1 s, not at 4 ms.
    CHECK(faults_in_place({429, 200, 200, 200, 200}, 4, r, 1.0) == Approx(1.0));
  }
  SECTION("several 429s near the end cannot all be retried right after the last one") {
    // "+ Retry-After" says: the last 429 (place 3, at 2 ms) plus 1 s = 1.002 s. But the
    // 429 at place 3 is then retried at place 5, itself a 429: another second.
    CHECK(faults_in_place({200, 429, 429, 200, 429, 200}, 3, r, 1.0) == Approx(2.002));
  }
  SECTION("a 5xx's retry is ready at once; with no faults it is the rate alone") {
    CHECK(faults_in_place({503, 200}, 1, r, 1.0) == Approx(0.001));
    CHECK(faults_in_place(std::vector<int>(1'001, 200), 1'001, r, 1.0) == Approx(1.0));
  }
}

TEST_CASE("the bound is never below limits alone or + Retry-After", "[delivery][bench]") {
  std::vector<sent_request> reqs;
  for (int i = 0; i < 2'000; ++i) {
    const std::string c = "T-C" + std::to_string(i % 10);
    reqs.push_back({"T", c, "m" + std::to_string(i), i % 20 == 7 ? 429 : 200});
    if (i % 20 == 7) reqs.push_back({"T", c, "m" + std::to_string(i), 200});
  }
  const auto b = compute_bound(reqs, {}, {500.0, 1}, {20.0, 1}, 1.0);
  CHECK(b.retry_after_s >= b.limits_s);
  CHECK(b.faults_s >= b.retry_after_s);
}
