// schedule_bench [JOBS]: JOBS (default 10,000) recurring jobs on 1-5 weekdays each, at
// random quarter hours, spread over 20 IANA zones. Times:
//   1. put: planning every job's first occurrence and committing it;
//   2. catch-up: one tick after a day of downtime (lateness one day), firing what the day
//      owed; target under 1 s;
//   3. a day of minute ticks after that, as the serve loop would run them;
//   4. the due lookup ("what is due now?") through the index against a naive scan of every
//      job (the peer), with the ratio.
#include "log/log.hpp"
#include "schedule/scheduler.hpp"
#include "support/memory_store.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>

using namespace commonsbot;
using steady = std::chrono::steady_clock;

namespace {

const char* const zones[20] = {
    "Pacific/Auckland", "Pacific/Chatham",     "Australia/Sydney", "Australia/Perth",  "Asia/Tokyo",
    "Asia/Singapore",   "Asia/Kolkata",        "Asia/Dubai",       "Africa/Nairobi",   "Europe/Athens",
    "Europe/Berlin",    "Europe/London",       "Atlantic/Azores",  "America/Sao_Paulo", "America/New_York",
    "America/Chicago",  "America/Denver",      "America/Los_Angeles", "Pacific/Honolulu", "UTC"};

double ms_since(steady::time_point t0) {
  return std::chrono::duration<double, std::milli>(steady::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t n = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 10'000;
  commonsbot::log::set_level(commonsbot::log::level::off);  // catch-up logs every skipped fire; not what is measured
  test::memory_store db;
  const long long start = 1'759'000'000'000LL;  // 2025-09-27T19:06Z: NZ springs forward that night
  core::manual_clock clock(core::from_epoch_ms(start));
  std::size_t effects = 0;
  auto handler = [&](const schedule::fire& f) {
    ++effects;
    store::transaction txn;
    txn.put("sent", f.id, {{"at", f.now_ms}});
    return txn;
  };
  schedule::scheduler_options opts;
  opts.lateness = std::chrono::hours(24);
  schedule::scheduler s(db, clock, handler, opts);

  std::mt19937 rng(7);
  auto t0 = steady::now();
  for (std::size_t i = 0; i < n; ++i) {
    schedule::job j;
    j.id = "job" + std::to_string(i);
    j.tenant = "school" + std::to_string(i % 50);
    j.kind = "nudge";
    j.rule.zone = zones[i % 20];
    const int days = 1 + static_cast<int>(rng() % 5);
    for (int d = 0; d < days; ++d) j.rule.weekdays.push_back(1 + static_cast<int>((rng() + static_cast<unsigned>(d) * 3) % 7));
    j.rule.hour = static_cast<int>(rng() % 24);
    j.rule.minute = static_cast<int>(rng() % 4) * 15;
    if (!s.put(j)) return 1;
  }
  const double put_ms = ms_since(t0);

  // Down for a day: one tick must fire everything the day owed, latest once per job.
  clock.advance(std::chrono::hours(24));
  t0 = steady::now();
  const auto caught = s.tick();
  const double catch_up_ms = ms_since(t0);

  // A day of minute ticks, as serve will run them.
  std::size_t day_fires = 0;
  t0 = steady::now();
  for (int minute = 0; minute < 24 * 60; ++minute) {
    clock.advance(std::chrono::minutes(1));
    day_fires += s.tick().fired;
  }
  const double day_ms = ms_since(t0);

  // "What is due at t?" for instants spread over the next hour (0 to ~200 due): the index
  // walks only the due entries; the naive peer reads every job's next due time.
  const long long now = core::to_epoch_ms(clock.now());
  constexpr int lookups = 20'000;
  std::size_t seen_index = 0, seen_scan = 0;
  t0 = steady::now();
  for (int i = 0; i < lookups; ++i) seen_index += s.due_count(now + i * 180LL);
  const double index_ns = ms_since(t0) * 1e6 / lookups;
  t0 = steady::now();
  for (int i = 0; i < lookups; ++i)
    for (const auto& [key, j] : s.jobs()) seen_scan += (j.next_due_ms > 0 && j.next_due_ms <= now + i * 180LL) ? 1 : 0;
  const double scan_ns = ms_since(t0) * 1e6 / lookups;

  std::printf("jobs %zu in 20 zones, 1-5 weekdays each\n", n);
  std::printf("put (plan + commit each)      %8.1f ms\n", put_ms);
  std::printf("catch-up after 1 day down     %8.1f ms  (fired %zu, skipped %zu, %zu commits; target < 1000 ms)\n",
              catch_up_ms, caught.fired, caught.skipped, static_cast<std::size_t>(db.commits));
  std::printf("1,440 minute ticks after      %8.1f ms  (fired %zu)\n", day_ms, day_fires);
  std::printf("due lookup: index %.0f ns, naive scan %.0f ns, ratio %.0fx  (average due per lookup %.1f)\n", index_ns,
              scan_ns, scan_ns / index_ns,
              static_cast<double>(seen_index) / lookups);
  return effects == caught.fired + day_fires && seen_index == seen_scan ? 0 : 1;
}
