// delivery_sim: delivery_bench's workload through the worker's own scheduler and rate
// limiter on a simulated clock, with the fake API's faults drawn the same way (by arrival
// order, seeds 42 and 43) and a fixed round trip. No sockets, no store, no threads: a run
// takes well under a second and is the same every time, so two choices of order can be
// compared without the noise of a loaded machine. The wall-clock figures stay
// delivery_bench's; this says what the order alone costs, against "faults in place"
// (bound.hpp) and "chains" (chain_bound.hpp), with what knowing the faults would give.
//
//   build-delivery/bench/delivery/delivery_sim [messages] [tenants] [channels] [tenant_rps] [rtt_ms] [seed_offset] [streams]
//
// With streams > 1 it runs seed offsets seed_offset .. seed_offset + streams - 1, a line
// each, then the spread, and how often the median of five consecutive streams (what one
// delivery_bench of five runs would see, timing aside) is within 10%.
#include "bound.hpp"
#include "chain_bound.hpp"
#include "delivery/rate_limiter.hpp"
#include "delivery/retry_policy.hpp"
#include "delivery/scheduler.hpp"
#include "summary.hpp"
#include "trace.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <random>
#include <string>
#include <vector>

using namespace commonsbot;

namespace {

// One simulated run; prints its figures unless `quiet` and returns the last request's time
// over "faults in place".
double simulate(int messages, int tenants, int channels, double tenant_rps, long long rtt_ms,
                std::uint64_t seed_offset, bool quiet) {
  constexpr long long retry_after_ms = 1'000;

  delivery::platform_limits limits;
  limits.tenant = {tenant_rps, 1};
  limits.conversation = {20.0, 1};
  limits.pause_tenant_on_429 = false;
  delivery::rate_limiter limiter({{"bench", limits}});
  delivery::scheduler sched(limiter);
  delivery::retry_options retry;
  retry.base_ms = 50;
  retry.max_ms = 2'000;
  std::mt19937_64 jitter(7 + seed_offset);
  std::mt19937_64 faults_429(42 + seed_offset);
  std::mt19937_64 faults_5xx(43 + seed_offset);

  struct entry {
    std::string tenant;
    std::string conversation;
    int errors = 0;  // 5xx only
  };
  std::map<std::string, entry> entries;
  for (int j = 0; j < messages; ++j) {
    const int tenant = j % tenants;
    const int channel = (j / tenants) % channels;
    char key[32];
    std::snprintf(key, sizeof key, "T%d/%08d", tenant, j);
    entry e{"T" + std::to_string(tenant), "T" + std::to_string(tenant) + "-C" + std::to_string(channel), 0};
    sched.add(key, e.conversation, "bench", "bench:" + e.tenant, 0);
    entries.emplace(key, e);
  }
  const auto lookup = [&](const std::string& key) -> std::optional<delivery::bucket_keys> {
    const auto& e = entries.at(key);
    return delivery::bucket_keys{"bench", "bench:" + e.tenant, e.conversation};
  };

  std::vector<bench::sent_request> sent;
  std::vector<bench::traced_request> traced;
  std::size_t delivered = 0;
  long long now = 0;
  struct flight {
    std::string key;
    int status;
  };
  std::multimap<long long, flight> wire;  // completion time -> request
  while (delivered < entries.size()) {
    while (wire.size() < 64) {
      auto p = sched.next(now, lookup);
      if (!p) break;
      const auto& e = entries.at(p->key);
      int status = 200;
      if (std::uniform_real_distribution<double>(0, 1)(faults_429) < 0.05) status = 429;
      else if (std::uniform_real_distribution<double>(0, 1)(faults_5xx) < 0.05 / 0.95) status = 503;
      sent.push_back({e.tenant, e.conversation, p->key, status});
      traced.push_back({now / 1000.0, e.tenant, e.conversation, p->key, status});
      wire.emplace(now + rtt_ms, flight{p->key, status});
    }
    long long next = wire.empty() ? -1 : wire.begin()->first;
    if (auto w = sched.next_wake(now); w && (next < 0 || *w < next)) next = std::max(*w, now + (*w <= now));
    if (next < 0) break;
    now = std::max(now, next);
    while (!wire.empty() && wire.begin()->first <= now) {
      auto node = wire.extract(wire.begin());
      auto& f = node.mapped();
      auto& e = entries.at(f.key);
      if (f.status == 200) {
        ++delivered;
        sched.finish(e.conversation, f.key, std::nullopt);
      } else if (f.status == 429) {
        limiter.pause("bench", {"bench", "bench:" + e.tenant, e.conversation}, now + retry_after_ms);
        sched.finish(e.conversation, f.key, now + retry_after_ms);
      } else {
        ++e.errors;
        // As the worker does: a 429 does not count towards the backoff (worker.cpp).
        sched.finish(e.conversation, f.key, now + delivery::backoff_ms(retry, e.errors, jitter));
      }
    }
  }

  const bench::rate tenant{tenant_rps, 1};
  const bench::rate conversation{limits.conversation.rate_per_second, limits.conversation.burst};
  const auto b = bench::compute_bound(sent, {}, tenant, conversation, retry_after_ms / 1000.0);
  const double end = traced.empty() ? 0 : traced.back().at_s;
  if (quiet) {
    std::printf("  seeds +%-3llu faults in place %.2f s, last request %.3f s = %.3f x\n",
                static_cast<unsigned long long>(seed_offset), b.faults_s, end, end / b.faults_s);
    return end / b.faults_s;
  }
  std::printf("delivery_sim: %d messages, %d tenants x %d channels, %.0f/s per tenant, rtt %lld ms, seeds +%llu\n",
              messages, tenants, channels, tenant_rps, rtt_ms, static_cast<unsigned long long>(seed_offset));
  std::printf("  requests %zu, delivered %zu\n", sent.size(), delivered);
  std::printf("  limits alone %.2f s, + Retry-After %.2f s, faults in place %.2f s (%s)\n", b.limits_s, b.retry_after_s,
              b.faults_s, b.faults_by.c_str());
  std::printf("  last request %.3f s = %.3f x faults in place, %.3f x + Retry-After; replay %.3f s\n", end,
              end / b.faults_s, end / b.retry_after_s, b.replay_s);
  const double chains = bench::chains_bound(sent, {}, tenant, conversation, retry_after_ms / 1000.0);
  const double knew = bench::jackson_schedule(sent, tenant, conversation, retry_after_ms / 1000.0);
  std::printf("  chains %.3f s (knowing the faults: %.3f s); last request %.3f x chains\n", chains, knew, end / chains);
  if (std::getenv("BENCH_TRACE"))
    bench::print_trace(traced, std::max(1, messages / (tenants * channels)), b.limits_s - 2.0, retry_after_ms / 1000.0);
  return end / b.faults_s;
}

}  // namespace

