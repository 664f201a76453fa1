// Erases records that only matter for a while, so nobody who can send signed requests can
// grow the store without bound:
//   dedupe keys ("dedupe", {"at_ms"}) older than the retention window: a platform's retry
//     never comes later than that, so the key can no longer catch a duplicate;
//   sessions idle for longer than the idle timeout plus a grace (the grace lets someone who
//     comes back be told their conversation timed out).
// A dedupe record without a time (written by an older version, or damaged) is stamped with
// the time the sweeper first sees it, so it expires one window later, never at once.
//
// Runs on the schedule loop's thread (serve passes sweep_if_due as its `sweep` hook), never
// on the request path. Each transaction holds at most `batch` changes and one round commits
// at most `batches_per_round` of them, so a large backlog is worked off over several rounds
// without holding up the scheduler. Times come from the injectable clock.
#pragma once

#include "core/clock.hpp"
#include "store/store.hpp"

#include <cstddef>
#include <optional>

namespace commonsbot::workers {

struct retention_options {
  long long dedupe_retention_ms = 24LL * 60 * 60 * 1000;  // config retention.dedupe_hours
  long long session_idle_ms = 60LL * 60 * 1000;           // config flows.session_idle_minutes
  long long expired_session_grace_ms = 24LL * 60 * 60 * 1000;  // config retention.expired_session_hours
  std::size_t batch = 1000;             // changes per transaction
  std::size_t batches_per_round = 10;   // transactions per round
  long long every_ms = 60'000;          // by the clock, between rounds that found nothing left over
};

struct sweep_result {
  std::size_t dedupe_erased = 0;
  std::size_t sessions_erased = 0;
  std::size_t stamped = 0;       // dedupe records without a time, given one
  std::size_t transactions = 0;  // commits made
  bool more = false;             // the round stopped at batches_per_round with work left
  bool failed = false;           // a commit failed (logged); the rest waits for the next round
};

class retention_sweeper {
 public:
  retention_sweeper(store::store& db, const core::clock& clock, retention_options opts);

  // One round now.
  sweep_result sweep();
  // A round if `every_ms` has passed since the last one, or the last one left work over.
  std::optional<sweep_result> sweep_if_due();

 private:
  store::store& db_;
  const core::clock& clock_;
  retention_options opts_;
  std::optional<long long> last_ms_;
  bool more_ = false;
};

}  // namespace commonsbot::workers
