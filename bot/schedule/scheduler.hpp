// The scheduler: jobs from the store, a due index ordered by next due time, and tick(),
// which fires what is due. Each fire's effects (the handler's transaction, e.g. outbox
// entries) commit in ONE transaction with the job's advanced next due and last fire id:
// a crash before the commit sends nothing and the fire happens after restart; a crash after
// it has both the messages and the progress, so nothing is sent twice.
//
// Not thread-safe: one owner (the serve loop, a CLI command, a test) calls it.
#pragma once

#include "core/clock.hpp"
#include "schedule/job.hpp"
#include "store/store.hpp"

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace commonsbot::schedule {

struct fire {
  std::string id;          // "<job id>@<scheduled local ISO time>": the same after any restart
  const job* of = nullptr;  // the job as it was before this fire
  local_time scheduled;    // the wall time the rule names
  long long scheduled_ms = 0;
  long long now_ms = 0;
  bool manual = false;     // run-now, outside the rule
};

// Builds a fire's effects. It must only read and return writes; throwing skips the fire
// (logged) rather than blocking every later job behind a bad payload.
using fire_handler = std::function<store::transaction(const fire&)>;

struct scheduler_options {
  std::chrono::milliseconds lateness = std::chrono::hours(6);  // older missed fires are skipped
  std::size_t batch = 256;  // jobs per commit when many are due at once (catch-up)
  // Called after each fire batch (tick) or run-now commits, with what was committed, so the
  // caller can hand the new outbox keys to the delivery worker at once. Optional.
  std::function<void(const store::transaction&)> committed;
};

struct tick_report {
  std::size_t fired = 0;
  std::size_t skipped = 0;  // occurrences missed beyond the lateness (logged)
  std::size_t failed = 0;   // handler threw: advanced without sending (logged)
  store::status st;         // a failed commit: nothing of that batch happened; retried next tick
};

class scheduler {
 public:
  scheduler(store::store& db, const core::clock& clock, fire_handler handler, scheduler_options opts = {});

  // Reads every job from the store and indexes the due ones. Returns the problems of jobs
  // that cannot be scheduled (kept for `list`, never fired).
  std::vector<std::string> load();

  // Adds or replaces a job, planning its next occurrence from now, and commits it.
  store::status put(job j);
  store::status remove(std::string_view key);

  // Fires every job due at the clock's now (latest once within the lateness).
  tick_report tick();

  // Fires `key` once now through the same path, leaving its schedule as it was.
  store::status run_now(std::string_view key);

  std::optional<long long> next_due_ms() const;
  // Jobs due at `now_ms`, by walking the index: the due lookup the bench measures.
  std::size_t due_count(long long now_ms) const;
  const job* find(std::string_view key) const;
  const std::map<std::string, job, std::less<>>& jobs() const { return jobs_; }

 private:
  void index(const job& j);
  void unindex(const job& j);
  long long now_ms() const { return core::to_epoch_ms(clock_.now()); }

  store::store& db_;
  const core::clock& clock_;
  fire_handler handler_;
  scheduler_options opts_;
  std::map<std::string, job, std::less<>> jobs_;
  std::set<std::pair<long long, std::string>> due_;  // (next_due_ms, key): begin() is soonest
};

}  // namespace commonsbot::schedule
