// The writer thread of json_file_store: group commit, interval syncs, snapshots, close.
#include "store/json_file_store.hpp"

#include "log/log.hpp"
#include "store/journal.hpp"
#include "store/snapshot.hpp"

#include <algorithm>

namespace commonsbot::store {
namespace {

constexpr std::size_t small_commit_bytes = 128 * 1024;

// A journal sync slower than this is logged: every commit waiting on it is delayed as much,
// and an operator should hear that the disk, not the bot, is the bottleneck.
constexpr auto slow_sync = std::chrono::milliseconds(100);

}  // namespace

void json_file_store::run_writer() {
  std::vector<pending> group;
  std::unique_lock lock(queue_mutex_);
  for (;;) {
    auto has_work = [&] {
      return !queue_.empty() || closing_ || snapshot_done_ ||
             (snapshot_target_ > snapshot_covered_ && !snapshot_running_ && !failed_.load());
    };
    if (dirty_ && opts_.sync == sync_mode::interval)
      queue_cv_.wait_until(lock, last_sync_ + opts_.sync_interval, has_work);
    else
      queue_cv_.wait(lock, has_work);

    if (snapshot_done_) {
      snapshot_done_ = false;
      lock.unlock();
      finish_snapshot();
      lock.lock();
    }
    if (!queue_.empty()) {
      // One group: everything pending up to the cap (LevelDB's BuildBatchGroup).
      const std::size_t first = queue_.front().txn.byte_size();
      std::size_t cap = opts_.max_group_bytes;
      if (first <= small_commit_bytes) cap = std::min(cap, first + small_commit_bytes);
      std::size_t total = 0;
      group.clear();
      while (!queue_.empty() && (group.empty() || total + queue_.front().txn.byte_size() <= cap)) {
        total += queue_.front().txn.byte_size();
        group.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
      lock.unlock();
      write_group(group);
      group.clear();
      sync_if_due(false);  // interval mode: a busy writer must still sync on time
      maybe_start_snapshot(false);
      lock.lock();
      continue;
    }
    const bool wants_snapshot = snapshot_target_ > snapshot_covered_ && !snapshot_running_ && !failed_.load();
    lock.unlock();
    sync_if_due(false);
    if (wants_snapshot) maybe_start_snapshot(true);
    lock.lock();
    if (closing_ && queue_.empty()) {
      if (snapshot_running_) {
        queue_cv_.wait(lock, [&] { return snapshot_done_; });
        continue;
      }
      break;
    }
  }
  lock.unlock();
  close_on_writer();
  lock.lock();
  writer_done_ = true;
  snapshot_cv_.notify_all();
}

void json_file_store::write_group(std::vector<pending>& group) {
  if (failed_.load()) {
    const status st = failed_status();
    for (auto& p : group) call(p.done, st);
    return;
  }
  group_buf_.clear();
  const std::string ts = log::utc_timestamp();
  std::uint64_t seq = last_seq_.load();
  for (const auto& p : group) append_record_line(group_buf_, ++seq, ts, p.txn.ops_json);

  status st = journal_->append(group_buf_);
  ++groups_;
  if (st && opts_.sync == sync_mode::always) {
    const auto started = std::chrono::steady_clock::now();
    st = journal_->sync();
    ++syncs_;
    last_sync_ = std::chrono::steady_clock::now();
    if (last_sync_ - started > slow_sync)
      log::warn("store.slow_sync")
          .kv("dir", opts_.dir)
          .kv("ms", std::chrono::duration_cast<std::chrono::milliseconds>(last_sync_ - started).count())
          .kv("commits", group.size())
          .kv("snapshot_running", snapshot_running_);
  } else if (st) {
    dirty_ = true;
  }
  if (!st) {
    // The journal's tail is now unknown: whether these records survive a restart is not
    // known either, so the waiters hear of the error and nothing more is written.
    enter_failed(st);
    const status err = status::error(status_code::io_error, st.message());
    for (auto& p : group) call(p.done, err);
    return;
  }
  {
    // Durable now; only from here on may readers see it.
    std::unique_lock lock(state_mutex_);
    for (auto& p : group)
      for (auto& op : p.txn.ops) state_.apply(std::move(op));
    last_seq_.store(seq);
  }
  journal_bytes_since_snapshot_ += group_buf_.size();
  journal_records_ += group.size();
  commits_ += group.size();
  for (auto& p : group) call(p.done, status::ok());
}

void json_file_store::sync_if_due(bool force) {
  if (!dirty_ || failed_.load()) return;
  if (!force && std::chrono::steady_clock::now() < last_sync_ + opts_.sync_interval) return;
  if (opts_.sync == sync_mode::never && !force) return;
  dirty_ = false;
  ++syncs_;
  last_sync_ = std::chrono::steady_clock::now();
  if (status st = journal_->sync(); !st) enter_failed(st);
}

status json_file_store::rotate_journal() {
  if (journal_records_ == 0) return status::ok();
  // The old segment must be durable before a newer one is (LevelDB #193), whatever the
  // sync mode: otherwise a power cut could leave a gap between segments.
  ++syncs_;
  dirty_ = false;
  if (status st = journal_->sync(); !st) return st;
  if (status st = journal_->close(); !st) return st;
  std::unique_ptr<journal_writer> next;
  if (status st = journal_writer::create(env_, opts_.dir, last_seq_.load() + 1, next); !st) return st;
  journal_ = std::move(next);
  journal_records_ = 0;
  return status::ok();
}

void json_file_store::maybe_start_snapshot(bool forced) {
  if (snapshot_running_ || failed_.load()) return;
  const auto threshold = std::max<std::uint64_t>(
      opts_.snapshot_min_bytes, static_cast<std::uint64_t>(opts_.snapshot_factor * static_cast<double>(last_snapshot_bytes_)));
  if (!forced && journal_bytes_since_snapshot_ <= threshold) return;
  const std::uint64_t seq = last_seq_.load();
  if (seq == last_snapshot_seq_) {  // nothing new since the last one
    {
      std::lock_guard lock(queue_mutex_);
      snapshot_covered_ = std::max(snapshot_covered_, seq);
    }
    snapshot_cv_.notify_all();
    return;
  }
  if (status st = rotate_journal(); !st) return enter_failed(st);
  {
    std::unique_lock lock(state_mutex_);
    state_.freeze();
  }
  snapshot_seq_ = seq;
  snapshot_running_ = true;
  // The base does not change until thaw(), which runs on this thread after the snapshot
  // thread reports back, so the snapshot thread reads it without a lock.
  snapshot_thread_ = std::thread([this, seq] {
    snapshot_info info;
    status st = write_snapshot(env_, opts_.dir, seq, state_.base(), info);
    if (st) st = remove_obsolete_files(env_, opts_.dir, seq);
    {
      std::lock_guard lock(queue_mutex_);
      snapshot_done_ = true;
      snapshot_result_ = st;
      snapshot_bytes_ = info.bytes;
    }
    queue_cv_.notify_one();
  });
}

void json_file_store::finish_snapshot() {
  snapshot_thread_.join();
  status st;
  std::uint64_t bytes = 0;
  {
    std::lock_guard lock(queue_mutex_);
    st = snapshot_result_;
    bytes = snapshot_bytes_;
  }
  {
    std::unique_lock lock(state_mutex_);
    state_.thaw();
  }
  snapshot_running_ = false;
  if (!st) {
    // Like seald/nedb #28 shows, a failed compaction must never look like success.
    enter_failed(st);
    return;
  }
  last_snapshot_bytes_ = bytes;
  last_snapshot_seq_ = snapshot_seq_;
  journal_bytes_since_snapshot_ = journal_->bytes();
  ++snapshots_;
  log::info("store.snapshot").kv("dir", opts_.dir).kv("seq", snapshot_seq_).kv("bytes", bytes);
  {
    std::lock_guard lock(queue_mutex_);
    snapshot_covered_ = std::max(snapshot_covered_, snapshot_seq_);
  }
  snapshot_cv_.notify_all();
}

void json_file_store::close_on_writer() {
  sync_if_due(true);
  const std::uint64_t seq = last_seq_.load();
  if (!failed_.load() && opts_.snapshot_on_close && seq > last_snapshot_seq_) {
    // No commits can arrive now, so the live state is as still as a frozen one.
    snapshot_info info;
    status st = write_snapshot(env_, opts_.dir, seq, state_.base(), info);
    if (st) st = remove_obsolete_files(env_, opts_.dir, seq);
    if (st) {
      last_snapshot_seq_ = seq;
      ++snapshots_;
      std::lock_guard lock(queue_mutex_);
      snapshot_covered_ = seq;
    } else {
      enter_failed(st);
    }
  }
  if (journal_) {
    if (status st = journal_->close(); !st && !failed_.load()) enter_failed(st);
  }
  final_status_ = failed_.load() ? failed_status() : status::ok();
}

}  // namespace commonsbot::store
