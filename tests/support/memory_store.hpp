// An in-memory store for unit tests: the store interface with no files. Commits complete
// synchronously on the calling thread; `fail_commits` makes them fail as a broken disk would.
#pragma once

#include "store/store.hpp"

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <utility>
#include <vector>

namespace commonsbot::test {

namespace db = commonsbot::store;

class memory_store final : public db::store {
 public:
  std::optional<nlohmann::json> get(std::string_view collection, std::string_view key) const override {
    std::lock_guard lock(mutex_);
    auto c = data_.find(std::string(collection));
    if (c == data_.end()) return std::nullopt;
    auto it = c->second.find(std::string(key));
    if (it == c->second.end()) return std::nullopt;
    ++documents_read;
    return it->second;
  }

  std::vector<std::pair<std::string, nlohmann::json>> scan(std::string_view collection,
                                                           std::string_view prefix) const override {
    std::lock_guard lock(mutex_);
    ++scans;
    std::vector<std::pair<std::string, nlohmann::json>> out;
    auto c = data_.find(std::string(collection));
    if (c == data_.end()) return out;
    for (auto it = c->second.lower_bound(std::string(prefix)); it != c->second.end() && it->first.starts_with(prefix); ++it)
      out.emplace_back(it->first, it->second);
    documents_read += static_cast<int>(out.size());
    return out;
  }

  std::vector<std::string> keys(std::string_view collection, std::string_view prefix) const override {
    std::lock_guard lock(mutex_);
    ++scans;
    std::vector<std::string> out;
    auto c = data_.find(std::string(collection));
    if (c == data_.end()) return out;
    for (auto it = c->second.lower_bound(std::string(prefix)); it != c->second.end() && it->first.starts_with(prefix); ++it)
      out.push_back(it->first);
    return out;
  }

  std::size_t count(std::string_view collection) const override {
    std::lock_guard lock(mutex_);
    auto c = data_.find(std::string(collection));
    return c == data_.end() ? 0 : c->second.size();
  }

  void commit_async(db::transaction txn, commit_handler done) override {
    if (hold_commits) {
      std::lock_guard lock(mutex_);
      held_.emplace_back(std::move(txn), std::move(done));
      return;
    }
    done(commit(std::move(txn)));
  }

  // Completes the commits held while `hold_commits` was set, oldest first. Returns how many.
  std::size_t release_held() {
    std::vector<std::pair<db::transaction, commit_handler>> held;
    {
      std::lock_guard lock(mutex_);
      held.swap(held_);
    }
    for (auto& [txn, done] : held) done(commit(std::move(txn)));
    return held.size();
  }

  db::status commit(db::transaction txn) override {
    std::lock_guard lock(mutex_);
    if (fail_commits) return db::status::error(db::status_code::failed, "injected failure");
    if (txn.empty()) return {};
    for (const auto& op : txn.operations()) {
      if (op.op == db::operation::kind::put) data_[op.collection][op.key] = op.value;
      else data_[op.collection].erase(op.key);
    }
    ++seq_;
    ++commits;
    largest_commit = std::max(largest_commit, txn.operations().size());
    return {};
  }

  db::health health() const override { return fail_commits ? db::health{false, "injected failure"} : db::health{}; }
  std::uint64_t last_sequence() const override {
    std::lock_guard lock(mutex_);
    return seq_;
  }
  db::status close() override { return {}; }

  bool fail_commits = false;
  bool hold_commits = false;  // commit_async waits for release_held(), as a slow disk would
  int commits = 0;
  std::size_t largest_commit = 0;  // operations in the biggest transaction committed
  mutable std::atomic<int> scans{0};           // scan() and keys() calls so far
  mutable std::atomic<int> documents_read{0};  // documents get() and scan() returned

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::map<std::string, nlohmann::json>> data_;
  std::uint64_t seq_ = 0;
  std::vector<std::pair<db::transaction, commit_handler>> held_;
};

}  // namespace commonsbot::test
