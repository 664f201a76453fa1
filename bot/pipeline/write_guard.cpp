#include "pipeline/write_guard.hpp"

namespace commonsbot::pipeline {
namespace {

// Past this many remembered writes, forget those no running attempt can conflict with.
constexpr std::size_t prune_threshold = 4096;

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

}  // namespace

std::string guard_key(std::string_view collection, std::string_view key) {
  std::string k;
  k.reserve(collection.size() + 1 + key.size());
  k.append(collection).push_back('\x1f');
  k.append(key);
  return k;
}

std::optional<nlohmann::json> tracked_reads::get(std::string_view collection, std::string_view key) const {
  keys_.insert(guard_key(collection, key));
  return db_.get(collection, key);
}

std::vector<std::pair<std::string, nlohmann::json>> tracked_reads::scan(std::string_view collection,
                                                                        std::string_view prefix) const {
  prefixes_.insert(guard_key(collection, prefix));
  return db_.scan(collection, prefix);
}

write_guard::ticket write_guard::enter() {
  std::lock_guard lock(mutex_);
  active_.insert(clock_);
  return clock_;
}

bool write_guard::changed_locked(ticket t, const tracked_reads& reads, std::string& blocking) const {
  auto touched = [&](const std::string& key) {
    if (in_flight_.contains(key)) {
      blocking = key;
      return true;
    }
    auto it = written_.find(key);
    return it != written_.end() && it->second > t;
  };
  for (const auto& k : reads.keys())
    if (touched(k)) return true;
  for (const auto& p : reads.prefixes()) {
    for (auto it = in_flight_.lower_bound(p); it != in_flight_.end() && starts_with(it->first, p); ++it) {
      blocking = it->first;
      return true;
    }
    for (auto it = written_.lower_bound(p); it != written_.end() && starts_with(it->first, p); ++it)
      if (it->second > t) return true;
  }
  return false;
}

bool write_guard::try_commit(ticket t, const tracked_reads& reads, const store::transaction& writes,
                             std::function<void()> retry) {
  std::string blocking;
  {
    std::lock_guard lock(mutex_);
    if (!changed_locked(t, reads, blocking)) {
      for (const auto& op : writes.operations()) ++in_flight_[guard_key(op.collection, op.key)];
      return true;
    }
    if (auto it = active_.find(t); it != active_.end()) active_.erase(it);
    if (!blocking.empty()) {
      waiters_.emplace(blocking, std::move(retry));
      return false;
    }
  }
  retry();  // the change is already durable: read it and try again now
  return false;
}

void write_guard::finish(ticket t, const store::transaction& writes) {
  std::vector<std::function<void()>> ready;
  {
    std::lock_guard lock(mutex_);
    ++clock_;
    for (const auto& op : writes.operations()) {
      const std::string k = guard_key(op.collection, op.key);
      written_[k] = clock_;
      if (auto it = in_flight_.find(k); it != in_flight_.end() && --it->second == 0) {
        in_flight_.erase(it);
        auto [first, last] = waiters_.equal_range(k);
        for (auto w = first; w != last; ++w) ready.push_back(std::move(w->second));
        waiters_.erase(first, last);
      }
    }
    if (auto it = active_.find(t); it != active_.end()) active_.erase(it);
    prune_locked();
  }
  for (auto& r : ready) r();
}

void write_guard::abandon(ticket t) {
  std::lock_guard lock(mutex_);
  if (auto it = active_.find(t); it != active_.end()) active_.erase(it);
  prune_locked();
}

void write_guard::prune_locked() {
  if (active_.empty()) {
    written_.clear();
    return;
  }
  if (written_.size() < prune_threshold) return;
  const ticket oldest = *active_.begin();
  std::erase_if(written_, [&](const auto& kv) { return kv.second <= oldest; });
}

std::size_t write_guard::in_flight() const {
  std::lock_guard lock(mutex_);
  return in_flight_.size();
}

}  // namespace commonsbot::pipeline
