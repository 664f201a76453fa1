// Runs nudge jobs through the real scheduler over an in-memory store with a manual clock,
// stepping the clock forward in small steps (as a serve loop ticking every few minutes
// would) and rebuilding the scheduler from the store halfway, as a restart does. Every fire
// is recorded, so a test can see each nudge's local time and that none came twice.
#pragma once

#include "schedule/scheduler.hpp"
#include "support/memory_store.hpp"
#include "unit/schedule/utc.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace commonsbot::test {

struct fired {
  std::string id;
  long long scheduled_ms = 0;
  long long at_ms = 0;
};

inline std::vector<fired> run_term(const std::vector<schedule::job>& jobs, long long from_ms, long long to_ms,
                                   std::chrono::minutes step = std::chrono::minutes(10)) {
  test::memory_store db;
  core::manual_clock clock(core::from_epoch_ms(from_ms));
  std::vector<fired> out;
  auto handler = [&out](const schedule::fire& f) {
    out.push_back({f.id, f.scheduled_ms, f.now_ms});
    return store::transaction{};
  };
  auto s = std::make_unique<schedule::scheduler>(db, clock, handler);
  for (const auto& j : jobs) REQUIRE(s->put(j));
  const long long half = from_ms + (to_ms - from_ms) / 2;
  bool restarted = false;
  for (long long now = from_ms; now <= to_ms; now += step.count() * 60'000LL) {
    clock.set(core::from_epoch_ms(now));
    if (!s->tick().st) FAIL("a tick's commit failed");  // (not REQUIRE: thousands of ticks)
    if (!restarted && now >= half) {  // a restart mid-term: only the store carries over
      restarted = true;
      s = std::make_unique<schedule::scheduler>(db, clock, handler);
      REQUIRE(s->load().empty());
    }
  }
  return out;
}

}  // namespace commonsbot::test
