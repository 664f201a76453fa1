// The scheduler's own thread in `serve`. At start it writes the config's meetings to the
// store, fires what the downtime left due (latest once), then derives every tenant's nudge
// and reflect jobs (schedule_derive.hpp) and applies the difference. Then it loops:
//
//   tick (fire what is due; each fire commits with its outbox entries, handed to the worker)
//   re-derive the tenants whose meetings or plans changed (services.schedule_changed), and
//     every tenant every few minutes for changes nobody announced
//   refresh the iCalendar feeds that are due (calendar_feeds.hpp), poll digest feeds and
//     sweep expired records (the poll_feeds and sweep hooks)
//   sleep until the next due fire, a change, or max_sleep
//
// Only this thread touches the scheduler; changed() may be called from any thread.
#pragma once

#include "core/clock.hpp"
#include "schedule/scheduler.hpp"
#include "store/store.hpp"
#include "workers/calendar_feeds.hpp"
#include "workers/schedule_derive.hpp"

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace commonsbot::workers {

struct schedule_loop_options {
  std::vector<tenant_schedule> tenants;
  std::chrono::milliseconds lateness = std::chrono::hours(6);  // config schedule.lateness_minutes
  // The longest sleep. A second with the system clock; shorter with a file clock, which
  // moves by itself, so the loop notices each step a test takes.
  std::chrono::milliseconds max_sleep = std::chrono::seconds(1);
  // Told the outbox keys each fire committed (serve: worker.notify).
  std::function<void(std::vector<std::string>)> outbox_notify;
  feed_fetcher fetch;  // empty: fetch::get
  // Called each round with the clock's now, after the calendar feeds: serve polls the digest
  // feeds that are due here (workers/digest_feeds.hpp). Optional.
  std::function<void(long long now_ms)> poll_feeds;
  // Called each round after poll_feeds: serve erases expired dedupe keys and sessions here
  // (workers/retention_sweeper.hpp), off the request path. Optional.
  std::function<void()> sweep;
  // Every tenant is re-derived this often (real time) as well, for changes nobody announced
  // (plans edited in chat do not call schedule_changed yet). Zero: never.
  std::chrono::milliseconds rederive_every = std::chrono::minutes(5);
};

class schedule_loop {
 public:
  schedule_loop(store::store& db, const core::clock& clock, schedule::fire_handler handler,
                schedule_loop_options opts);
  ~schedule_loop();  // stop()s
  schedule_loop(const schedule_loop&) = delete;
  schedule_loop& operator=(const schedule_loop&) = delete;

  // Config meetings, catch-up and the first derivation, on the caller's thread.
  void prepare();
  // One round of the loop, on the caller's thread (tests call it directly).
  void step();
  // prepare(), then step() on the loop's own thread until stop().
  void start();
  void stop();  // joins; safe to call twice

  // `tenant`'s meetings or plans changed: re-derive its jobs soon. Thread-safe.
  void changed(const std::string& tenant);

  // Re-derives `tenant`'s jobs now and applies the difference (loop thread or tests).
  void derive(const std::string& tenant);

  const schedule::scheduler& jobs() const { return scheduler_; }

 private:
  const tenant_schedule* find_tenant(const std::string& id) const;
  void tick();
  void run();

  store::store& db_;
  const core::clock& clock_;
  schedule_loop_options opts_;
  schedule::scheduler scheduler_;
  calendar_feeds feeds_;

  std::mutex mutex_;
  std::condition_variable wake_;
  std::chrono::steady_clock::time_point derived_all_at_{};  // loop thread only
  std::set<std::string> changed_;  // guarded by mutex_
  bool stopping_ = false;          // guarded by mutex_
  std::thread thread_;
};

}  // namespace commonsbot::workers
