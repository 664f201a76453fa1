// Runs tasks one at a time per key, different keys in parallel. The pipeline uses it so two
// events for the same person in the same conversation never race on their session.
#pragma once

#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>

namespace commonsbot::pipeline {

class keyed_serializer {
 public:
  // A task gets `finished` and must call it exactly once, from any thread, when its work
  // (including any asynchronous commit) is over; the next task for the key then starts.
  using task = std::function<void(std::function<void()> finished)>;

  // Runs `t` now if nothing is running for `key`, otherwise after the ones queued before it.
  void run(const std::string& key, task t);

  // Keys with running or queued work (for tests and /readyz).
  std::size_t busy_keys() const;

 private:
  void start(const std::string& key, task t);
  void finish(const std::string& key);
  mutable std::mutex mutex_;
  std::map<std::string, std::deque<task>> queues_;  // key -> waiting tasks; present while busy
};

}  // namespace commonsbot::pipeline
