// An in-memory store for unit tests: the store interface with no files. Commits complete
// synchronously on the calling thread; `fail_commits` makes them fail as a broken disk would.
#pragma once

#include "store/store.hpp"

#include <map>
#include <mutex>

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
    return it->second;
  }

  std::vector<std::pair<std::string, nlohmann::json>> scan(std::string_view collection,
                                                           std::string_view prefix) const override {
    std::lock_guard lock(mutex_);
    std::vector<std::pair<std::string, nlohmann::json>> out;
    auto c = data_.find(std::string(collection));
    if (c == data_.end()) return out;
    for (auto it = c->second.lower_bound(std::string(prefix)); it != c->second.end() && it->first.starts_with(prefix); ++it)
      out.emplace_back(it->first, it->second);
    return out;
  }

  std::size_t count(std::string_view collection) const override {
    std::lock_guard lock(mutex_);
    auto c = data_.find(std::string(collection));
    return c == data_.end() ? 0 : c->second.size();
  }

  void commit_async(db::transaction txn, commit_handler done) override { done(commit(std::move(txn))); }

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
    return {};
  }

  db::health health() const override { return fail_commits ? db::health{false, "injected failure"} : db::health{}; }
  std::uint64_t last_sequence() const override { return seq_; }
  db::status close() override { return {}; }

  bool fail_commits = false;
  int commits = 0;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::map<std::string, nlohmann::json>> data_;
  std::uint64_t seq_ = 0;
};

}  // namespace commonsbot::test
