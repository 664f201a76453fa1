#include "store/json_file_store.hpp"

#include "log/log.hpp"
#include "store/journal.hpp"
#include "store/recovery.hpp"
#include "store/snapshot.hpp"

#include <algorithm>
#include <future>

namespace commonsbot::store {
void json_file_store::call(const commit_handler& done, const status& st) {
  try {
    done(st);
  } catch (const std::exception& ex) {
    log::error("store.handler_threw").kv("what", ex.what());
  } catch (...) {
    log::error("store.handler_threw");
  }
}

json_file_store::json_file_store(const options& opts)
    : opts_(opts), env_(opts.env ? *opts.env : default_env()) {}

json_file_store::open_result json_file_store::open(const options& opts) {
  if (opts.dir.empty()) return {status::error(status_code::invalid_argument, "no data directory given"), nullptr};
  const auto started = std::chrono::steady_clock::now();
  std::unique_ptr<json_file_store> s(new json_file_store(opts));
  env& e = s->env_;
  const std::string& dir = opts.dir;
  if (status st = e.create_dir(dir); !st) return {st, nullptr};
  if (status st = e.lock_file(dir + "/LOCK", s->lock_); !st) return {st, nullptr};
  dir_contents contents;
  if (status st = recover(e, dir, s->state_, contents); !st) return {st, nullptr};

  const std::uint64_t last = contents.last_seq;
  s->last_seq_ = last;
  s->last_snapshot_seq_ = contents.snapshot_seq;
  s->snapshot_covered_ = contents.snapshot_seq;
  s->last_snapshot_bytes_ = contents.snapshot_bytes;
  s->journal_bytes_since_snapshot_ = contents.journal_bytes;
  // Records replayed above may still be only in the page cache (a kill -9 during the last
  // fdatasync leaves them there). Make them durable before anything is acknowledged after
  // them, or a power cut could drop them while keeping the newer segment.
  for (const auto& [first, name] : contents.segments) {
    if (first == last + 1) continue;
    const std::string path = dir + "/" + name;
    std::uint64_t size = 0;
    status st = e.file_size(path, size);
    if (st) st = e.truncate_file(path, size);  // truncating to its own size syncs the file
    if (!st) return {st, nullptr};
  }
  // New records go to a new segment, never appended to a file recovery had to inspect.
  // A segment already named for them can only be one that holds no records.
  for (const auto& [first, name] : contents.segments)
    if (first == last + 1) {
      status st = e.remove_file(dir + "/" + name);
      if (st) st = e.sync_dir(dir);
      if (!st) return {st, nullptr};
    }
  if (status st = journal_writer::create(e, dir, last + 1, s->journal_); !st) return {st, nullptr};
  s->last_sync_ = std::chrono::steady_clock::now();
  s->writer_ = std::thread([p = s.get()] { p->run_writer(); });
  s->writer_id_ = s->writer_.get_id();

  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  log::info("store.opened")
      .kv("dir", dir)
      .kv("seq", last)
      .kv("documents", s->state_.document_count())
      .kv("snapshot", contents.snapshot.empty() ? std::string("none") : contents.snapshot)
      .kv("journal_bytes", contents.journal_bytes)
      .kv("ms", static_cast<std::int64_t>(ms.count()));
  return {status::ok(), std::move(s)};
}

json_file_store::~json_file_store() { close(); }

std::optional<nlohmann::json> json_file_store::get(std::string_view collection, std::string_view key) const {
  std::shared_lock lock(state_mutex_);
  const std::string* text = state_.find(collection, key);
  if (text == nullptr) return std::nullopt;
  return nlohmann::json::parse(*text, nullptr, false);
}

std::vector<std::pair<std::string, nlohmann::json>> json_file_store::scan(std::string_view collection,
                                                                          std::string_view prefix) const {
  // Copied under the lock, parsed after it: parsing a large collection takes far longer than
  // copying its text, and the writer waits for the lock before any commit becomes visible.
  std::vector<std::pair<std::string, std::string>> texts;
  {
    std::shared_lock lock(state_mutex_);
    state_.scan(collection, prefix, [&](const std::string& key, const std::string& text) { texts.emplace_back(key, text); });
  }
  std::vector<std::pair<std::string, nlohmann::json>> out;
  out.reserve(texts.size());
  for (auto& [key, text] : texts) out.emplace_back(std::move(key), nlohmann::json::parse(text, nullptr, false));
  return out;
}

std::vector<std::string> json_file_store::keys(std::string_view collection, std::string_view prefix) const {
  std::vector<std::string> out;
  std::shared_lock lock(state_mutex_);
  state_.scan(collection, prefix, [&](const std::string& key, const std::string&) { out.push_back(key); });
  return out;
}

std::size_t json_file_store::count(std::string_view collection) const {
  std::shared_lock lock(state_mutex_);
  return state_.count(collection);
}

std::vector<std::string> json_file_store::collection_names() const {
  std::shared_lock lock(state_mutex_);
  return state_.collection_names();
}

void json_file_store::commit_async(transaction txn, commit_handler done) {
  if (txn.empty()) return call(done, status::ok());
  pending p;
  // Encoding here, on the caller's thread, keeps the single writer's work per commit small.
  if (status st = encode_transaction(txn, p.txn); !st) return call(done, st);
  if (failed_.load()) return call(done, failed_status());
  p.done = std::move(done);
  {
    std::unique_lock lock(queue_mutex_);
    if (closing_) {
      lock.unlock();
      return call(p.done, status::error(status_code::closed, "the store is closed"));
    }
    queue_.push_back(std::move(p));
  }
  queue_cv_.notify_one();
}

status json_file_store::commit(transaction txn) {
  if (std::this_thread::get_id() == writer_id_)
    return status::error(status_code::invalid_argument, "blocking commit() called from the store's writer thread");
  std::promise<status> result;
  auto future = result.get_future();
  commit_async(std::move(txn), [&result](status st) { result.set_value(std::move(st)); });
  return future.get();
}

::commonsbot::store::health json_file_store::health() const {
  if (!failed_.load()) return {};
  std::lock_guard lock(failure_mutex_);
  return {false, failure_reason_};
}

std::uint64_t json_file_store::last_sequence() const { return last_seq_.load(); }

store_stats json_file_store::stats() const {
  store_stats s{commits_.load(), groups_.load(), syncs_.load(), snapshots_.load(), 0};
  std::shared_lock lock(state_mutex_);
  s.documents = state_.document_count();
  return s;
}

status json_file_store::snapshot_now() {
  // The writer runs commit handlers; waiting here from one would wait on ourselves.
  if (std::this_thread::get_id() == writer_id_)
    return status::error(status_code::invalid_argument, "snapshot_now() called from a commit handler");
  std::unique_lock lock(queue_mutex_);
  const std::uint64_t target = last_seq_.load();
  if (closing_) return status::error(status_code::closed, "the store is closed");
  snapshot_target_ = std::max(snapshot_target_, target);
  queue_cv_.notify_one();
  snapshot_cv_.wait(lock, [&] { return snapshot_covered_ >= target || failed_.load() || writer_done_; });
  if (failed_.load()) return failed_status();
  if (snapshot_covered_ < target) return status::error(status_code::closed, "the store closed first");
  return status::ok();
}

status json_file_store::close() {
  // Closing joins the writer thread, which cannot join itself.
  if (std::this_thread::get_id() == writer_id_)
    return status::error(status_code::invalid_argument, "close() called from a commit handler");
  std::lock_guard guard(close_mutex_);
  if (closed_) return close_status_;
  {
    std::lock_guard lock(queue_mutex_);
    closing_ = true;
  }
  queue_cv_.notify_all();
  const bool was_running = writer_.joinable();
  if (was_running) writer_.join();
  closed_ = true;
  close_status_ = final_status_;
  lock_.reset();
  if (was_running)
    log::info("store.closed").kv("dir", opts_.dir).kv("seq", last_seq_.load()).kv("ok", close_status_.is_ok());
  return close_status_;
}

void json_file_store::enter_failed(const status& cause) {
  bool expected = false;
  if (!failed_.compare_exchange_strong(expected, true)) return;
  {
    std::lock_guard lock(failure_mutex_);
    failure_reason_ = cause.to_string();
  }
  log::error("store.failed").kv("dir", opts_.dir).kv("reason", cause.to_string());
  // Taking the queue lock orders this with snapshot_now()'s predicate check, so a waiter
  // cannot miss the wake-up.
  { std::lock_guard lock(queue_mutex_); }
  snapshot_cv_.notify_all();
}

status json_file_store::failed_status() const {
  std::lock_guard lock(failure_mutex_);
  return status::error(status_code::failed, "the store failed earlier and accepts no commits until a restart: " +
                                                failure_reason_);
}

}  // namespace commonsbot::store