int main(int argc, char** argv) {
  const int messages = argc > 1 ? std::atoi(argv[1]) : 10'000;
  const int tenants = argc > 2 ? std::atoi(argv[2]) : 2;
  const int channels = argc > 3 ? std::atoi(argv[3]) : 100;
  const double tenant_rps = argc > 4 ? std::atof(argv[4]) : 500.0;
  const long long rtt_ms = argc > 5 ? std::atoll(argv[5]) : 1;
  const std::uint64_t seed_offset = argc > 6 ? std::strtoull(argv[6], nullptr, 10) : 0;
  const int streams = argc > 7 ? std::atoi(argv[7]) : 1;
  if (messages < 1 || tenants < 1 || channels < 1 || tenant_rps <= 0 || rtt_ms < 0 || streams < 1) {
    std::fprintf(stderr, "usage: delivery_sim [messages] [tenants] [channels] [tenant_rps] [rtt_ms] [seed_offset] [streams]\n");
    return 2;
  }
  if (streams == 1) {
    simulate(messages, tenants, channels, tenant_rps, rtt_ms, seed_offset, false);
    return 0;
  }
  std::printf("delivery_sim: %d messages, %d tenants x %d channels, %.0f/s per tenant, rtt %lld ms, %d fault streams\n",
              messages, tenants, channels, tenant_rps, rtt_ms, streams);
  std::vector<double> ratios;
  for (int i = 0; i < streams; ++i)
    ratios.push_back(simulate(messages, tenants, channels, tenant_rps, rtt_ms, seed_offset + i, true));
  auto sorted = ratios;
  std::sort(sorted.begin(), sorted.end());
  std::printf("  x faults in place: min %.3f, median %.3f, p90 %.3f, max %.3f; %lld of %d within 10%%\n", sorted.front(),
              bench::median(sorted), sorted[sorted.size() * 9 / 10], sorted.back(), bench::count_within(sorted), streams);
  if (streams >= 5) {
    std::vector<double> windows;
    for (std::size_t i = 0; i + 5 <= ratios.size(); ++i)
      windows.push_back(bench::median({ratios.begin() + static_cast<long>(i), ratios.begin() + static_cast<long>(i) + 5}));
    std::printf("  median of 5 consecutive streams: worst %.3f; %lld of %zu within 10%%\n",
                *std::max_element(windows.begin(), windows.end()), bench::count_within(windows), windows.size());
  }
  return 0;
}
