// Optimistic concurrency for the pipeline.
//
// Events for different sessions run in parallel. When two of them change the same record
// (both partners ticking one plan at once), the later commit must not overwrite the earlier
// with a stale copy. So each event remembers what it read (a tracked_reads), and before it
// commits the guard checks that nothing it read has been written since it started or is
// being written now. If something has, the event runs again from the start, after the
// conflicting commit is durable. The pipeline is the only writer, so the guard sees every
// write.
#pragma once

#include "flows/action.hpp"
#include "store/store.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace commonsbot::pipeline {

// A record_view over the store that remembers every key and prefix read.
class tracked_reads final : public flows::record_view {
 public:
  explicit tracked_reads(const store::store& db) : db_(db) {}

  std::optional<nlohmann::json> get(std::string_view collection, std::string_view key) const override;
  std::vector<std::pair<std::string, nlohmann::json>> scan(std::string_view collection,
                                                           std::string_view prefix) const override;

  const std::set<std::string>& keys() const { return keys_; }
  const std::set<std::string>& prefixes() const { return prefixes_; }

 private:
  const store::store& db_;
  mutable std::set<std::string> keys_;      // "collection\x1f" "key"
  mutable std::set<std::string> prefixes_;  // "collection\x1f" "prefix"
};

class write_guard {
 public:
  using ticket = std::uint64_t;

  // Marks the start of one attempt; reads made after this are checked against later writes.
  ticket enter();

  // Tries to claim the right to commit `writes` (collection + key of each put and erase).
  // True: the caller must commit and then call finish(). False: something read has changed
  // (or is being written); the attempt is over (the ticket is released), and `retry` runs
  // once it is worth trying again, possibly at once on this thread.
  bool try_commit(ticket t, const tracked_reads& reads, const store::transaction& writes,
                  std::function<void()> retry);

  // The commit claimed by try_commit is over (durable or failed).
  void finish(ticket t, const store::transaction& writes);

  // The attempt ended before try_commit (it threw): its ticket no longer holds back pruning.
  void abandon(ticket t);

  // Writes claimed but not yet finished (tests).
  std::size_t in_flight() const;

 private:
  bool changed_locked(ticket t, const tracked_reads& reads, std::string& blocking) const;
  void prune_locked();

  mutable std::mutex mutex_;
  ticket clock_ = 0;                                // bumped by every finished commit
  std::multiset<ticket> active_;                    // attempts started and not yet over
  std::map<std::string, ticket> written_;           // key -> clock value when last written
  std::map<std::string, int> in_flight_;            // key -> commits claimed on it
  std::multimap<std::string, std::function<void()>> waiters_;  // key -> retries waiting on it
};

// "collection\x1f" "key": the form keys take in the guard.
std::string guard_key(std::string_view collection, std::string_view key);

}  // namespace commonsbot::pipeline
