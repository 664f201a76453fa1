// bench/delivery/bound.hpp: the yardstick delivery_bench holds the worker against must be
// one that some schedule can actually meet, or the 10% target means nothing.
#include "../../../bench/delivery/bound.hpp"
#include "../../../bench/delivery/chain_bound.hpp"

#include <catch2/catch.hpp>

#include <random>

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

// bench/delivery/chain_bound.hpp: "chains" must be a true lower bound when each
// conversation's faults are fixed to its own requests, and Jackson's rule a real schedule.
namespace {

// Every order of the chains' requests (each conversation's own order kept), each request as
// early as the tenant bucket (burst 1), its conversation's bucket and Retry-After allow: the
// best of these is the best any schedule can do, since a schedule is an order plus times and
// sending as early as allowed never delays a later request.
double brute_force(const std::vector<std::vector<int>>& chains, rate tenant, rate conversation, double retry_after_s) {
  std::vector<std::size_t> next(chains.size(), 0);
  std::vector<double> earliest(chains.size(), 0);
  double best = 1e18;
  const auto walk = [&](auto&& self, double tenant_next, double end, std::size_t left) -> void {
    if (left == 0) {
      best = std::min(best, end);
      return;
    }
    for (std::size_t c = 0; c < chains.size(); ++c) {
      if (next[c] == chains[c].size()) continue;
      const double t = std::max(tenant_next, earliest[c]);
      const double saved = earliest[c];
      earliest[c] = std::max(t + conversation.interval(), chains[c][next[c]] == 429 ? t + retry_after_s : t);
      ++next[c];
      self(self, t + tenant.interval(), std::max(end, t), left - 1);
      --next[c];
      earliest[c] = saved;
    }
  };
  std::size_t total = 0;
  for (const auto& c : chains) total += c.size();
  walk(walk, 0.0, 0.0, total);
  return best;
}

std::vector<sent_request> as_requests(const std::vector<std::vector<int>>& chains) {
  std::vector<sent_request> reqs;
  for (std::size_t c = 0; c < chains.size(); ++c)
    for (std::size_t i = 0; i < chains[c].size(); ++i)
      reqs.push_back({"T", "T-C" + std::to_string(c), "m" + std::to_string(c) + "." + std::to_string(i), chains[c][i]});
  return reqs;
}

}  // namespace

TEST_CASE("chains: no order of the requests ends before it, and Jackson's rule is one that gets there",
          "[delivery][bench]") {
  const rate tenant{100.0, 1};        // a request per 10 ms
  const rate conversation{25.0, 1};   // 40 ms apart in one conversation
  const double retry_after_s = 0.1;
  std::mt19937 rng(5);
  int tight = 0;
  for (int round = 0; round < 150; ++round) {
    std::vector<std::vector<int>> chains(2 + rng() % 2);
    for (auto& c : chains) {
      c.resize(1 + rng() % 3);
      for (auto& s : c) s = rng() % 10 < 3 ? 429 : (rng() % 10 == 0 ? 503 : 200);
    }
    const auto reqs = as_requests(chains);
    const double best = brute_force(chains, tenant, conversation, retry_after_s);
    const double bound = chains_bound(reqs, {}, tenant, conversation, retry_after_s);
    const double jackson = jackson_schedule(reqs, tenant, conversation, retry_after_s);
    INFO("round " << round);
    CHECK(bound <= best + 1e-9);
    CHECK(best <= jackson + 1e-9);
    tight += bound > best - 1e-9;
  }
  CHECK(tight > 100);  // and it is usually exact
}

TEST_CASE("chains counts a set of requests the tenant bucket cannot serve in time", "[delivery][bench]") {
  // Two conversations, each a 429 then its retry; the tenant allows one request per 10 ms.
  // The longest chain is 100 ms and the tenant's four requests need 30 ms, but both 429s
  // cannot go at 0: one of them goes at 10 ms, and its retry 100 ms after that.
  const std::vector<std::vector<int>> chains{{429, 200}, {429, 200}};
  const auto reqs = as_requests(chains);
  const rate tenant{100.0, 1};
  const double bound = chains_bound(reqs, {}, tenant, {}, 0.1);
  CHECK(bound == Approx(0.11));
  CHECK(brute_force(chains, tenant, {1e9, 1}, 0.1) == Approx(0.11));
  CHECK(jackson_schedule(reqs, tenant, {}, 0.1) == Approx(0.11));
}

TEST_CASE("faults in place is a bound only for faults fixed to the tenant's places", "[delivery][bench]") {
  // The run sent A's one message, then B's, which met a 429, then B's retry. With the 429
  // fixed to the tenant's second place, nothing ends before 10 ms + Retry-After. With it
  // fixed to B's first request instead, sending B first ends at Retry-After: sooner than
  // "faults in place", which is why delivery_bench reports both.
  const std::vector<sent_request> run{{"T", "T-A", "a", 200}, {"T", "T-B", "b", 429}, {"T", "T-B", "b", 200}};
  const rate tenant{100.0, 1};
  const auto b = compute_bound(run, {}, tenant, {}, 1.0);
  CHECK(b.faults_s == Approx(1.01));
  CHECK(jackson_schedule(run, tenant, {}, 1.0) == Approx(1.0));
  CHECK(chains_bound(run, {}, tenant, {}, 1.0) == Approx(1.0));
}
