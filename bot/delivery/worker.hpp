// The delivery worker: one thread that takes due outbox entries, renders them through
// their platform's adapter, sends them with libcurl (many at once), paces them through the
// rate limiter, and records each result in the store: delivered entries are erased, failed
// ones rescheduled with backoff, permanent failures moved to dead_letters.
//
// Ordering: one conversation sends one entry at a time, oldest first, so a conversation
// never sees its messages out of order; different conversations run in parallel up to
// `concurrency`. Which conversation goes next is the scheduler's call (scheduler.hpp).
//
// Finding work: the whole outbox is read once at start; after that the worker is told the
// keys of new entries (notify(keys)), and the periodic rescan is only a safety net that
// skips the read when the store shows nothing it does not already know.
//
// Parts may depend on an earlier part's answer (outbound_request::capture, captures.hpp):
// the worker keeps the values with the entry, so a restart between the parts resumes.
//
// Claiming is in memory: the store's directory lock means one process, so one worker, owns
// the outbox. A crash between a platform's acceptance and the erase commit sends the entry
// again after restart, with the same idempotency key (see docs/delivery.md).
#pragma once

#include "adapters/adapter.hpp"
#include "core/clock.hpp"
#include "delivery/captures.hpp"
#include "delivery/curl_transport.hpp"
#include "delivery/rate_limiter.hpp"
#include "delivery/retry_policy.hpp"
#include "delivery/scheduler.hpp"
#include "delivery/stats.hpp"
#include "store/store.hpp"

#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

namespace commonsbot::delivery {

struct worker_options {
  int concurrency = 16;                   // requests on the wire at once
  long long rescan_interval_ms = 5'000;   // safety net for commits nobody notified about
  long long max_wait_ms = 250;            // longest sleep, so a moved test clock is noticed
  transport_options transport;
  retry_options retry;
  std::map<std::string, platform_limits> limits;  // by platform; see default_limits()
  std::uint64_t seed = 0;                 // jitter seed; 0: random
};

// The adapter that renders `platform`, or null if none is enabled.
using adapter_lookup = std::function<const adapters::adapter*(std::string_view platform)>;

class worker {
 public:
  worker(store::store& db, adapter_lookup adapters, const core::clock& clock, worker_options options);
  ~worker();  // stop()s
  worker(const worker&) = delete;
  worker& operator=(const worker&) = delete;

  // Installs a platform's error classification (default: default_classify). Before start().
  void set_classifier(const std::string& platform, classifier c);

  void start();
  // Starts nothing new, lets requests on the wire finish (bounded by the total timeout) and
  // their results commit, then joins. Safe to call twice.
  void stop();

  // Entries with these outbox keys were committed: take them now, without reading the rest
  // of the outbox. Thread-safe.
  void notify(std::vector<std::string> keys);
  // Something was committed to the outbox, keys unknown: look now rather than at the next
  // rescan. Thread-safe.
  void notify();

  const delivery_stats& stats() const { return stats_; }

 private:
  struct tracked;
  struct control;

  void run();
  void scan();
  // True once the outbox has been checked for entries nobody told us about.
  bool look(long long now_ms, long long wanted_since_ms);
  void take(const std::string& key, const nlohmann::json& value);
  std::optional<bucket_keys> buckets_for(const std::string& key);
  void dispatch(long long now_ms);
  void on_result(std::uint64_t token, const attempt_result& r, long long now_ms);
  void settle(const std::string& key, store::transaction txn);
  void requeue(const std::string& key, store::transaction txn);
  void commit(const std::string& key, store::transaction txn, bool settles);
  const classifier& classifier_for(const std::string& platform) const;

  store::store& db_;
  adapter_lookup adapters_;
  const core::clock& clock_;
  worker_options options_;
  curl_transport transport_;
  rate_limiter limiter_;
  scheduler scheduler_;
  std::map<std::string, classifier> classifiers_;
  classifier default_classifier_ = default_classify;
  delivery_stats stats_;
  std::shared_ptr<control> control_;
  std::thread thread_;

  // Worker-thread state.
  std::unordered_map<std::string, std::unique_ptr<tracked>> known_;  // outbox key -> entry
  std::set<std::string> unreadable_;  // in the outbox but not an entry (logged once)
  std::size_t unsettled_ = 0;         // settle commits whose outcome is not yet processed
  std::uint64_t seen_sequence_ = 0;   // the store's sequence when we last read the outbox
  std::map<std::uint64_t, std::string> in_flight_;  // transfer token -> outbox key
  std::uint64_t next_token_ = 1;
  std::mt19937_64 rng_;
  answer_memory remembered_;  // DM channels per Slack team and user, and the like
};

// Per-platform defaults from the platforms' published limits (docs/delivery.md cites them).
std::map<std::string, platform_limits> default_limits();

}  // namespace commonsbot::delivery
