// The JSON-file store: an append-only, checksummed JSON-lines journal plus periodic
// snapshots, with the whole state in memory. See docs/store.md for the format, the
// guarantees and their costs.
//
// Threads: one writer thread owns the journal. Commits from any thread are queued; the
// writer takes everything pending (up to max_group_bytes), writes it with one write() and
// one fdatasync (the group commit of LevelDB's BuildBatchGroup), applies it to memory, and
// only then calls the handlers. So a reader never sees a commit that is not yet durable,
// and a commit's cost does not depend on how much is stored. Snapshots run on a second
// thread from a frozen copy-on-write view while commits keep flowing.
//
// Failure is closed: after any write, sync or rename error the store is failed (health()
// says why) and every later commit fails at once with status_code::failed. Nothing is
// retried; a restart recovers from what is on disk.
#pragma once

#include "store/env.hpp"
#include "store/mem_state.hpp"
#include "store/store.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <thread>
#include <vector>

namespace commonsbot::store {

class journal_writer;

enum class sync_mode {
  always,    // fdatasync before every acknowledgement (default): survives power loss
  interval,  // acknowledge after write(), fdatasync every sync_interval: survives a crash
             // of the process, may lose the last interval on power loss
  never,     // no fdatasync of commits at all; for tests only
};

struct options {
  std::string dir;
  sync_mode sync = sync_mode::always;
  std::chrono::milliseconds sync_interval{1000};
  // A snapshot starts when the journal since the last one exceeds
  // max(snapshot_min_bytes, snapshot_factor x the last snapshot's size).
  std::uint64_t snapshot_min_bytes = 4u << 20;
  double snapshot_factor = 2.0;
  bool snapshot_on_close = true;
  // Cap on one group's bytes; a small first commit caps its group at itself + 128 KiB so
  // one large group does not delay it much (LevelDB's rule).
  std::size_t max_group_bytes = 1u << 20;
  ::commonsbot::store::env* env = nullptr;  // null: the real file system
};

struct store_stats {
  std::uint64_t commits = 0;    // acknowledged transactions
  std::uint64_t groups = 0;     // journal writes
  std::uint64_t syncs = 0;      // fdatasync calls on the journal
  std::uint64_t snapshots = 0;  // snapshots written since open
  std::uint64_t documents = 0;
};

class json_file_store final : public store {
 public:
  struct open_result {
    status st;
    std::unique_ptr<json_file_store> store;  // null unless st is ok
  };
  // Creates the directory (0700) if needed, takes its lock, recovers, and starts the
  // writer. Refuses with the file, offset and problem when recovery must not proceed.
  static open_result open(const options& opts);

  ~json_file_store() override;  // close()s if needed

  std::optional<nlohmann::json> get(std::string_view collection, std::string_view key) const override;
  std::vector<std::pair<std::string, nlohmann::json>> scan(std::string_view collection,
                                                           std::string_view prefix = {}) const override;
  std::vector<std::string> keys(std::string_view collection, std::string_view prefix = {}) const override;
  std::size_t count(std::string_view collection) const override;
  // `done` runs on the writer thread, or inline before this returns when the outcome is
  // known at once (empty transaction, invalid argument, failed or closed store).
  void commit_async(transaction txn, commit_handler done) override;
  status commit(transaction txn) override;
  ::commonsbot::store::health health() const override;
  std::uint64_t last_sequence() const override;
  status close() override;

  // Writes a snapshot of everything acknowledged so far and waits for it.
  status snapshot_now();
  store_stats stats() const;
  std::vector<std::string> collection_names() const;

  json_file_store(const json_file_store&) = delete;
  json_file_store& operator=(const json_file_store&) = delete;

 private:
  // Runs a commit handler; an exception from it is logged and never reaches the writer.
  static void call(const commit_handler& done, const status& st);

  struct pending {
    encoded_txn txn;
    commit_handler done;
  };

  explicit json_file_store(const options& opts);
  void run_writer();
  void write_group(std::vector<pending>& group);
  void maybe_start_snapshot(bool forced);
  void close_on_writer();
  void sync_if_due(bool force);
  void finish_snapshot();
  status rotate_journal();
  void enter_failed(const status& cause);
  status failed_status() const;

  options opts_;
  env& env_;
  std::unique_ptr<lock_handle> lock_;

  // The state, guarded by state_mutex_ (see mem_state.hpp for the frozen base).
  mutable std::shared_mutex state_mutex_;
  mem_state state_;
  std::atomic<std::uint64_t> last_seq_{0};

  // The queue between committers and the writer, guarded by queue_mutex_.
  mutable std::mutex queue_mutex_;
  std::condition_variable queue_cv_;
  std::condition_variable snapshot_cv_;
  std::deque<pending> queue_;
  bool closing_ = false;
  bool writer_done_ = false;
  bool snapshot_done_ = false;          // set by the snapshot thread
  status snapshot_result_;
  std::uint64_t snapshot_target_ = 0;   // snapshot_now() wants a snapshot at least this new
  std::uint64_t snapshot_covered_ = 0;  // seq of the newest durable snapshot

  // Writer-thread only.
  std::unique_ptr<journal_writer> journal_;
  std::uint64_t journal_bytes_since_snapshot_ = 0;
  std::uint64_t last_snapshot_bytes_ = 0;
  std::uint64_t last_snapshot_seq_ = 0;
  std::uint64_t snapshot_seq_ = 0;     // of the one running
  std::uint64_t snapshot_bytes_ = 0;   // of the one running, when done
  bool snapshot_running_ = false;
  std::uint64_t journal_records_ = 0;  // records in the current segment
  bool dirty_ = false;                 // written but not synced (interval mode)
  status final_status_;
  std::chrono::steady_clock::time_point last_sync_{};
  std::string group_buf_;
  std::thread snapshot_thread_;

  std::atomic<bool> failed_{false};
  mutable std::mutex failure_mutex_;
  std::string failure_reason_;

  std::atomic<std::uint64_t> commits_{0}, groups_{0}, syncs_{0}, snapshots_{0};

  std::mutex close_mutex_;
  bool closed_ = false;
  status close_status_;
  std::thread writer_;
  std::thread::id writer_id_;
};

}  // namespace commonsbot::store
