#include "pipeline/keyed_serializer.hpp"

#include "log/log.hpp"

#include <atomic>
#include <memory>

namespace commonsbot::pipeline {

void keyed_serializer::run(const std::string& key, task t) {
  {
    std::lock_guard lock(mutex_);
    auto [it, inserted] = queues_.try_emplace(key);
    if (!inserted) {
      it->second.push_back(std::move(t));
      return;
    }
  }
  start(key, std::move(t));
}

void keyed_serializer::start(const std::string& key, task t) {
  // A task that throws must not leave its key busy for ever: whatever it did not finish is
  // finished here, once.
  auto called = std::make_shared<std::atomic<bool>>(false);
  auto finished = [this, key, called] {
    if (!called->exchange(true)) finish(key);
  };
  try {
    t(finished);
  } catch (const std::exception& e) {
    log::error("pipeline.task_failed").kv("error", e.what());
    finished();
  } catch (...) {
    log::error("pipeline.task_failed").kv("error", "unknown exception");
    finished();
  }
}

void keyed_serializer::finish(const std::string& key) {
  task next;
  {
    std::lock_guard lock(mutex_);
    auto it = queues_.find(key);
    if (it == queues_.end()) return;
    if (it->second.empty()) {
      queues_.erase(it);
      return;
    }
    next = std::move(it->second.front());
    it->second.pop_front();
  }
  start(key, std::move(next));
}

std::size_t keyed_serializer::busy_keys() const {
  std::lock_guard lock(mutex_);
  return queues_.size();
}

}  // namespace commonsbot::pipeline
